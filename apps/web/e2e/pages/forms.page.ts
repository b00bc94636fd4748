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

  /** "Import XLSForm": chooses the workbook and uploads it; the dialog then shows the result or the refusal. */
  async importXlsForm(path: string): Promise<void> {
    await this.page.locator('main [data-action="import-xlsform"]').click();
    await this.dialog.waitFor();
    await this.page.locator('#form-import-file').setInputFiles(path);
    await this.dialog.locator('button[type="submit"]').click();
  }

  /** What the import decided by itself, one item per note, with its kind in `data-kind`. */
  importNotes(): Locator {
    return this.dialog.locator('[data-testid="xlsform-notes"] li');
  }

  importNote(kind: string): Locator {
    return this.dialog.locator(`[data-testid="xlsform-notes"] li[data-kind="${kind}"]`);
  }

  /** Each note as [sheet, text]: the sheet it was taken on, and what it says. */
  async importNoteTexts(): Promise<[string, string][]> {
    return this.importNotes().evaluateAll((items) =>
      items.map((li) => [
        li.querySelector('.fl-note-place')?.textContent ?? '',
        li.querySelector('.fl-note-text')?.textContent ?? '',
      ]),
    );
  }

  /** The cells an import could not map, as [place, value, reason] rows. */
  async unmappedRows(): Promise<string[][]> {
    return this.dialog
      .locator('table.fl-unmapped tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  /** The refusal shown in the import dialog. */
  importProblem(): Locator {
    return this.dialog.locator('.alert');
  }

  /** "Open in the designer" once the draft is created. */
  async openImported(): Promise<void> {
    await this.dialog.locator('.dialog-actions a').click();
  }
}
