import type { Locator, Page } from 'playwright-core';

/** `/hq/forms`: the current election's forms, "New form" and "Import XLSForm". */
export class FormsPage {
  readonly rows: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.rows = page.locator('main table.table-forms tbody tr');
    this.dialog = page.locator('dialog.dialog');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/forms');
    await this.rows.first().waitFor();
  }

  row(code: string): Locator {
    return this.page.locator(`main tr[data-form-code="${code}"]`);
  }

  async codes(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-form-code') ?? ''));
  }

  async create(form: { code: string; title: { ru: string; kk?: string; en?: string } }): Promise<void> {
    await this.page.locator('main [data-action="create-form"]').click();
    await this.dialog.waitFor();
    await this.page.locator('#form-create-code').fill(form.code);
    await this.page.locator('#form-create-title-ru').fill(form.title.ru);
    if (form.title.kk) await this.page.locator('#form-create-title-kk').fill(form.title.kk);
    if (form.title.en) await this.page.locator('#form-create-title-en').fill(form.title.en);
    await this.dialog.locator('button[type="submit"]').click();
  }

  async open(code: string): Promise<void> {
    await this.row(code).locator('a').click();
  }
}
