import type { Download, Locator, Page } from 'playwright-core';
import { ru } from '../../src/i18n/locales/ru.ts';

const t = ru.resolution;

/** `/hq/resolution`: versions of the preliminary statement and the final resolution, one opened below. */
export class ResolutionPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/resolution');
    await this.heading().waitFor();
  }

  heading(): Locator {
    return this.page.locator('main#main h1', { hasText: t.title });
  }

  async build(kind: 'preliminary' | 'final'): Promise<void> {
    const before = await this.versionRows().count();
    await this.page
      .getByRole('button', { name: kind === 'final' ? t.newFinal : t.newPreliminary, exact: true })
      .click();
    await this.versionRows().nth(before).waitFor({ timeout: 30_000 });
  }

  versionRows(): Locator {
    return this.page.locator('table.resolution-versions tbody tr');
  }

  openVersion(): Locator {
    return this.page.locator('section.resolution-version');
  }

  /** A figure of the opened version's preview, by its stable key (e.g. `overview.stations`). */
  figure(key: string): Locator {
    return this.page.locator(`.resolution-preview [data-figure="${key}"] dd`);
  }

  preview(): Locator {
    return this.page.locator('article.resolution-preview');
  }

  async addRecommendation(text: string): Promise<void> {
    const items = this.page.locator('.resolution-recommendations li');
    const n = await items.count();
    await this.page.getByRole('button', { name: t.addRecommendation }).click();
    await this.page.getByLabel(t.recommendationText.replace('{{n}}', String(n + 1)), { exact: true }).fill(text);
  }

  async setConclusions(text: string): Promise<void> {
    await this.page.getByLabel(t.fields.conclusions, { exact: true }).fill(text);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: t.save, exact: true }).click();
    await this.page.locator('.resolution-editor output', { hasText: t.saved }).waitFor();
  }

  async approve(): Promise<void> {
    await this.openVersion().getByRole('button', { name: t.approve, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: t.approveTitle });
    await dialog.getByRole('button', { name: t.approve, exact: true }).click();
    await this.page.locator('section.resolution-version[data-status="approved"]').waitFor();
  }

  async chooseLanguage(locale: 'ru' | 'kk' | 'en'): Promise<void> {
    await this.page.getByLabel(t.documentLanguage).selectOption(locale);
  }

  /** Clicks a download link and waits for the file. */
  async download(format: 'docx' | 'pdf'): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('link', { name: format === 'docx' ? t.downloadDocx : t.downloadPdf }).click(),
    ]);
    return download;
  }
}
