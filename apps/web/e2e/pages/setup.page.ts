import type { Page } from 'playwright-core';

export interface AdminDetails {
  displayName: string;
  email: string;
  password: string;
}

/** `/setup`: the first-run form that creates the administrator. */
export class SetupPage {
  constructor(readonly page: Page) {}

  async waitUntilOpen(): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === '/setup');
    await this.page.locator('#setup-name').waitFor();
  }

  async createAdmin(admin: AdminDetails): Promise<void> {
    await this.page.locator('#setup-name').fill(admin.displayName);
    await this.page.locator('#setup-email').fill(admin.email);
    await this.page.locator('#setup-password').fill(admin.password);
    await this.page.locator('#setup-confirm').fill(admin.password);
    await this.page.locator('form button[type="submit"]').click();
  }
}
