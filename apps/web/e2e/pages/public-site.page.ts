import type { Locator, Page } from 'playwright-core';

/** The server-rendered public site (`/`, `/news`, `/news/<slug>`, `/dashboard/<slug>`): no JavaScript needed. */
export class PublicSite {
  constructor(readonly page: Page) {}

  async goto(path: string): Promise<void> {
    const response = await this.page.goto(path);
    if (!response || response.status() >= 400) throw new Error(`${path} answered ${response?.status()}`);
    await this.page.locator('main#main').waitFor();
  }

  heading(): Locator {
    return this.page.locator('main h1');
  }

  /** The post cards of a list (home or news). */
  cardTitles(): Locator {
    return this.page.locator('.cards .card h3 a');
  }

  languageLink(lang: 'ru' | 'kk' | 'en'): Locator {
    return this.page.locator(`.switches a[lang="${lang}"]`);
  }

  link(name: string): Locator {
    return this.page.getByRole('link', { name, exact: false });
  }

  htmlLang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }
}
