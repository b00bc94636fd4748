import { createHash, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { AssignmentsPage } from './pages/assignments.page.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { LiveReportsPage } from './pages/live-reports.page.ts';
import { ReportPage } from './pages/report.page.ts';
import { expectAccessible } from './support/axe.ts';
import {
  almatyToday,
  DESKTOP,
  describeInChromium,
  drawnProtocolJpeg,
  launchChromium,
  newContext,
  PHONE,
  screenshot,
} from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Сауле Нурланова', email: 'hq@example.org', password: 'степной ветер над алматы' };
const observers = [
  { displayName: 'Ерлан Абаев', search: 'Ерлан' },
  { displayName: 'Алия Сериккызы', search: 'Алия' },
];
const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `hq-${name}`, { fullPage });

const votingDay = almatyToday();

const opening = {
  arrival_time: '06:45',
  admitted: true,
  opened_on_time: true,
  opening_time: '07:00',
  boxes_empty_sealed: true,
};

/** A protocol copy; two observers' copies differ in how the votes split. */
const protocol = (a: number) => ({
  voters_on_lists: 1000,
  ballots_received: 1000,
  voters_received_ballots: 600,
  ballots_cancelled: 400,
  voters_took_part: 600,
  invalid_ballots: 10,
  option_a: a,
  option_b: 590 - a,
});

interface FieldForm {
  formId: string;
  kind: string;
  version: number;
}

describeInChromium('apps/web/e2e/hq-reports.e2e.test.ts', 'HQ: assignments and live reports', () => {
  let server: RunningServer;
  let browser: Browser;
  let hq: Page;
  let electionId = '';
  const stationIds = new Map<number, string>();
  const invites: string[] = [];

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

  /** A write in the admin's session, from the API (these screens are tested elsewhere). */
  async function adminPost<T>(path: string, data?: unknown): Promise<T> {
    const response = await hq.request.post(path, { headers: { Origin: server.baseUrl }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  /** An observer's phone: signed in with an invite code, the field pack read, reports sent from the page. */
  async function observerPhone(code: string, viaLink: boolean) {
    const context = await newContext(browser, server.baseUrl, PHONE);
    const page = await context.newPage();
    if (viaLink) {
      await page.goto(`/invite#${code.replaceAll('-', '')}`);
      await page.waitForURL((url) => url.pathname.startsWith('/app'));
    } else {
      const signedIn = await context.request.post('/api/v1/auth/invite', {
        headers: { Origin: server.baseUrl },
        data: { code },
      });
      expect(signedIn.status()).toBe(200);
      await page.goto('/app');
    }
    const pack = await page.evaluate(() => fetch('/api/v1/me/field-pack').then((r) => r.json()));
    const forms = new Map<string, FieldForm>((pack.forms as FieldForm[]).map((f) => [f.kind, f]));
    /** Sends a report; `correcting` sends the next revision of an earlier one instead. */
    const send = async (
      kind: string,
      stationId: string,
      answers: Record<string, unknown>,
      correcting?: { id: string; revision: number },
    ) => {
      const form = forms.get(kind);
      if (!form) throw new Error(`no ${kind} form in the field pack`);
      const body = {
        id: correcting?.id ?? randomUUID(),
        revision: correcting?.revision ?? 1,
        stationId,
        formId: form.formId,
        formVersion: form.version,
        answers,
        clientTime: new Date().toISOString(),
      };
      const result = await page.evaluate(
        (b) =>
          fetch('/api/v1/reports', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(b),
          }).then(async (r) => ({ status: r.status, body: await r.json() })),
        body,
      );
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      return body.id;
    };
    /** A photo of the protocol, drawn and encoded as JPEG in the page, uploaded as the app does it. */
    const uploadPhoto = async (): Promise<string> => {
      const base64 = await drawnProtocolJpeg(page, 320, 240);
      const bytes = Buffer.from(base64, 'base64');
      const hash = createHash('sha256').update(bytes).digest('hex');
      const statuses = await page.evaluate(
        async ({ hash, base64 }) => {
          const body = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const begun = await fetch(`/api/v1/photos/${hash}`, {
            method: 'POST',
            headers: { 'Upload-Length': String(body.length) },
          });
          const sent = await fetch(`/api/v1/photos/${hash}`, {
            method: 'PATCH',
            headers: { 'Upload-Offset': '0', 'Content-Type': 'application/octet-stream' },
            body,
          });
          return [begun.status, sent.status, (await sent.json()).complete];
        },
        { hash, base64 },
      );
      expect(statuses).toEqual([200, 200, true]);
      return hash;
    };
    return { page, send, uploadPhoto, close: () => context.close() };
  }

  it('assigns observers on the Assignments screen', async () => {
    hq = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
    const shell = await signInToHq(hq, admin);

    const { election } = await adminPost<{ election: { id: string; isCurrent: boolean } }>('/api/v1/elections', {
      name: { ru: 'Выборы в маслихат 2026', kk: 'Мәслихат сайлауы 2026', en: 'Maslikhat election 2026' },
      kind: 'local_council',
      votingDate: votingDay,
      timeZone: 'Asia/Almaty',
      ballotOptions: [
        { code: 'a', kind: 'candidate', name: { ru: 'Первый кандидат' } },
        { code: 'b', kind: 'candidate', name: { ru: 'Второй кандидат' } },
      ],
    });
    electionId = election.id;
    if (!election.isCurrent) await adminPost(`/api/v1/elections/${electionId}/current`);
    const { area } = await adminPost<{ area: { id: string } }>('/api/v1/areas', {
      parentId: null,
      level: 'region',
      code: 'ALA',
      name: { ru: 'город Алматы' },
    });
    for (const [number, address] of [
      [101, 'Алматы, Әуезов ауданы, Жандосов көшесі, 58'],
      [102, 'Алматы, Бостандыкский район, ул. Тимирязева, 42'],
    ] as const) {
      const { station } = await adminPost<{ station: { id: string } }>(`/api/v1/elections/${electionId}/stations`, {
        areaId: area.id,
        number,
        address,
        registeredVoters: 1000,
      });
      stationIds.set(number, station.id);
    }
    for (const observer of observers) {
      const { user } = await adminPost<{ user: { id: string } }>('/api/v1/users', {
        role: 'observer',
        displayName: observer.displayName,
      });
      invites.push((await adminPost<{ code: string }>(`/api/v1/users/${user.id}/invites`)).code);
    }

    // The app asked for the elections before this one existed: start afresh.
    await hq.reload();
    await shell.waitUntilOpen('/hq');
    await shell.navLink(ru.assignments.title).click();
    await shell.waitUntilOpen('/hq/assignments');
    const assignments = new AssignmentsPage(hq);
    await hq.locator('main .empty-state').waitFor();
    await shot(hq, 'assignments-empty-1280');
    await expectAccessible(hq, 'assignments (empty)');

    // Nothing chosen: the form says what is missing.
    await assignments.form.locator('button[type="submit"]').click();
    await hq.locator('#assign-observer-error').waitFor();
    expect(await hq.locator('#assign-observer-error').textContent()).toBe(ru.assignments.observerRequired);
    expect(await hq.locator('#assign-station-error').textContent()).toBe(ru.assignments.stationRequired);

    const [first, second] = observers as [(typeof observers)[0], (typeof observers)[0]];
    await assignments.assign({ search: first.search, name: first.displayName }, 101, 'voting_day');
    await assignments.row(101, first.displayName).waitFor();
    expect(await assignments.shiftOf(101, first.displayName)).toBe(ru.shifts.voting_day);
    expect(await assignments.notice().textContent()).toContain(first.displayName);

    // The same observer, station and shift again: refused with a plain sentence.
    await assignments.assign({ search: first.search, name: first.displayName }, 101, 'voting_day');
    await assignments.formError().waitFor();
    expect(await assignments.formError().textContent()).toBe(ru.assignments.already);

    await assignments.assign({ search: second.search, name: second.displayName }, 101, 'counting');
    await assignments.row(101, second.displayName).waitFor();
    await assignments.assign({ search: second.search, name: second.displayName }, 102, 'opening');
    await assignments.row(102, second.displayName).waitFor();
    expect(await assignments.rows().count()).toBe(3);
    expect(await assignments.coverage('stations').textContent()).toBe('2 из 2');

    // Filters narrow the table; a removal asks first.
    await assignments.filter('', 'алия');
    await expect.poll(() => assignments.rows().count()).toBe(2);
    await assignments.filter('102', '');
    await expect.poll(() => assignments.rows().count()).toBe(1);
    await assignments.filter('', '');
    await assignments.remove(102, second.displayName);
    await assignments.row(102, second.displayName).waitFor({ state: 'detached' });
    expect(await assignments.notice().textContent()).toContain('102');
    expect(await assignments.coverage('stations').textContent()).toBe('1 из 2');
    expect(await assignments.coverage('observers').textContent()).toBe('2');
    await shot(hq, 'assignments-1280');
    await expectAccessible(hq, 'assignments');
  });

  it('shows reports live, flags and the protocol conflict, and lets the HQ choose the record', async () => {
    const shell = new HqShell(hq);
    await shell.navLink(ru.liveReports.nav).click();
    await shell.waitUntilOpen('/hq/reports');
    const live = new LiveReportsPage(hq);
    await live.waitUntilLive();
    expect(await live.status.textContent()).toContain(ru.liveReports.status.live);
    await hq.locator('.lr-feed-empty').waitFor();
    await shot(hq, 'reports-empty-1280');
    await expectAccessible(hq, 'live reports (empty)');
    // Proof that nothing below reloads the page.
    await hq.evaluate(() => {
      (window as unknown as { stayedHere: boolean }).stayedHere = true;
    });

    const station = stationIds.get(101) as string;
    const one = await observerPhone(invites[0] as string, true);
    const openingId = await one.send('opening', station, opening);
    const item = live.feedItem(openingId);
    await item.waitFor();
    // The event names the station by id: its number is looked up once.
    await expect.poll(() => item.locator('.lr-feed-station').textContent()).toBe('Участок № 101');
    expect(await item.locator('.lr-feed-kind').textContent()).toBe(ru.forms.kinds.opening);
    await expect
      .poll(() => live.announcer.textContent())
      .toBe(`Новый отчёт: ${ru.forms.kinds.opening}, участок № 101.`);
    await expect.poll(() => live.counter('total').textContent()).toBe('1');
    await live.listRows().first().waitFor();

    // Two copies of the protocol that disagree: both are kept, the station is in conflict.
    const photo = await one.uploadPhoto();
    const copyA = await one.send('protocol', station, { ...protocol(400), protocol_photos: [photo] });
    const two = await observerPhone(invites[1] as string, false);
    const copyB = await two.send('protocol', station, protocol(300));
    await live.feedItem(copyB).waitFor();
    expect(await live.feedItems().count()).toBe(3);
    expect(await live.feedItem(copyB).locator('[data-flag="protocol_conflict"]').textContent()).toBe(
      ru.reportFlags.protocol_conflict,
    );
    await live.conflict(101).waitFor();
    await live.copy(101, copyA).waitFor();
    await live.copy(101, copyB).waitFor();
    await expect.poll(() => live.counter('conflicts').textContent()).toBe('1');
    expect(await live.conflict(101).locator('.badge-undecided').textContent()).toBe(ru.liveReports.notChosen);

    // The copies side by side: the two candidates' lines differ, in words as well as in colour.
    expect(
      await live.differingLines(101).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-question'))),
    ).toEqual(['option_a', 'option_b']);
    const optionA = live.comparisonLine(101, 'option_a');
    expect(await optionA.locator(`td[data-column="${copyA}"]`).textContent()).toBe('400');
    expect(await optionA.locator(`td[data-column="${copyB}"]`).textContent()).toBe('300');
    expect(await optionA.locator('.lr-differs-mark').textContent()).toBe(ru.liveReports.differs);
    const tookPart = live.comparisonLine(101, 'voters_took_part');
    expect(await tookPart.getAttribute('data-differs')).toBeNull();
    expect(await tookPart.locator('td').allTextContents()).toEqual(['600', '600']);
    // Lines are named by the form's labels, never by question ids, and so are the flags.
    expect(await tookPart.locator('th').textContent()).not.toContain('voters_took_part');
    const photos = live.comparisonLine(101, 'protocol_photos');
    const photoLabel = (await photos.locator('th').textContent()) ?? '';
    expect(photoLabel.length).toBeGreaterThan(0);
    expect(await live.copy(101, copyB).locator('[data-flag="missing_required"]').allTextContents()).toEqual([
      expect.stringContaining(`«${photoLabel}»`),
    ]);
    // Copy A's photo shows beside its numbers and opens full size; copy B sent none.
    const thumbnail = photos.locator(`td[data-column="${copyA}"] a img`);
    // The thumbnail loads lazily, when it comes into view, as it does for a coordinator scrolling to it.
    await thumbnail.scrollIntoViewIfNeeded();
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await photos.locator(`td[data-column="${copyA}"] a`).getAttribute('href')).toBe(
      `/api/v1/photos/${photo}/content`,
    );
    expect(await photos.locator(`td[data-column="${copyB}"]`).textContent()).toBe(ru.liveReports.noAnswer);

    // "Flagged only" leaves out the clean opening report.
    await expect.poll(() => live.listRows().count()).toBe(3);
    await live.showFlaggedOnly(true);
    await expect.poll(() => live.list.locator(`tr[data-report-id="${openingId}"]`).count()).toBe(0);
    await expect.poll(() => live.listRows().count()).toBe(2);
    // The list names the question of a missing answer by its label too, once the form is read.
    await expect
      .poll(() => live.list.locator('[data-flag="missing_required"]').allTextContents())
      .toEqual([expect.stringContaining(`«${photoLabel}»`)]);
    await shot(hq, 'reports-conflict-1280');
    await expectAccessible(hq, 'live reports (conflict)');

    // The HQ's choice: the chosen copy says so, the other no longer offers nothing but the button.
    await live.choose(101, copyA);
    await live.copy(101, copyA).locator('.badge-chosen').waitFor();
    expect(await live.copy(101, copyA).locator('.badge-chosen').textContent()).toBe(ru.liveReports.chosen);
    expect(await live.copy(101, copyB).locator('button').textContent()).toBe(ru.liveReports.choose);
    expect(await live.conflict(101).locator('.badge-undecided').count()).toBe(0);
    expect(await hq.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
    await shot(hq, 'reports-chosen-1280');
    await expectAccessible(hq, 'live reports (chosen)');

    // The choice is in the audit log.
    const log = await hq.request.get('/api/v1/audit?action=report.record_chosen');
    expect(((await log.json()) as { items: unknown[] }).items).toHaveLength(1);

    // Observer one corrects their copy; the HQ opens it: both revisions side by side, the changed
    // line marked, each revision's entry in the hash chain.
    await one.send('protocol', station, { ...protocol(350), protocol_photos: [photo] }, { id: copyA, revision: 2 });
    await live
      .copy(101, copyA)
      .getByRole('link', { name: new RegExp(ru.liveReports.openReport) })
      .click();
    await hq.waitForURL(`**/hq/reports/${copyA}`);
    const report = new ReportPage(hq);
    await report.waitUntilOpen();
    expect(await hq.locator('main h1').textContent()).toBe(`${ru.forms.kinds.protocol} · участок № 101`);
    expect(await report.revisionCount.textContent()).toBe('2');
    expect(await report.changedLines()).toEqual(['option_a', 'option_b']);
    expect(await report.line('option_a').locator('td').allTextContents()).toEqual(['350', '400']);
    expect(await report.line('option_a').locator('.lr-differs-mark').textContent()).toBe(ru.reportPage.changed);
    // The photo is in both revisions, and shows in both (once in view: the images load lazily).
    await report.line('protocol_photos').scrollIntoViewIfNeeded();
    await expect
      .poll(() =>
        report
          .line('protocol_photos')
          .locator('img')
          .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)),
      )
      .toEqual([320, 320]);
    expect(await report.chainEntries()).toEqual(['2', '1']);
    await shot(hq, 'report-1280');
    await expectAccessible(hq, 'report page');
    await hq.getByRole('link', { name: ru.liveReports.title }).first().click();
    await live.waitUntilLive();
    await one.close();
    await two.close();
  });

  it('fits both screens on a phone, in Russian and Kazakh', async () => {
    const page = await (await newContext(browser, server.baseUrl, PHONE)).newPage();
    await signInToHq(page, admin);

    const assignments = new AssignmentsPage(page);
    await assignments.goto();
    await assignments.rows().first().waitFor();
    await shot(page, 'assignments-390');
    await shot(page, 'assignments-390-top', false);
    await expectAccessible(page, 'assignments (phone)');

    const live = new LiveReportsPage(page);
    await live.goto();
    await live.waitUntilLive();
    await live.conflict(101).waitFor();
    await live.listRows().first().waitFor();
    await shot(page, 'reports-390');
    await shot(page, 'reports-390-top', false);
    await expectAccessible(page, 'live reports (phone)');
    // The copies side by side scroll within their own box; the page itself never scrolls sideways.
    await live.comparisonLine(101, 'option_a').scrollIntoViewIfNeeded();
    await shot(page, 'reports-390-comparison', false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // A report's own page fits the phone as well.
    await live.listRows().first().getByRole('link').click();
    const report = new ReportPage(page);
    await report.waitUntilOpen();
    await shot(page, 'report-390');
    await expectAccessible(page, 'report page (phone)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goBack();
    await live.waitUntilLive();
    await live.conflict(101).waitFor();

    await new HqShell(page).switchLanguage('kk');
    await page.locator('main h1', { hasText: kk.liveReports.title }).waitFor();
    await shot(page, 'reports-390-kk');
    await expectAccessible(page, 'live reports (phone, kk)');
    await assignments.goto();
    await assignments.rows().first().waitFor();
    await shot(page, 'assignments-390-kk');
    await page.context().close();
  });
});
