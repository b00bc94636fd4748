import type { Locale } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';

export interface Volunteer {
  fullName: string;
  phone: string;
  birthDate: string;
  email?: string;
  languages: string[];
  availability: string[];
}

/** `/join`: the public sign-up form for volunteers. */
export class JoinPage {
  constructor(readonly page: Page) {}

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/join${query}`);
    await this.page.locator('#join-fullName').waitFor();
    await this.page.locator('[data-testid="consent-version"]').waitFor();
  }

  async switchLanguage(locale: Locale): Promise<void> {
    await this.page.locator(`.lang-switch button[lang="${locale}"]`).click();
    await this.page.waitForFunction((l) => document.documentElement.lang === l, locale);
  }

  async fill(v: Volunteer): Promise<void> {
    await this.page.locator('#join-fullName').fill(v.fullName);
    await this.page.locator('#join-phone').fill(v.phone);
    await this.page.locator('#join-birthDate').fill(v.birthDate);
    if (v.email) await this.page.locator('#join-email').fill(v.email);
    for (const l of v.languages) await this.page.locator(`input[name="languages"][value="${l}"]`).check();
    for (const a of v.availability) await this.page.locator(`input[name="availability"][value="${a}"]`).check();
    await this.page.locator('#join-consent').check();
  }

  async submit(): Promise<void> {
    await this.page.locator('[data-action="join-submit"]').click();
  }

  done(): Locator {
    return this.page.locator('[data-testid="join-done"]');
  }

  consentText(): Locator {
    return this.page.locator('#join-consent-text');
  }

  fieldError(field: string): Locator {
    return this.page.locator(`#join-${field}-error`);
  }
}
