import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfText } from '../../../packages/documents/src/resolution/read-back.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { MessagesPage } from './pages/messages.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type HqApi, hqAdmin, observer } from './support/hq-world.ts';
import { type RunningServer, startServer } from './support/server.ts';

/**
 * Issue 22 in the browser: the HQ reads the SMS message log (numbers masked, filtered by outcome) and
 * prints a form's SMS card; an observer gets a Telegram link code on their account page; a
 * coordinator opens an observer's channel links from the accounts list.
 */

const admin = { displayName: 'Мадина Оспанова', email: 'messages-hq@example.org', password: 'журнал сообщений штаба' };
const SECRET = 'e2e-webhook-secret';

describeInChromium('apps/web/e2e/channels.e2e.test.ts', 'Message log and channel links', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: HqApi;

  beforeAll(async () => {
    server = await startServer({ SMS_WEBHOOK_SECRET: SECRET });
    browser = await launchChromium();
    api = await hqAdmin(server, browser, admin);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the message log masked and filtered, prints an SMS card, and gives an observer a link code', async () => {
    await api.post('/api/v1/elections', {
      name: { ru: 'Выборы акимов' },
      kind: 'local_council',
      votingDate: '2026-11-10',
      timeZone: 'Asia/Almaty',
    });
    const put = await api.request.fetch('/api/v1/settings/organisation', {
      method: 'PUT',
      headers: { Origin: server.baseUrl },
      data: {
        name: { ru: 'ОО «За честные выборы»', kk: '«Әділ сайлау үшін» ҚБ' },
        registration: 'БИН 123456789012',
        signatoryName: 'Һәкімжан Нұрланұлы',
        signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
      },
    });
    expect(put.status()).toBe(200);
    // A stranger's SMS through the gateway's webhook: refused, answered, both logged.
    const sms = await fetch(`${server.baseUrl}/api/v1/channels/sms/inbound?secret=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+77779998877', text: 'TURNOUT A1000 B50' }),
    });
    expect(sms.status).toBe(200);

    const context = await newContext(browser, server.baseUrl, DESKTOP);
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(admin.email, admin.password);
    await page.waitForURL((url) => url.pathname.startsWith('/hq'));
    const messages = new MessagesPage(page);
    await messages.goto();
    await messages.rows.nth(1).waitFor();
    expect(await messages.rows.count()).toBe(2);
    const body = (await messages.table.textContent()) ?? '';
    expect(body).toContain('+7 ••• ••• •• 77');
    expect(await page.content()).not.toContain('7779998877');
    // The stranger's SMS came in (←), the answer went out (→), and a screen reader hears which.
    const incoming = messages.rows.filter({ hasText: ru.channels.direction.in });
    const outgoing = messages.rows.filter({ hasText: ru.channels.direction.out });
    expect(await incoming.count()).toBe(1);
    expect(await outgoing.count()).toBe(1);
    expect(await incoming.textContent()).toContain('SMS ←');
    expect(await outgoing.textContent()).toContain('SMS →');
    // The reply we sent reads "sent", not "accepted" (that word is for a report the HQ took).
    expect(await outgoing.textContent()).toContain(ru.channels.status.sent);
    expect(await outgoing.textContent()).not.toContain(ru.channels.status.accepted);
    await expectAccessible(page, 'message log');
    await screenshot(page, '22-messages');
    await messages.filterByStatus('refused');
    await expect.poll(() => messages.rows.count()).toBe(1);
    expect(await messages.rows.first().textContent()).toContain(ru.channels.status.refused);

    const card = await messages.downloadCard('Явка', ru.channels.cards.kk);
    expect(card.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(card)).toContain('Жадынама: SMS арқылы есеп');

    // The coordinator's view of an observer's links, from the accounts list.
    const observerId = await observer(api, 'Айгерим Тестова');
    await page.goto('/hq/users');
    const row = page.locator('tbody tr', { hasText: 'Айгерим Тестова' });
    await row.locator('[data-action="channel-links"]').click();
    await page.getByRole('dialog').getByText(ru.channels.links.none).waitFor();
    await expectAccessible(page, 'channel links dialog');
    await screenshot(page, '22-channel-links-dialog', { fullPage: false });
    await page.getByRole('dialog').locator('.dialog-actions button').click();

    // The observer, on a phone: a one-time code for the Telegram bot on the account page.
    const { code } = await api.post<{ code: string }>(`/api/v1/users/${observerId}/invites`);
    const phone = await newContext(browser, server.baseUrl, PHONE);
    const field = await phone.newPage();
    const signedIn = await phone.request.post('/api/v1/auth/invite', {
      headers: { Origin: server.baseUrl },
      data: { code },
    });
    expect(signedIn.status()).toBe(200);
    await field.goto('/app/account');
    await field.getByRole('button', { name: ru.channels.links.linkTelegram }).click();
    await expect
      .poll(async () => (await field.getByTestId('telegram-code').textContent()) ?? '')
      .toMatch(/^\/start \S{16}$/);
    await expectAccessible(field, 'observer account with Telegram link');
    await screenshot(field, '22-field-telegram-link');

    // The phone is lost (issue 21): one action in the accounts list ends the observer's sessions
    // and unlinks their channels; the phone's app is signed out.
    await page.goto('/hq/users');
    await row.locator('[data-action="lost-phone"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(ru.lostPhone.body).waitFor();
    await expectAccessible(page, 'lost phone dialog');
    await screenshot(page, '21-lost-phone-dialog', { fullPage: false });
    await dialog.locator('[data-action="confirm-lost-phone"]').click();
    await page.getByText(ru.lostPhone.done.replace('{{name}}', 'Айгерим Тестова')).waitFor();
    expect((await phone.request.get('/api/v1/me')).status()).toBe(401);
    await phone.close();
    await context.close();
  });
});
