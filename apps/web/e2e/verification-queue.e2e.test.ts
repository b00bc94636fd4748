import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { FieldAppPage } from './pages/field-app.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { VerificationPanel, VerificationQueuePage } from './pages/verification-queue.page.ts';
import { expectAccessible } from './support/axe.ts';
import {
  almatyToday,
  DESKTOP,
  describeInChromium,
  launchChromium,
  newContext,
  PHONE,
  pageApi,
  screenshot,
} from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

const admin = { displayName: 'Айгерим Садыкова', email: 'queue-hq@example.org', password: 'утренний туман над медеу' };
const coordinator = {
  displayName: 'Бауыржан Омаров',
  email: 'queue-coordinator@example.org',
  password: 'вечерний свет над капчагаем',
};
const shot = (page: Page, name: string) => screenshot(page, `queue-${name}`, { fullPage: true });
const texts = ru.queue;

describeInChromium('apps/web/e2e/verification-queue.e2e.test.ts', 'HQ: the verification queue', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const response = await fetch(`${server.baseUrl}/api/v1/setup`, {
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

  it('a coordinator takes an incident, asks the observer to follow up, the observer corrects it in the field app, the report is verified', async () => {
    // The HQ: an election today, a station, an observer assigned there, a second coordinator.
    const hqContext = await newContext(browser, server.baseUrl, DESKTOP);
    const hq = await hqContext.newPage();
    await signInToHq(hq, admin);
    const election = await pageApi<{ election: { id: string } }>(hq, 'POST', '/api/v1/elections', {
      name: { ru: 'Выборы Президента (очередь проверки)' },
      kind: 'presidential',
      votingDate: almatyToday(),
      timeZone: 'Asia/Almaty',
      ballotOptions: [
        { code: 'a', kind: 'candidate', name: { ru: 'Кандидат А' } },
        { code: 'b', kind: 'candidate', name: { ru: 'Кандидат Б' } },
      ],
    });
    expect(election.status).toBe(201);
    const electionId = election.data.election.id;
    expect((await pageApi(hq, 'POST', `/api/v1/elections/${electionId}/current`, {})).status).toBeLessThan(300);
    const area = await pageApi<{ area: { id: string } }>(hq, 'POST', '/api/v1/areas', {
      parentId: null,
      level: 'region',
      code: 'ALA',
      name: { ru: 'город Алматы' },
    });
    const station = await pageApi<{ station: { id: string } }>(hq, 'POST', `/api/v1/elections/${electionId}/stations`, {
      areaId: area.data.area.id,
      number: 214,
      address: 'Алматы, Бостандыкский район, ул. Тимирязева, 15',
      registeredVoters: 1800,
    });
    expect(station.status).toBe(201);
    const observer = await pageApi<{ user: { id: string } }>(hq, 'POST', '/api/v1/users', {
      role: 'observer',
      displayName: 'Динара Касымова',
    });
    const invite = await pageApi<{ code: string }>(hq, 'POST', `/api/v1/users/${observer.data.user.id}/invites`);
    expect(invite.status).toBe(201);
    const assigned = await pageApi(hq, 'POST', `/api/v1/elections/${electionId}/assignments`, {
      observerId: observer.data.user.id,
      stationId: station.data.station.id,
      shift: 'voting_day',
    });
    expect(assigned.status).toBe(201);
    const second = await pageApi(hq, 'POST', '/api/v1/users', { role: 'coordinator', ...coordinator });
    expect(second.status).toBe(201);

    // The observer reports an incident from the field app.
    const phoneContext = await newContext(browser, server.baseUrl, PHONE);
    const phone = await phoneContext.newPage();
    const field = new FieldAppPage(phone);
    await phone.goto('/sign-in');
    await new SignInPage(phone).waitUntilOpen();
    await new SignInPage(phone).enterInviteCode(invite.data.code);
    await field.waitForHome();
    await field.openStation(214);
    await phone.locator('a[href$="/new/incident"]').click();
    await phone.locator('form.fa-form').waitFor();
    await phone.locator('#fa-q-category').selectOption('ballot_stuffing');
    await phone.locator('#fa-q-severity-2').check();
    await phone.locator('#fa-q-incident_time').fill('10:30');
    await phone.locator('#fa-q-description').fill('Вброс бюллетеней у урны');
    await phone.locator('#fa-q-complaint_filed-no').check();
    await field.save();
    const reportId = new URL(phone.url()).pathname.split('/').pop() ?? '';
    await expect
      .poll(() => phone.locator(`.fa-entry[data-report="${reportId}"]`).first().getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('accepted');

    // The coordinator's queue holds it, high severity.
    const queue = new VerificationQueuePage(hq);
    await queue.goto();
    await expect.poll(() => queue.reportIds()).toEqual([reportId]);
    expect(await queue.count('pending')).toBe('1');
    await queue.filterSeverity('high');
    await expect.poll(() => queue.reportIds()).toEqual([reportId]);
    await shot(hq, '01-queue-desktop');
    await expectAccessible(hq, 'queue-01-queue');

    // The coordinator takes it; the other coordinator sees who has it.
    await queue.claim(reportId);
    const panel = new VerificationPanel(hq);
    await panel.waitUntilOpen();
    await panel.claim().locator('[data-claimed-by="me"]').waitFor();

    const otherContext = await newContext(browser, server.baseUrl, PHONE);
    const other = await otherContext.newPage();
    await signInToHq(other, coordinator);
    const otherQueue = new VerificationQueuePage(other);
    await otherQueue.goto();
    await expect.poll(() => otherQueue.count('claimed')).toBe('1');
    const claimNote = otherQueue.row(reportId).locator('.vq-claim');
    await expect.poll(() => claimNote.textContent()).toContain(admin.displayName);
    // Taken by someone else: no "take" button for them.
    expect(await otherQueue.row(reportId).locator('button.button-primary').count()).toBe(0);
    await shot(other, '02-queue-phone-claimed');
    await expectAccessible(other, 'queue-02-queue-phone');

    // A follow-up without a comment is not sent; with one, it is.
    await panel.decide(texts.panel.followUp);
    await hq.locator('#vq-comment-error').waitFor();
    await panel.comment('Укажите номер урны и время вброса точнее.');
    await panel.decide(texts.panel.followUp);
    await expect.poll(() => panel.status()).toBe('follow_up');
    await expect.poll(() => panel.decision().textContent()).toContain(admin.displayName);
    await shot(hq, '03-report-follow-up-desktop');
    await expectAccessible(hq, 'queue-03-report');

    // The observer sees the request (the pack refreshes when the app opens) and corrects the report.
    await phone.goto('/app');
    await field.waitForHome();
    const request = phone.locator(`.fa-follow-up[data-report="${reportId}"]`);
    await request.waitFor();
    expect(await request.textContent()).toContain('Укажите номер урны');
    await shot(phone, '04-field-follow-up-phone');
    await expectAccessible(phone, 'queue-04-field-follow-up');
    await request.locator('a').click();
    await phone.waitForURL((url) => url.pathname === `/app/reports/${reportId}`);
    await phone.locator(`.fa-follow-up[data-report="${reportId}"]`).waitFor();
    await phone.getByRole('button', { name: ru.field.correct, exact: true }).click();
    await phone.locator('#fa-q-description').fill('Вброс бюллетеней у урны № 2 в 10:25');
    await phone.locator('form.fa-form button[type="submit"]').click();
    await expect
      .poll(
        () =>
          phone.evaluate(
            (id) =>
              fetch(`/api/v1/me/follow-ups`)
                .then((r) => r.json())
                .then((body: { items: { reportId: string }[] }) => body.items.some((i) => i.reportId === id)),
            reportId,
          ),
        { timeout: 20_000 },
      )
      .toBe(false);
    await expect.poll(() => phone.locator(`.fa-follow-up[data-answered="true"]`).count()).toBe(1);

    // The coordinator's page still shows revision 1: verifying from it is refused, never applied
    // to the corrected report unseen; the page offers the latest, which is "open, answered".
    await panel.decide(texts.panel.verify);
    await hq.getByRole('button', { name: texts.panel.reload }).waitFor();
    expect(await panel.root.textContent()).toContain(ru.errors.report_changed);
    await shot(hq, '04b-report-changed-desktop');
    await hq.getByRole('button', { name: texts.panel.reload }).click();
    await expect.poll(() => hq.getByTestId('report-revisions').textContent()).toBe('2');
    await expect.poll(() => panel.status()).toBe('pending');
    await panel.answered().waitFor();

    // Now it is verified, and the decision names its author.
    await panel.decide(texts.panel.verify);
    await expect.poll(() => panel.status()).toBe('verified');
    expect(await panel.decision().textContent()).toContain(admin.displayName);
    await shot(hq, '05-report-verified-desktop');
    await queue.goto();
    await queue.showState('verified');
    await expect.poll(() => queue.reportIds()).toEqual([reportId]);
    expect(await queue.count('pending')).toBe('0');
    await shot(hq, '06-queue-verified-desktop');

    // The same report page on a phone.
    await other.goto(`/hq/reports/${reportId}`);
    await new VerificationPanel(other).waitUntilOpen();
    await shot(other, '07-report-verified-phone');
    await expectAccessible(other, 'queue-07-report-phone');

    // Every decision is in the audit log with its author.
    const log = await pageApi<{ items: { action: string; actorId: string }[] }>(
      hq,
      'GET',
      `/api/v1/audit?entityType=report&entityId=${reportId}&limit=50`,
    );
    const actions = log.data.items.map((e) => e.action).filter((a) => a.startsWith('report.'));
    expect(actions.reverse()).toEqual(['report.claimed', 'report.follow_up_requested', 'report.verified']);

    await otherContext.close();
    await phoneContext.close();
    await hqContext.close();
  }, 180_000);
});
