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

  /** Stations: the "create the missing regions and districts" choice of the check step. */
  createAreasChoice(): Locator {
    return this.panel.locator('[data-choice="create-areas"] input[type="checkbox"]');
  }

  /** Ticks or clears "create missing areas" and waits for the dry run under the new choice. */
  async setCreateAreas(on: boolean): Promise<ImportCounts> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/dry-run'));
    await this.createAreasChoice().setChecked(on);
    await answered;
    await this.page.waitForFunction(() => !document.querySelector('section.wizard-panel .loading'));
    await this.page.locator('.counts').waitFor();
    return this.counts();
  }

  /** The station list's areas to create (or missing), heading and one text per area. */
  async missingAreas(): Promise<{ heading: string; areas: string[] }> {
    const section = this.panel.locator('[data-section="missing-areas"]');
    return {
      heading: ((await section.locator('h3').textContent()) ?? '').trim(),
      areas: (await section.locator('li').allTextContents()).map((t) => t.trim()),
    };
  }

  /** Names the dry run matched forgivingly, one text each. */
  async areaMatches(): Promise<string[]> {
    return (await this.panel.locator('[data-section="area-matches"] li').allTextContents()).map((t) => t.trim());
  }

  /** "Stations without an address: N…", or '' when every station has one. */
  async withoutAddressNote(): Promise<string> {
    const note = this.panel.locator('[data-note="without-address"]');
    return (await note.count()) ? ((await note.textContent()) ?? '').trim() : '';
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
