import type { Locator, Page } from 'playwright-core';

/** `/app`: the observer's landing page. */
export class ObserverAppPage {
  readonly greeting: Locator;

  constructor(readonly page: Page) {
    this.greeting = page.locator('h1.field-greeting');
  }

  async waitUntilOpen(): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === '/app');
    await this.greeting.waitFor();
  }

  /** The person icon in the header. */
  async openAccount(): Promise<void> {
    await this.page.locator('header a.field-account').click();
    await this.page.waitForURL((url) => url.pathname === '/app/account');
    await this.page.locator('#account-name').waitFor();
  }
}
