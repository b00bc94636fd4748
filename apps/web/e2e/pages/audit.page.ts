import type { AuditAction } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** `/hq/audit`: the filters (folded away on phones) and the table of entries, newest first. */
export class AuditLogPage {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('table.table-audit');
    this.rows = this.table.locator('tbody tr');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/audit');
    await this.rows.first().waitFor();
  }

  /** The Action column of every row shown, as the reader sees it. */
  async actions(): Promise<string[]> {
    return this.table.locator('tbody td.cell-action').allTextContents();
  }

  /** The details of the rows whose Action column reads `actionName`. */
  async detailsOf(actionName: string): Promise<string[]> {
    return this.rows
      .filter({ has: this.page.locator('td.cell-action', { hasText: actionName }) })
      .locator('td.cell-details')
      .allTextContents();
  }

  /** Shows only entries of one action; on phones the filters are opened first. */
  async filterByAction(action: AuditAction): Promise<void> {
    const disclosure = this.page.locator('.filters-disclosure');
    if ((await disclosure.count()) > 0 && !(await disclosure.evaluate((d) => (d as HTMLDetailsElement).open))) {
      await disclosure.locator('summary').click();
    }
    await this.page.locator('#audit-action').selectOption(action);
    const loaded = this.page.waitForResponse((r) => r.url().includes(`action=${encodeURIComponent(action)}`));
    await this.page.locator('.filters-audit button[type="submit"]').click();
    await loaded;
    await this.rows.first().waitFor();
  }
}
