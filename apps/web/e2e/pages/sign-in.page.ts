import type { Locator, Page } from 'playwright-core';

/** `/sign-in`: staff email + password, and the separate invite-code form for observers. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/sign-in');
    await this.waitUntilOpen();
  }

  async waitUntilOpen(): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === '/sign-in');
    await this.page.locator('#sign-in-email').waitFor();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.locator('#sign-in-email').fill(email);
    await this.page.locator('#sign-in-password').fill(password);
    await this.page.locator('section[aria-labelledby="sign-in-title"] button[type="submit"]').click();
  }

  /** The message shown above the staff form when the sign-in is refused. */
  error(): Locator {
    return this.page.locator('section[aria-labelledby="sign-in-title"] .alert-error');
  }

  async enterInviteCode(code: string): Promise<void> {
    await this.page.locator('#invite-code').fill(code);
    await this.page.locator('section[aria-labelledby="observer-title"] button[type="submit"]').click();
  }
}
