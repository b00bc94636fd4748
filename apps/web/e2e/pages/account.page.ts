import type { Locale } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

/** `/hq/account` and `/app/account`: profile (name, language) and, for staff, the password. */
export class AccountPage {
  readonly profile: Locator;
  readonly password: Locator;

  constructor(readonly page: Page) {
    this.profile = page.locator('section[aria-labelledby="account-profile-title"]');
    this.password = page.locator('section[aria-labelledby="account-password-title"]');
  }

  async waitUntilOpen(path: '/hq/account' | '/app/account' = '/hq/account'): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === path);
    await this.page.locator('#account-name').waitFor();
  }

  /** Role and email as shown above the profile form. */
  async summary(): Promise<string[]> {
    return this.profile.locator('dl.summary dd').allTextContents();
  }

  async saveProfile(changes: { displayName?: string; locale?: Locale }): Promise<void> {
    if (changes.displayName !== undefined) await this.page.locator('#account-name').fill(changes.displayName);
    if (changes.locale !== undefined) await this.page.locator('#account-locale').selectOption(changes.locale);
    await this.profile.locator('button[type="submit"]').click();
    await this.profile.locator('.alert-success').waitFor();
  }

  async changePassword(current: string, next: string, repeat = next): Promise<void> {
    await this.page.locator('#account-current-password').fill(current);
    await this.page.locator('#account-new-password').fill(next);
    await this.page.locator('#account-repeat-password').fill(repeat);
    await this.password.locator('button[type="submit"]').click();
  }

  passwordChanged(): Locator {
    return this.password.locator('.alert-success');
  }

  /** The message under a field, by the field's id. */
  fieldError(fieldId: string): Locator {
    return this.page.locator(`#${fieldId}-error`);
  }
}
