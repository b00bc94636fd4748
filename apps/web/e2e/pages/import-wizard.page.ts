import type { ImportKind } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

export interface ImportCounts {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  rejected: number;
}

/** `/hq/imports/new?kind=…`: file → columns → check → done. */
export class ImportWizardPage {
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.locator('section.wizard-panel');
  }

  async goto(kind: ImportKind): Promise<void> {
    await this.page.goto(`/hq/imports/new?kind=${kind}`);
    await this.page.locator('#import-file').waitFor();
  }

  /** Chooses the file and uploads it; resolves on the columns step. */
  async upload(path: string): Promise<void> {
    await this.page.locator('#import-file').setInputFiles(path);
    await this.panel.locator('[data-action="upload"]').click();
    await this.page.locator('table.table-mapping').waitFor();
  }

  currentStep(): Locator {
    return this.page.locator('ol.steps li[aria-current="step"] .step-label');
  }

  /** The text of the chosen option of a select, e.g. "Автоматически: Windows-1251". */
  async selectedText(selector: string): Promise<string> {
    return this.page.locator(selector).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.text ?? '');
  }

  async mappedHeader(field: string): Promise<string> {
    return this.page.locator(`#import-map-${field}`).inputValue();
  }

  /** "Check the file": waits until the dry run's counts are on screen. */
  async check(): Promise<ImportCounts> {
    await this.panel.locator('[data-action="check"]').click();
    await this.page.locator('.counts').waitFor();
    return this.counts();
  }

  async counts(): Promise<ImportCounts> {
    const read = async (key: keyof ImportCounts) =>
      Number(((await this.page.locator(`.count[data-count="${key}"] dd`).textContent()) ?? '').replace(/\D/g, ''));
    return {
      rows: await read('rows'),
      added: await read('added'),
      changed: await read('changed'),
      unchanged: await read('unchanged'),
      rejected: await read('rejected'),
    };
  }

  applyButton(): Locator {
    return this.panel.locator('[data-action="apply"]');
  }

  blockedReason(): Locator {
    return this.panel.locator('.apply-blocked');
  }

  /** Line and message of each rejected row. */
  async problems(): Promise<{ line: string; field: string; problem: string }[]> {
    return this.page.locator('table.table-problems tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = row.querySelectorAll('th, td');
        const text = (i: number) => (cells[i]?.textContent ?? '').trim();
        return { line: text(0).replace(/\D/g, ''), field: text(1), problem: text(2) };
      }),
    );
  }

  async startOver(): Promise<void> {
    await this.panel.locator('[data-action="start-over"]').click();
    await this.page.locator('#import-file').waitFor();
  }

  async apply(): Promise<void> {
    await this.applyButton().click();
    await this.panel.locator('.alert-success').waitFor();
  }

  async goToList(): Promise<void> {
    await this.panel.locator('[data-action="to-list"]').click();
  }
}
