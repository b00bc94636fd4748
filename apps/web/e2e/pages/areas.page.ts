import type { Locator, Page } from 'playwright-core';

/** `/hq/areas`: the territory tree with its counts, and the area dialog. */
export class AreasPage {
  readonly table: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('table.table-areas');
    this.dialog = page.locator('dialog[open]');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/areas');
    await this.page.locator('main h1').waitFor();
  }

  row(name: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.locator('th', { hasText: name }) });
  }

  async expandAll(): Promise<void> {
    await this.page.locator('.table-toolbar-buttons button').first().click();
  }

  /** Station count and registered voters of a row, as the digits shown (no spaces). */
  async counts(name: string): Promise<{ stations: string; voters: string }> {
    const cells = this.row(name).locator('td.cell-number');
    const digits = async (i: number) => ((await cells.nth(i).textContent()) ?? '').replace(/\D/g, '');
    return { stations: await digits(0), voters: await digits(1) };
  }

  async openEdit(name: string): Promise<void> {
    await this.row(name).locator('.row-actions .button-secondary').click();
    await this.dialog.waitFor();
  }
}
