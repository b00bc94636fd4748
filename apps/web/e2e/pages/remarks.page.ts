import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { ru } from '../../src/i18n/locales/ru.ts';

const r = ru.remarks;

/** "Make a remark" on a report's page: the dialog that turns the report into a draft remark. */
export class MakeRemarkDialog {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: r.make, exact: true }).click();
    await this.page.getByRole('dialog').waitFor();
  }

  async fill(remark: { title: string; body: string; legalBasis?: string }): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel(r.form.title).fill(remark.title);
    await dialog.getByLabel(r.form.body, { exact: true }).fill(remark.body);
    if (remark.legalBasis) await dialog.getByLabel(r.form.legalBasis).fill(remark.legalBasis);
  }

  async create(): Promise<void> {
    await this.page.getByRole('dialog').getByRole('button', { name: r.form.create }).click();
  }
}

/** `/hq/remarks/:id`: one remark, its letter, its status path and the commission's answer. */
export class RemarkPage {
  readonly status: Locator;
  readonly body: Locator;
  readonly answer: Locator;
  readonly commission: Locator;

  constructor(readonly page: Page) {
    this.status = page.getByTestId('remark-status').locator('.remark-badge').first();
    this.body = page.getByTestId('remark-body');
    this.answer = page.getByTestId('remark-answer');
    this.commission = page.getByTestId('remark-commission');
  }

  async waitUntilOpen(): Promise<void> {
    await this.page.waitForURL(/\/hq\/remarks\/[0-9a-f-]{36}$/);
    await this.body.waitFor();
  }

  /** Clicks a letter link and returns the downloaded file's name and bytes. */
  async downloadLetter(format: 'pdf' | 'docx', locale: 'ru' | 'kk'): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator(`a[data-letter="${format}-${locale}"]`).click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), bytes: await readFile(path) };
  }

  /** A status change: the button, then the date (and how it was sent) and the confirmation. */
  async move(to: 'sent' | 'acknowledged' | 'resolved' | 'not_resolved' | 'no_answer', via?: string): Promise<void> {
    await this.page.locator(`button[data-to="${to}"]`).click();
    const form = this.page.getByRole('form', { name: r.actions[to] });
    if (via) await form.getByLabel(r.form.via).selectOption(via);
    await form.getByRole('button', { name: r.form.confirm.replace('{{action}}', r.actions[to]) }).click();
    await form.waitFor({ state: 'detached' });
  }

  async recordAnswer(answer: string): Promise<void> {
    await this.page.getByRole('textbox', { name: r.form.answer, exact: true }).fill(answer);
    await this.page.getByRole('button', { name: r.form.saveAnswer }).click();
    await this.answer.waitFor();
  }
}

/** `/hq/remarks`: the register, by status tab, with each remark's row. */
export class RemarksRegisterPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/hq/remarks');
    await this.page.getByRole('heading', { level: 1, name: r.title }).waitFor();
  }

  async tab(tab: string): Promise<void> {
    await this.page.locator(`button[data-tab="${tab}"]`).click();
  }

  count(tab: string): Promise<string | null> {
    return this.page.getByTestId(`remarks-count-${tab}`).textContent();
  }

  row(remarkId: string): Locator {
    return this.page.locator(`tr[data-remark="${remarkId}"]`);
  }
}
