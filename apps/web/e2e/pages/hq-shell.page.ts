import type { Locale } from '@pollwatch/core';
import type { Locator, Page } from 'playwright-core';
import { SignInPage } from './sign-in.page.ts';

/** `/hq/*`: top bar with the account tools, navigation (a sidebar, or a menu on phones). */
export class HqShell {
  readonly nav: Locator;
  readonly account: Locator;
  readonly menuButton: Locator;

  constructor(readonly page: Page) {
    this.nav = page.locator('nav.sidebar');
    this.account = page.locator('section.account');
    this.menuButton = page.locator('button.topbar-menu');
  }

  async waitUntilOpen(path = '/hq'): Promise<void> {
    await this.page.waitForURL((url) => url.pathname === path);
    await this.page.locator('main#main h1').first().waitFor();
  }

  navLink(label: string): Locator {
    return this.nav.getByRole('link', { name: label, exact: true });
  }

  heading(): Locator {
    return this.page.locator('main#main h1').first();
  }

  async htmlLang(): Promise<string> {
    return this.page.evaluate(() => document.documentElement.lang);
  }

  async openMenu(): Promise<void> {
    if ((await this.menuButton.getAttribute('aria-expanded')) !== 'true') await this.menuButton.click();
    await this.nav.waitFor();
  }

  /** On phones the account tools live in the menu. */
  async showAccount(): Promise<void> {
    if (await this.menuButton.isVisible()) await this.openMenu();
    await this.account.waitFor();
  }

  async switchLanguage(locale: Locale): Promise<void> {
    await this.showAccount();
    await this.account.locator('select').selectOption(locale);
    await this.page.waitForFunction((l) => document.documentElement.lang === l, locale);
  }

  async userName(): Promise<string> {
    await this.showAccount();
    return (await this.account.locator('.account-name').textContent()) ?? '';
  }

  async userRole(): Promise<string> {
    await this.showAccount();
    return (await this.account.locator('.account-role').textContent()) ?? '';
  }

  /** The name and role in the account tools lead to the account page. */
  async openAccount(): Promise<void> {
    await this.showAccount();
    await this.account.locator('a.account-who').click();
    await this.waitUntilOpen('/hq/account');
    // The URL changes before React renders the new page: wait for the page itself.
    await this.page.locator('#account-name').waitFor();
  }

  /** After client-side navigation the new page's h1 takes focus (the URL changes before it renders). */
  async waitForFocusedHeading(text: string): Promise<void> {
    await this.page.waitForFunction(
      (expected) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === expected,
      text,
    );
  }

  /** What has focus: after client-side navigation it should be the page's h1. */
  async focusedElement(): Promise<{ tag: string; text: string }> {
    return this.page.evaluate(() => ({
      tag: document.activeElement?.tagName ?? '',
      text: document.activeElement?.textContent ?? '',
    }));
  }

  async signOut(): Promise<void> {
    await this.showAccount();
    await this.account.locator('button').click();
  }
}

/** Signs a staff account in from `/sign-in` on `page` and waits for the console's home. */
export async function signInToHq(page: Page, account: { email: string; password: string }): Promise<HqShell> {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(account.email, account.password);
  const shell = new HqShell(page);
  await shell.waitUntilOpen('/hq');
  return shell;
}
