import type { Locator, Page } from 'playwright-core';

/** `/verify/:code`: the public check of a referral letter's code. */
export class VerifyPage {
  constructor(readonly page: Page) {}

  async goto(code: string): Promise<void> {
    await this.page.goto(`/verify/${code}`);
    await this.result().waitFor();
  }

  result(): Locator {
    return this.page.locator('[data-testid="verify-result"]');
  }

  async isValid(): Promise<boolean> {
    return (await this.result().getAttribute('data-valid')) === 'true';
  }

  observerName(): Locator {
    return this.page.locator('[data-testid="verify-name"]');
  }
}
