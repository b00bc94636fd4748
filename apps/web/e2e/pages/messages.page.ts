import type { Locator, Page } from 'playwright-core';

/** `/hq/messages`: the SMS and Telegram message log with its filters, and the SMS cards to print. */
export class MessagesPage {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('table.table-messages');
    this.rows = this.table.locator('tbody tr');
  }

  async goto(): Promise<void> {
    await this.page.goto('/hq/messages');
    await this.page.locator('.filters-messages').waitFor();
  }

  /** Shows only messages of one outcome. */
  async filterByStatus(status: 'accepted' | 'refused' | 'error'): Promise<void> {
    await this.page.locator('#messages-status').selectOption(status);
    const loaded = this.page.waitForResponse((r) => r.url().includes(`status=${status}`));
    await this.page.locator('.filters-messages button[type="submit"]').click();
    await loaded;
  }

  /** Downloads a form's SMS card; the file's bytes. */
  async downloadCard(formTitle: string, language: string): Promise<Buffer> {
    await this.page.locator('.sms-cards summary').click();
    const item = this.page.locator('.sms-card-list li', { hasText: formTitle });
    const download = this.page.waitForEvent('download');
    await item.getByRole('link', { name: language }).click();
    const file = await download;
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
