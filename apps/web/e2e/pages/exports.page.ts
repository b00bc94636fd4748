import type { Download, Locator, Page } from 'playwright-core';

/** `/hq/exports`: start an export (what, format, shape, form, area), the recent exports with progress. */
export class ExportsPage {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.locator('table.exports-table tbody tr');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/exports');
    await this.page.locator('main h1').waitFor();
    await this.page.locator('#export-kind').waitFor();
  }

  /** `form`: one form's title (the single-form export); all forms when left out. */
  async start(choice: { kind: 'reports' | 'photos'; format: string; shape?: 'long' | 'wide'; form?: string }) {
    await this.page.locator('#export-kind').selectOption(choice.kind);
    await this.page.locator('#export-format').selectOption(choice.format);
    if (choice.shape) await this.page.locator('#export-shape').selectOption(choice.shape);
    if (choice.form) await this.page.locator('#export-form').selectOption({ label: choice.form });
    await this.page.locator('form.export-start button[type="submit"]').click();
  }

  /** The newest export's row (the list is newest first). */
  newest(): Locator {
    return this.rows.first();
  }

  async waitUntilDone(row: Locator): Promise<void> {
    await row.and(this.page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
  }

  async download(row: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), row.locator('a[download]').click()]);
    return download;
  }
}
