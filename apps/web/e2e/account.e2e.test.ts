import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { en } from '../src/i18n/locales/en.ts';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { AccountPage } from './pages/account.page.ts';
import { AuditLogPage } from './pages/audit.page.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { ObserverAppPage } from './pages/observer-app.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { UsersPage } from './pages/users.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Ерлан Жумабаев', email: 'admin@example.org', password: 'старый пароль штаба 2026' };
const newPassword = 'новый пароль для выборов';
const coordinator = {
  role: 'coordinator',
  displayName: 'Дина Касымова',
  email: 'dina@example.org',
  password: 'координатор штаба алматы',
};

const pageTitle = (page: string) => ru.common.pageTitle.replace('{{page}}', page);

describeInChromium('apps/web/e2e/account.e2e.test.ts', 'account page, password change, signing others out', () => {
  let server: RunningServer;
  let browser: Browser;
  /** Changes in the password test; later tests sign in with whichever is current. */
  let adminPassword = admin.password;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const response = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(viewport: typeof DESKTOP | typeof PHONE, email: string, password: string): Promise<Page> {
    const page = await (await newContext(browser, server.baseUrl, viewport)).newPage();
    await signInToHq(page, { email, password });
    return page;
  }

  it('moves focus to the new page heading and names the page in the title', async () => {
    const page = await signedIn(DESKTOP, admin.email, admin.password);
    const shell = new HqShell(page);
    expect(await page.title()).toBe(pageTitle(ru.nav.overview));

    await shell.navLink(ru.nav.users).click();
    await shell.waitUntilOpen('/hq/users');
    await shell.waitForFocusedHeading(ru.nav.users);
    expect(await page.title()).toBe(pageTitle(ru.nav.users));

    await page.goBack();
    await shell.waitUntilOpen('/hq');
    await shell.waitForFocusedHeading(ru.nav.overview);
    expect(await page.title()).toBe(pageTitle(ru.nav.overview));

    await shell.switchLanguage('en');
    await page.waitForFunction((title) => document.title === title, `${en.nav.overview} — pollwatch`);
    await shell.switchLanguage('ru');
    await page.context().close();
  });

  it('lets the admin change the password: other devices are signed out, the old password is refused', async () => {
    const phone = await signedIn(PHONE, admin.email, admin.password);
    const page = await signedIn(DESKTOP, admin.email, admin.password);
    const shell = new HqShell(page);

    await shell.openAccount();
    const account = new AccountPage(page);
    await account.waitUntilOpen();
    expect(await page.title()).toBe(pageTitle(ru.account.title));
    expect(await shell.focusedElement()).toEqual({ tag: 'H1', text: ru.account.title });
    expect(await account.summary()).toEqual([ru.roles.admin, admin.email]);
    expect(await page.locator('#account-name').inputValue()).toBe(admin.displayName);
    expect(await page.locator('#account-locale').inputValue()).toBe('ru');
    await screenshot(page, 'desktop-10-account');
    await expectAccessible(page, 'desktop-10-account');

    // Problems the browser sees itself: the repeat does not match.
    await account.changePassword(admin.password, newPassword, `${newPassword}!`);
    expect(await account.fieldError('account-repeat-password').textContent()).toBe(ru.validation.passwordMismatch);
    expect(await shell.focusedElement()).toMatchObject({ tag: 'INPUT' });

    // The server checks the current password.
    await account.changePassword('совсем не тот пароль', newPassword);
    await account.fieldError('account-current-password').waitFor();
    expect(await account.fieldError('account-current-password').textContent()).toBe(ru.account.password.wrongCurrent);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-current-password');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'desktop-11-account-wrong-password');
    await expectAccessible(page, 'desktop-11-account-wrong-password');

    await account.changePassword(admin.password, newPassword);
    await account.passwordChanged().waitFor();
    adminPassword = newPassword;
    expect(await account.passwordChanged().textContent()).toBe(ru.account.password.changed);
    expect(await page.locator('#account-current-password').inputValue()).toBe('');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'desktop-12-password-changed');
    await expectAccessible(page, 'desktop-12-password-changed');

    // This browser stays signed in; the phone is signed out.
    await page.reload();
    await account.waitUntilOpen();
    await phone.reload();
    await new SignInPage(phone).waitUntilOpen();
    await phone.context().close();

    await shell.signOut();
    const signIn = new SignInPage(page);
    await signIn.waitUntilOpen();
    await signIn.signIn(admin.email, admin.password);
    await signIn.error().waitFor();
    expect(await signIn.error().textContent()).toBe(ru.errors.invalid_credentials);
    await screenshot(page, 'desktop-13-old-password-refused');
    await expectAccessible(page, 'desktop-13-old-password-refused');

    await page.locator('#sign-in-password').fill(newPassword);
    await page.locator('section[aria-labelledby="sign-in-title"] button[type="submit"]').click();
    await shell.waitUntilOpen('/hq');
    await page.context().close();
  });

  it('changes the name and the language on the account page (phone)', async () => {
    const page = await signedIn(PHONE, admin.email, adminPassword);
    const shell = new HqShell(page);
    await shell.openAccount();
    const account = new AccountPage(page);
    // Following a link closes the phone menu.
    await shell.nav.waitFor({ state: 'hidden' });
    await screenshot(page, 'phone-10-account');
    await expectAccessible(page, 'phone-10-account');

    const renamed = 'Ерлан Жумабаев (штаб)';
    await account.saveProfile({ displayName: `  ${renamed}  `, locale: 'kk' });
    expect(await shell.htmlLang()).toBe('kk');
    expect(await account.profile.locator('.alert-success').textContent()).toBe(kk.account.saved);
    expect(await page.title()).toBe(`${kk.account.title} — pollwatch`);
    await expect.poll(() => shell.heading().textContent()).toBe(kk.account.title);
    await screenshot(page, 'phone-11-account-saved-kk', { fullPage: false });
    await expectAccessible(page, 'phone-11-account-saved-kk');
    expect(await shell.userName()).toBe(renamed);

    // Saved to the profile, not just this browser.
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await account.waitUntilOpen();
    await page.waitForFunction(() => document.documentElement.lang === 'kk');
    expect(await page.locator('#account-name').inputValue()).toBe(renamed);

    await account.saveProfile({ displayName: admin.displayName, locale: 'ru' });
    expect(await shell.htmlLang()).toBe('ru');
    await page.context().close();
  });

  it('lets a coordinator sign an observer out everywhere; the observer lands on sign-in', async () => {
    const adminPage = await signedIn(DESKTOP, admin.email, adminPassword);
    const adminUsers = new UsersPage(adminPage);
    await adminUsers.goto();
    await adminUsers.createStaff(coordinator);
    await adminUsers.finishCreate();
    await adminPage.context().close();

    const page = await signedIn(DESKTOP, coordinator.email, coordinator.password);
    const users = new UsersPage(page);
    await users.goto();
    const observerName = 'Арман Нурланов';
    await users.createObserver(observerName);
    const invite = await users.issueInviteFromCreateDialog();
    await users.closeDialog();

    const phone = await (await newContext(browser, server.baseUrl, PHONE)).newPage();
    // The "who am I" asked on load (no session yet) answers after the code is redeemed: the
    // observer must still end up signed in, not bounced to sign-in by that late "nobody".
    await phone.route('**/api/v1/me', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unauthenticated', message: 'sign in first' } }),
      });
    });
    await phone.goto(invite.link);
    const app = new ObserverAppPage(phone);
    await app.waitUntilOpen();
    await phone.unrouteAll({ behavior: 'wait' });
    await phone.waitForTimeout(1_500);
    expect(new URL(phone.url()).pathname).toBe('/app');
    await screenshot(phone, 'phone-12-observer-header', { fullPage: false });
    await expectAccessible(phone, 'phone-12-observer-header');
    await phone.setViewportSize({ width: 360, height: 740 });
    await screenshot(phone, 'phone-12b-observer-header-360', { fullPage: false });
    await expectAccessible(phone, 'phone-12b-observer-header-360');
    await phone.setViewportSize(PHONE);

    await app.openAccount();
    const account = new AccountPage(phone);
    expect(await phone.title()).toBe(pageTitle(ru.account.title));
    expect(await account.summary()).toEqual([ru.roles.observer]);
    expect(await account.password.count()).toBe(0);
    expect(await phone.locator('main').textContent()).toContain(ru.account.signIn.noPassword);
    await screenshot(phone, 'phone-13-observer-account');
    await expectAccessible(phone, 'phone-13-observer-account');

    // Coordinators manage observers only: no such action on the admin's or on their own row.
    await users.row(observerName).waitFor();
    expect(await users.signOutEverywhereButton(admin.displayName).count()).toBe(0);
    expect(await users.signOutEverywhereButton(coordinator.displayName).count()).toBe(0);

    await users.askSignOutEverywhere(observerName);
    expect(await users.dialog.textContent()).toContain(ru.signOutEverywhere.body);
    await screenshot(page, 'desktop-14-sign-out-everywhere-dialog', { fullPage: false });
    await expectAccessible(page, 'desktop-14-sign-out-everywhere-dialog');
    await users.confirmDialog();
    await users.notice().waitFor();
    // Focus goes back to the button that opened the dialog, not to the top of the page.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('sign-out-everywhere');
    expect(await users.notice().textContent()).toBe(ru.signOutEverywhere.done.replace('{{name}}', observerName));
    await screenshot(page, 'desktop-15-signed-out-everywhere');
    await expectAccessible(page, 'desktop-15-signed-out-everywhere');

    await phone.reload();
    await new SignInPage(phone).waitUntilOpen();
    await screenshot(phone, 'phone-14-observer-signed-out');
    await expectAccessible(phone, 'phone-14-observer-signed-out');

    await phone.context().close();
    await page.context().close();
  });

  it('shows the sign-out action on a phone', async () => {
    const page = await signedIn(PHONE, admin.email, adminPassword);
    const users = new UsersPage(page);
    await users.goto();
    await users.signOutEverywhereButton(coordinator.displayName).waitFor();
    expect(await users.signOutEverywhereButton(admin.displayName).count()).toBe(0);
    await screenshot(page, 'phone-15-users-actions');
    await expectAccessible(page, 'phone-15-users-actions');
    await users.askSignOutEverywhere(coordinator.displayName);
    await screenshot(page, 'phone-16-sign-out-everywhere-dialog', { fullPage: false });
    await expectAccessible(page, 'phone-16-sign-out-everywhere-dialog');
    await page.keyboard.press('Escape');
    await page.context().close();
  });

  it('tells in words what happened in the audit log (desktop and phone)', async () => {
    // A few refusals of kinds the earlier tests did not leave behind.
    const visitor = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
    await visitor.goto('/sign-in');
    const post = (path: string, body: unknown) =>
      visitor.evaluate(
        ([p, b]) =>
          fetch(p as string, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(b),
          }).then((r) => r.status),
        [path, body] as const,
      );
    expect(await post('/api/v1/auth/sign-in', { email: 'nobody@example.org', password: 'какой-то пароль' })).toBe(401);
    expect(await post('/api/v1/auth/invite', { code: 'не код' })).toBe(401);
    await visitor.context().close();
    const coordinatorPage = await signedIn(DESKTOP, coordinator.email, coordinator.password);
    expect(await coordinatorPage.evaluate(() => fetch('/api/v1/audit').then((r) => r.status))).toBe(403);
    await coordinatorPage.context().close();

    const page = await signedIn(DESKTOP, admin.email, adminPassword);
    const audit = new AuditLogPage(page);
    await audit.goto();
    const actions = await audit.actions();
    for (const name of [
      ru.audit.actions.setup.completed,
      ru.audit.actions.user.password_changed,
      ru.audit.actions.user.updated,
      ru.audit.actions.user.signed_out_everywhere,
      ru.audit.actions.invite.issued,
      ru.audit.actions.access.refused,
      ru.audit.actions.auth.invite_failed,
    ]) {
      expect(actions).toContain(name);
    }
    // No raw codes where people read.
    expect(actions.filter((a) => /^[a-z_]+\.[a-z_]+$/.test(a))).toEqual([]);
    expect(await audit.detailsOf(ru.audit.actions.access.refused)).toContain(
      `${ru.audit.details.route}: GET /api/v1/audit${ru.audit.details.permission}: ${ru.permissions.audit.read}`,
    );
    expect(await audit.detailsOf(ru.audit.actions.user.updated)).toContain(
      `${ru.audit.details.fields}: ${ru.fields.displayName}, ${ru.fields.language}${ru.audit.details.self}`,
    );
    expect(await audit.detailsOf(ru.audit.actions.auth.invite_failed)).toContain(
      `${ru.audit.details.reason}: ${ru.audit.reasons.malformed}`,
    );
    await screenshot(page, 'desktop-16-audit-kinds');
    await expectAccessible(page, 'desktop-16-audit-kinds');

    await audit.filterByAction('auth.sign_in_failed');
    expect(new Set(await audit.actions())).toEqual(new Set([ru.audit.actions.auth.sign_in_failed]));
    const reasons = await audit.detailsOf(ru.audit.actions.auth.sign_in_failed);
    // each failure also says whether the browser had signed in before (device cookies)
    const devices = [ru.audit.details.knownDevice, ru.audit.details.newDevice];
    for (const reason of [ru.audit.reasons.wrong_password, ru.audit.reasons.unknown_account]) {
      expect(reasons).toContainEqual(
        expect.stringMatching(`^${ru.audit.details.reason}: ${reason}(${devices.join('|')})$`),
      );
    }
    await screenshot(page, 'desktop-17-audit-sign-in-failures');
    await page.context().close();

    const phone = await signedIn(PHONE, admin.email, adminPassword);
    const phoneAudit = new AuditLogPage(phone);
    await phoneAudit.goto();
    await screenshot(phone, 'phone-17-audit-kinds');
    await expectAccessible(phone, 'phone-17-audit-kinds');
    await phoneAudit.filterByAction('access.refused');
    await screenshot(phone, 'phone-18-audit-filtered', { fullPage: false });
    await expectAccessible(phone, 'phone-18-audit-filtered');
    await phone.context().close();
  });
});
