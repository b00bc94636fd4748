import type { Locator, Page } from 'playwright-core';

/** `/hq/queue`: the verification queue — state buttons with counts, filters, the reports. */
export class VerificationQueuePage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/queue');
    await this.waitUntilOpen();
  }

  async waitUntilOpen(): Promise<void> {
    await this.page.locator('ul.vq-states').waitFor();
    await this.page.locator('table.vq-table, p.table-empty').first().waitFor();
  }

  /** The count shown on a state's button (`pending`, `claimed`, `follow_up`, `verified`, `rejected`). */
  async count(state: string): Promise<string> {
    return ((await this.page.getByTestId(`queue-count-${state}`).textContent()) ?? '').trim();
  }

  async showState(state: string): Promise<void> {
    await this.page.locator(`ul.vq-states button[data-state="${state}"]`).click();
    await this.page.locator(`ul.vq-states button[data-state="${state}"][aria-pressed="true"]`).waitFor();
  }

  async filterSeverity(severity: string): Promise<void> {
    await this.page.locator('#vq-severity').selectOption(severity);
  }

  row(reportId: string): Locator {
    return this.page.locator(`table.vq-table tr[data-report="${reportId}"]`);
  }

  /** The report ids listed now, in order. */
  reportIds(): Promise<(string | null)[]> {
    return this.page
      .locator('table.vq-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report')));
  }

  /** Takes the report; the console opens its page. */
  async claim(reportId: string): Promise<void> {
    await this.row(reportId).locator('button.button-primary').click();
    await this.page.waitForURL((url) => url.pathname === `/hq/reports/${reportId}`);
  }
}

/** The report page's verification panel. */
export class VerificationPanel {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('section.vq-panel');
  }

  async waitUntilOpen(): Promise<void> {
    await this.root.waitFor();
  }

  status(): Promise<string | null> {
    return this.root.locator('[data-testid="verification-status"] [data-status]').getAttribute('data-status');
  }

  answered(): Locator {
    return this.root.locator('[data-answered="true"]');
  }

  claim(): Locator {
    return this.root.getByTestId('verification-claim');
  }

  decision(): Locator {
    return this.root.getByTestId('verification-decision');
  }

  async comment(text: string): Promise<void> {
    await this.root.locator('#vq-comment').fill(text);
  }

  /** Clicks one of the decision buttons by its text. */
  async decide(label: string): Promise<void> {
    await this.root.getByRole('button', { name: label, exact: true }).click();
  }
}
