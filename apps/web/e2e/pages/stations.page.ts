import type { Locator, Page } from 'playwright-core';

/** `/hq/stations`: search, area filter, the table with "show more", and the station dialog. */
export class StationsPage {
  readonly table: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('table.table-stations');
    this.dialog = page.locator('dialog[open]');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/stations');
    await this.page.locator('main h1').waitFor();
  }

  /** Types into the search box and waits for the answer to that search; '' clears it. */
  async search(text: string): Promise<void> {
    if (text === '') {
      await this.page.locator('#stations-search').fill('');
      await this.page.waitForFunction(() => document.querySelectorAll('table.table-stations tbody tr').length > 1);
      return;
    }
    const answered = this.page.waitForResponse(
      (r) => r.url().includes('/stations?') && new URL(r.url()).searchParams.get('q') === text,
    );
    await this.page.locator('#stations-search').fill(text);
    await answered;
    // The answer is on screen once React has rendered it.
    await this.page.waitForFunction(() => !document.querySelector('main .loading'));
  }

  row(number: number): Locator {
    return this.table.locator(`tbody tr[data-station-number="${number}"]`);
  }

  rows(): Locator {
    return this.table.locator('tbody tr');
  }

  async address(number: number): Promise<string> {
    return ((await this.row(number).locator('td.cell-address').textContent()) ?? '').trim();
  }

  total(): Locator {
    return this.page.locator('.table-toolbar .table-caption');
  }

  async openEdit(number: number): Promise<void> {
    await this.row(number).locator('.row-actions .button-secondary').click();
    await this.dialog.waitFor();
  }
}
