import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { ObserverAppPage } from './pages/observer-app.page.ts';
import { SetupPage } from './pages/setup.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { UsersPage } from './pages/users.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, setupToken, startServer } from './support/server.ts';

const admin = { displayName: 'Жанна Ахметова', email: 'admin@example.org', password: 'тихий рассвет над степью' };

describeInChromium('apps/web/e2e/foundation.e2e.test.ts', 'foundation: first run, HQ shell, invites', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Later tests need the administrator even when the first-run test failed early. */
  async function ensureAdmin(): Promise<void> {
    const status = (await (await fetch(setupApi(server))).json()) as { needed: boolean };
    if (!status.needed) return;
    const response = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(201);
  }

  it('sets up the admin, switches the language for good, signs out, and never offers setup again', async () => {
    const context = await newContext(browser, server.baseUrl, DESKTOP);
    const page = await context.newPage();

    // the link a fresh server prints on its console (a stranger without it cannot claim the instance)
    await page.goto(`/setup?token=${setupToken(server) ?? ''}`);
    const setup = new SetupPage(page);
    await setup.waitUntilOpen();
    await screenshot(page, 'desktop-01-setup');
    await expectAccessible(page, 'desktop-01-setup');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'phone-00-setup');
    await expectAccessible(page, 'phone-00-setup');
    await page.setViewportSize(DESKTOP);
    await setup.createAdmin(admin);

    const shell = new HqShell(page);
    await shell.waitUntilOpen('/hq');
    expect(await shell.htmlLang()).toBe('ru');
    await shell.navLink(ru.nav.users).waitFor();
    await shell.navLink(ru.nav.audit).waitFor();
    await expect.poll(() => shell.heading().textContent()).toBe(ru.nav.overview);
    expect(await shell.userName()).toBe(admin.displayName);
    expect(await shell.userRole()).toBe(ru.roles.admin);
    await screenshot(page, 'desktop-02-overview-ru');
    await expectAccessible(page, 'desktop-02-overview-ru');

    await shell.navLink(ru.nav.users).click();
    await shell.waitUntilOpen('/hq/users');
    await new UsersPage(page).row(admin.displayName).waitFor();
    await screenshot(page, 'desktop-03-users-ru');
    await expectAccessible(page, 'desktop-03-users-ru');

    await shell.navLink(ru.nav.audit).click();
    await shell.waitUntilOpen('/hq/audit');
    await page.locator('table.table-audit tbody tr').first().waitFor();
    await screenshot(page, 'desktop-04-audit-ru');
    await expectAccessible(page, 'desktop-04-audit-ru');

    await shell.switchLanguage('kk');
    await shell.navLink(kk.nav.users).waitFor();
    await expect.poll(() => shell.heading().textContent()).toBe(kk.nav.audit);
    expect(await shell.userRole()).toBe(kk.roles.admin);
    await screenshot(page, 'desktop-05-audit-kk');
    await expectAccessible(page, 'desktop-05-audit-kk');

    await page.reload();
    await shell.waitUntilOpen('/hq/audit');
    expect(await shell.htmlLang()).toBe('kk');
    await shell.navLink(kk.nav.users).waitFor();

    // Not just this browser: the profile keeps the choice.
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await shell.waitUntilOpen('/hq/audit');
    await shell.navLink(kk.nav.overview).waitFor();
    expect(await shell.htmlLang()).toBe('kk');

    await shell.signOut();
    const signIn = new SignInPage(page);
    await signIn.waitUntilOpen();
    expect(await page.locator('#sign-in-title').textContent()).toBe(kk.signIn.title);
    await screenshot(page, 'desktop-06-sign-in-kk');
    await expectAccessible(page, 'desktop-06-sign-in-kk');

    await page.goto('/setup');
    await signIn.waitUntilOpen();
    expect(await page.locator('#setup-name').count()).toBe(0);

    await context.close();
  });

  it('lets the admin create an observer and issue an invite that signs the observer in', async () => {
    await ensureAdmin();
    const adminContext = await newContext(browser, server.baseUrl, DESKTOP);
    const page = await adminContext.newPage();
    await signInToHq(page, admin);

    const users = new UsersPage(page);
    await users.goto();
    const observerName = 'Айгерим Сапарова';
    await users.createObserver(observerName);
    await screenshot(page, 'desktop-07-observer-created');
    await expectAccessible(page, 'desktop-07-observer-created');
    const invite = await users.issueInviteFromCreateDialog();
    await screenshot(page, 'desktop-08-invite-issued');
    await expectAccessible(page, 'desktop-08-invite-issued');

    expect(invite.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(invite.link).toBe(`${server.baseUrl}/invite#${invite.code.replaceAll('-', '')}`);
    await users.closeDialog();
    await users.row(observerName).waitFor();

    const observerContext = await newContext(browser, server.baseUrl, PHONE);
    const phone = await observerContext.newPage();
    await phone.goto(invite.link);
    const app = new ObserverAppPage(phone);
    await app.waitUntilOpen();
    expect(await app.greeting.textContent()).toContain(observerName);
    expect(new URL(phone.url()).hash).toBe('');
    await screenshot(phone, 'phone-01-observer-app');
    await expectAccessible(phone, 'phone-01-observer-app');
    await phone.setViewportSize({ width: 360, height: 740 });
    await screenshot(phone, 'phone-01b-observer-app-360', { fullPage: false });
    await expectAccessible(phone, 'phone-01b-observer-app-360');
    await phone.setViewportSize(DESKTOP);
    await screenshot(phone, 'desktop-09-observer-app');
    await expectAccessible(phone, 'desktop-09-observer-app');

    // The console is not for observers: the UI sends them home and the API refuses (and audits) it.
    await phone.goto('/hq/users');
    await app.waitUntilOpen();
    expect(await phone.evaluate(() => fetch('/api/v1/users').then((r) => r.status))).toBe(403);

    // The code was for one use only.
    const again = await (await newContext(browser, server.baseUrl, PHONE)).newPage();
    await again.goto(invite.link);
    await again.locator('.alert-error').waitFor();
    expect(again.url()).toContain('/invite');
    await screenshot(again, 'phone-02-invite-used');
    await expectAccessible(again, 'phone-02-invite-used');
    await again.context().close();

    await observerContext.close();
    await adminContext.close();
  });

  it('works on a phone: sign-in, collapsible navigation, users and audit', async () => {
    await ensureAdmin();
    const context = await newContext(browser, server.baseUrl, PHONE);
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await screenshot(page, 'phone-03-sign-in');
    await expectAccessible(page, 'phone-03-sign-in');
    await signIn.signIn(admin.email, admin.password);

    const shell = new HqShell(page);
    await shell.waitUntilOpen('/hq');
    expect(await shell.nav.isVisible()).toBe(false);
    await screenshot(page, 'phone-04-overview');
    await expectAccessible(page, 'phone-04-overview');
    await shell.openMenu();
    await screenshot(page, 'phone-05-menu-open');
    await expectAccessible(page, 'phone-05-menu-open');

    await shell.switchLanguage('ru');
    await shell.navLink(ru.nav.users).click();
    await shell.waitUntilOpen('/hq/users');
    // The menu closes once the new page has rendered, a moment after the URL changed.
    await shell.nav.waitFor({ state: 'hidden' });
    expect(await shell.nav.isVisible()).toBe(false);
    await screenshot(page, 'phone-06-users');
    await expectAccessible(page, 'phone-06-users');

    await page.locator('.page-header-actions .button-primary').click();
    await page.locator('dialog[open] #create-role').selectOption('coordinator');
    await page.locator('dialog[open] button[type="submit"]').click();
    await page.locator('dialog[open] .field-error').first().waitFor();
    await screenshot(page, 'phone-07-create-dialog-errors', { fullPage: false });
    await expectAccessible(page, 'phone-07-create-dialog-errors');
    await page.keyboard.press('Escape');

    await shell.openMenu();
    await shell.navLink(ru.nav.audit).click();
    await shell.waitUntilOpen('/hq/audit');
    await page.locator('table.table-audit tbody tr').first().waitFor();
    await screenshot(page, 'phone-08-audit', { fullPage: false });
    await expectAccessible(page, 'phone-08-audit');
    await page.locator('.filters-disclosure summary').click();
    await page.locator('#audit-outcome').selectOption('refused');
    await page.locator('.filters-audit button[type="submit"]').click();
    const refused = page.locator('table.table-audit tbody tr.row-refused');
    await refused.first().waitFor();
    expect(await page.locator('table.table-audit tbody tr:not(.row-refused)').count()).toBe(0);
    await refused.first().evaluate((row) => row.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'phone-09-audit-refused', { fullPage: false });
    await expectAccessible(page, 'phone-09-audit-refused');

    await context.close();
  });
});
