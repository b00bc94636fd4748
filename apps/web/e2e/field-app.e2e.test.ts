import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { FieldAppPage } from './pages/field-app.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { expectAccessible } from './support/axe.ts';
import {
  almatyToday,
  DESKTOP,
  describeInChromium,
  drawnProtocolJpeg,
  launchChromium,
  newContext,
  pageApi,
  screenshot,
} from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Гульнара Сейткали', email: 'field-hq@example.org', password: 'ясный день над алатау' };
/** An old, narrow Android phone. */
const SMALL_PHONE = { width: 360, height: 740 } as const;
const JS_BUDGET_GZIP = 300 * 1024;
const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `field-${name}`, { fullPage });

/** The readiness status's texts, from the locale file. */
const readiness = ru.field.readiness;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "Ready to work offline · data updated <date, time>", the time as the browser writes it. */
const READY_WITH_TIME = new RegExp(
  `^${escapeRegExp(readiness.ready)} · ${escapeRegExp(readiness.updatedAt).replace(escapeRegExp('{{time}}'), '.*\\d{1,2}:\\d{2}')}$`,
);

/** The API as the signed-in admin's browser calls it (same origin, session cookie). */

const votingDay = almatyToday();

declare global {
  interface Window {
    __reportEvents?: { type: string; reportId: string }[];
  }
}

/**
 * What the HQ does before an observer can work: an election with one area and one station, and an
 * observer with an invite code, assigned there for voting day.
 */
async function assignedObserver(
  hq: Page,
  setup: {
    election: string;
    area: { code: string; name: string };
    station: { number: number; address: string };
    observer: string;
  },
): Promise<{ electionId: string; inviteCode: string; observerId: string }> {
  const election = await pageApi<{ election: { id: string } }>(hq, 'POST', '/api/v1/elections', {
    name: { ru: setup.election },
    kind: 'presidential',
    votingDate: votingDay,
    timeZone: 'Asia/Almaty',
    ballotOptions: [
      { code: 'a', kind: 'candidate', name: { ru: 'Кандидат А' } },
      { code: 'b', kind: 'candidate', name: { ru: 'Кандидат Б' } },
    ],
  });
  expect(election.status).toBe(201);
  const electionId = election.data.election.id;
  const area = await pageApi<{ area: { id: string } }>(hq, 'POST', '/api/v1/areas', {
    parentId: null,
    level: 'region',
    code: setup.area.code,
    name: { ru: setup.area.name },
  });
  expect(area.status).toBe(201);
  const station = await pageApi<{ station: { id: string } }>(hq, 'POST', `/api/v1/elections/${electionId}/stations`, {
    areaId: area.data.area.id,
    number: setup.station.number,
    address: setup.station.address,
    registeredVoters: 1500,
  });
  expect(station.status).toBe(201);
  const observer = await pageApi<{ user: { id: string } }>(hq, 'POST', '/api/v1/users', {
    role: 'observer',
    displayName: setup.observer,
  });
  expect(observer.status).toBe(201);
  const invite = await pageApi<{ code: string }>(hq, 'POST', `/api/v1/users/${observer.data.user.id}/invites`);
  expect(invite.status).toBe(201);
  const assigned = await pageApi(hq, 'POST', `/api/v1/elections/${electionId}/assignments`, {
    observerId: observer.data.user.id,
    stationId: station.data.station.id,
    shift: 'voting_day',
  });
  expect(assigned.status).toBe(201);
  return { electionId, inviteCode: invite.data.code, observerId: observer.data.user.id };
}

describeInChromium('apps/web/e2e/field-app.e2e.test.ts', 'field app: offline reports, outbox, photos', () => {
  let server: RunningServer;
  let browser: Browser;

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

  /** An invite code for a new observer, assigned by the HQ (see assignedObserver) in a window of its own. */
  async function inviteForNewObserver(setup: Parameters<typeof assignedObserver>[1]): Promise<string> {
    const hqContext = await newContext(browser, server.baseUrl, DESKTOP);
    try {
      const hq = await hqContext.newPage();
      await signInToHq(hq, admin);
      return (await assignedObserver(hq, setup)).inviteCode;
    } finally {
      await hqContext.close();
    }
  }

  it('fills three reports offline, keeps them over a reload, sends each exactly once, and the HQ sees them live', async () => {
    // The HQ: election, area, station, observer with an invite, assignment.
    const hqContext = await newContext(browser, server.baseUrl, DESKTOP);
    const hq = await hqContext.newPage();
    await signInToHq(hq, admin);

    const { electionId, inviteCode } = await assignedObserver(hq, {
      election: 'Выборы Президента (проверка)',
      area: { code: 'ALA', name: 'город Алматы' },
      station: { number: 101, address: 'Алматы, Ауэзовский район, ул. Жандосова, 58' },
      observer: 'Данияр Омаров',
    });

    // The HQ listens to the live feed (server-sent events) from here on.
    await hq.evaluate((id) => {
      window.__reportEvents = [];
      const source = new EventSource(`/api/v1/elections/${id}/events`);
      source.addEventListener('report.accepted', (event) => {
        window.__reportEvents?.push(JSON.parse((event as MessageEvent<string>).data));
      });
    }, electionId);

    // The observer signs in on the phone; the first load of /app is measured.
    const phoneContext = await newContext(browser, server.baseUrl, SMALL_PHONE);
    await FieldAppPage.recordReadiness(phoneContext);
    const phone = await phoneContext.newPage();
    const field = new FieldAppPage(phone);
    const scripts: Promise<{ url: string; raw: number; gzip: number }>[] = [];
    const recordScript = (response: import('playwright-core').Response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push(
        response.body().then((body) => ({ url: response.url(), raw: body.length, gzip: gzipSync(body).length })),
      );
    };
    // Every script from the first byte on: sign-in and the field app share one entry bundle.
    phone.on('response', recordScript);
    await phone.goto('/sign-in');
    await new SignInPage(phone).waitUntilOpen();
    await new SignInPage(phone).enterInviteCode(inviteCode);
    await field.waitForHome();
    await field.stationCard(101).waitFor();
    phone.off('response', recordScript);
    const loaded = await Promise.all(scripts);
    const gzipTotal = loaded.reduce((sum, s) => sum + s.gzip, 0);
    console.info(
      `field app first load: ${loaded.length} JS files, ${(loaded.reduce((s, x) => s + x.raw, 0) / 1024).toFixed(1)} KB raw, ${(gzipTotal / 1024).toFixed(1)} KB gzip (budget ${JS_BUDGET_GZIP / 1024} KB)\n${loaded.map((s) => `  ${new URL(s.url).pathname} ${(s.gzip / 1024).toFixed(1)} KB gzip`).join('\n')}`,
    );
    expect(gzipTotal).toBeGreaterThan(0);
    expect(gzipTotal).toBeLessThan(JS_BUDGET_GZIP);

    // The phone says when it is ready to work offline (first "preparing", or ready at once), and
    // says so only once the service worker is active and the pack is on the phone.
    await expect.poll(() => field.readinessText(), { timeout: 30_000 }).toMatch(READY_WITH_TIME);
    expect(await field.workerActivated()).toBe(true);
    expect(await field.packStored()).toBe(true);
    const said = await field.readinessHistory();
    expect(said.at(-1)).toMatch(READY_WITH_TIME);
    expect(said.slice(0, -1)).toEqual(said.length > 1 ? [readiness.preparing] : []);
    expect(await field.readiness().getAttribute('aria-live')).toBe('polite');

    // Installed for offline use: the service worker is active and the pack is on the phone.
    await field.waitUntilReadyOffline();
    await shot(phone, '01-home');
    await expectAccessible(phone, 'field-01-home');

    // No network from here on.
    await phoneContext.setOffline(true);
    await field.openStation(101);
    expect(await field.readinessText()).toMatch(READY_WITH_TIME);
    await shot(phone, '02-station-offline');
    await expectAccessible(phone, 'field-02-station-offline');

    await field.fillOpening('06:45');
    await shot(phone, '03-opening-form');
    await expectAccessible(phone, 'field-03-opening-form');
    await field.save();
    expect(await phone.locator('.alert-success').textContent()).toBe(ru.field.saved);
    await shot(phone, '04-opening-saved');
    await field.backToStation();

    await field.startReport('turnout@10:00');
    expect(await field.question('checkpoint_time').inputValue()).toBe('10:00');
    await field.question('voters_received').fill('312');
    await phone.locator('#fa-q-source-0').check();
    await field.save();
    await field.backToStation();

    await field.startReport('protocol');
    const protocol: Record<string, number> = {
      voters_on_lists: 1500,
      ballots_received: 1000,
      voters_received_ballots: 600,
      ballots_cancelled: 400,
      voters_took_part: 600,
      invalid_ballots: 10,
      option_a: 400,
      option_b: 190,
    };
    for (const [id, value] of Object.entries(protocol)) await field.question(id).fill(String(value));
    // A camera-sized photo, made by the browser itself; the app shrinks it to 1600 px.
    const jpegBase64 = await drawnProtocolJpeg(phone, 2400, 1800);
    await field.question('protocol_photos').setInputFiles({
      name: 'protocol.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(jpegBase64, 'base64'),
    });
    await phone.locator('.fa-photos img').waitFor();
    await shot(phone, '05-protocol-form');
    await expectAccessible(phone, 'field-05-protocol-form');
    await field.save();
    const photoHash = await phone.evaluate(
      () =>
        new Promise<{ sha256: string; width: number; height: number }>((resolve, reject) => {
          const open = indexedDB.open('pollwatch-field');
          open.onsuccess = () => {
            const get = open.result.transaction('photos').objectStore('photos').getAll();
            get.onsuccess = () => resolve(get.result[0]);
            get.onerror = () => reject(get.error);
          };
        }),
    );
    expect(photoHash.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.max(photoHash.width, photoHash.height)).toBe(1600);

    await field.openOutbox();
    await expect.poll(() => field.entries('queued').count()).toBe(3);

    // Reload with no network: the service worker serves the app, IndexedDB still holds the outbox.
    await phone.reload();
    await phone.locator('dl.fa-counts').waitFor();
    await expect.poll(() => field.entries('queued').count()).toBe(3);
    expect(await phone.locator('[data-count="queued"] dd').textContent()).toBe('3');
    await shot(phone, '06-outbox-offline-after-reload');
    await expectAccessible(phone, 'field-06-outbox-offline-after-reload');
    expect(
      (await pageApi<{ items: unknown[] }>(hq, 'GET', `/api/v1/elections/${electionId}/reports`)).data.items,
    ).toHaveLength(0);

    // Back online: everything goes, once.
    await phoneContext.setOffline(false);
    await expect.poll(() => field.entries('accepted').count(), { timeout: 60_000 }).toBe(3);
    // The photo follows the reports, in 64 KB pieces; the phone notes when the server has it all.
    await expect
      .poll(
        () =>
          phone.evaluate(
            (sha256) =>
              new Promise<boolean>((resolve) => {
                const open = indexedDB.open('pollwatch-field');
                open.onsuccess = () => {
                  const get = open.result.transaction('photos').objectStore('photos').get(sha256);
                  get.onsuccess = () => resolve(get.result?.uploaded === true);
                  get.onerror = () => resolve(false);
                };
              }),
            photoHash.sha256,
          ),
        { timeout: 60_000 },
      )
      .toBe(true);
    const content = await hq.evaluate(async (sha256) => {
      const response = await fetch(`/api/v1/photos/${sha256}/content`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
      };
    }, photoHash.sha256);
    expect(content).toEqual({ status: 200, type: 'image/jpeg', sha256: photoHash.sha256 });
    await shot(phone, '07-outbox-accepted');
    await expectAccessible(phone, 'field-07-outbox-accepted');

    // The same outbox sent again: the server answers with the original receipts, stores nothing new.
    const verified = await field.checkDelivery();
    expect(verified).toBe(
      ru.field.verifyResult.replace('{{confirmed}}', '3').replace('{{differed}}', '0').replace('{{failed}}', '0'),
    );
    await shot(phone, '08-outbox-verified');

    const reports = await pageApi<{ items: { id: string; formKind: string; flags: { code: string }[] }[] }>(
      hq,
      'GET',
      `/api/v1/elections/${electionId}/reports`,
    );
    expect(reports.data.items.map((r) => r.formKind).sort()).toEqual(['opening', 'protocol', 'turnout']);
    expect(reports.data.items.flatMap((r) => r.flags)).toEqual([]);
    // The phone made the ids, time-ordered (UUIDv7), so the server's id indexes grow at one end.
    for (const { id } of reports.data.items) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect((await pageApi<{ seq: number }>(hq, 'GET', '/api/v1/chain/head')).data.seq).toBe(3);
    await expect.poll(() => hq.evaluate(() => window.__reportEvents?.length ?? 0)).toBe(3);
    expect(await hq.evaluate(() => window.__reportEvents?.map((e) => e.type))).toEqual([
      'report.accepted',
      'report.accepted',
      'report.accepted',
    ]);

    // A station's day at a glance: three done.
    await phone.locator('nav.fa-nav a[href="/app"]').click();
    await field.openStation(101);
    expect(await phone.locator('.fa-due[data-status="done"]').count()).toBe(3);
    await shot(phone, '09-station-done');
    await expectAccessible(phone, 'field-09-station-done');

    await phoneContext.close();
    await hqContext.close();
  });

  it('opens the home screen at /app with no network right after it is installed', async () => {
    const inviteCode = await inviteForNewObserver({
      election: 'Выборы в маслихат (проверка)',
      area: { code: 'AST', name: 'город Астана' },
      station: { number: 202, address: 'Астана, район Сарыарка, пр. Богенбай батыра, 36' },
      observer: 'Айгерим Нурланова',
    });

    // Signed in at /sign-in, the app goes to /app by pushState: this page is not the worker's client.
    const phoneContext = await newContext(browser, server.baseUrl, SMALL_PHONE);
    const phone = await phoneContext.newPage();
    const field = new FieldAppPage(phone);
    // A slow network: the pack is held back, so the phone is seen preparing for offline work.
    let releasePack = () => {};
    const packHeld = new Promise<void>((resolve) => {
      releasePack = resolve;
    });
    await phone.route('**/api/v1/me/field-pack', async (route) => {
      await packHeld;
      await route.continue();
    });
    await phone.goto('/sign-in');
    await new SignInPage(phone).waitUntilOpen();
    // The field app's worker starts installing on the sign-in page, before the observer is in.
    await expect.poll(() => field.workerRegistered()).toBe(true);
    await new SignInPage(phone).enterInviteCode(inviteCode);
    await field.waitForHome();
    await expect.poll(() => field.readinessText()).toBe(readiness.preparing);
    await shot(phone, '10-home-preparing');
    await expectAccessible(phone, 'field-10-home-preparing');
    releasePack();
    await field.stationCard(202).waitFor();
    await expect.poll(() => field.readinessText(), { timeout: 30_000 }).toMatch(READY_WITH_TIME);
    await field.waitUntilReadyOffline();
    await phone.unroute('**/api/v1/me/field-pack');

    // No network at once, and no pause: the home screen, from the service worker and IndexedDB.
    await phoneContext.setOffline(true);
    const greeting = ru.observer.greeting.replace('{{name}}', 'Айгерим Нурланова');
    const expectHome = async (page: Page, path: string) => {
      expect(new URL(page.url()).pathname).toBe(path);
      await page.locator('h1.field-greeting', { hasText: greeting }).waitFor({ state: 'visible' });
      await new FieldAppPage(page).stationCard(202).waitFor({ state: 'visible' });
      await expect.poll(() => new FieldAppPage(page).readinessText()).toMatch(READY_WITH_TIME);
    };
    await phone.reload();
    await expectHome(phone, '/app');
    await phone.goto('/app/');
    await expectHome(phone, '/app/');
    await shot(phone, '11-home-offline');
    await expectAccessible(phone, 'field-11-home-offline');

    // The observer opens the app again from the phone's home screen: a new page at /app.
    const reopened = await phoneContext.newPage();
    await reopened.goto('/app');
    await expectHome(reopened, '/app');

    await phoneContext.close();
  });

  it('shows an observer of two elections on one day each station under its election, each reported on its own form', async () => {
    // Parliament and local councils elected the same day (as on 19 March 2023): one observer, both.
    const hqContext = await newContext(browser, server.baseUrl, DESKTOP);
    const hq = await hqContext.newPage();
    await signInToHq(hq, admin);
    const first = await assignedObserver(hq, {
      election: 'Выборы в Мажилис (два в один день)',
      area: { code: 'TRK', name: 'Туркестанская область' },
      station: { number: 505, address: 'Туркестан, ул. Тауке хана, 5' },
      observer: 'Алия Нурланова',
    });
    const council = await pageApi<{ election: { id: string } }>(hq, 'POST', '/api/v1/elections', {
      name: { ru: 'Выборы в маслихат (два в один день)' },
      kind: 'local_council',
      votingDate: votingDay,
      timeZone: 'Asia/Almaty',
    });
    expect(council.status).toBe(201);
    const councilId = council.data.election.id;
    const area = await pageApi<{ area: { id: string } }>(hq, 'POST', '/api/v1/areas', {
      parentId: null,
      level: 'region',
      code: 'TRK2',
      name: { ru: 'Туркестан (маслихат)' },
    });
    const station = await pageApi<{ station: { id: string } }>(hq, 'POST', `/api/v1/elections/${councilId}/stations`, {
      areaId: area.data.area.id,
      number: 606,
      address: 'Туркестан, ул. Тауке хана, 5',
    });
    expect(station.status).toBe(201);
    const assigned = await pageApi(hq, 'POST', `/api/v1/elections/${councilId}/assignments`, {
      observerId: first.observerId,
      stationId: station.data.station.id,
      shift: 'voting_day',
    });
    expect(assigned.status).toBe(201);

    const phoneContext = await newContext(browser, server.baseUrl, SMALL_PHONE);
    const phone = await phoneContext.newPage();
    const field = new FieldAppPage(phone);
    await phone.goto(`/invite#${first.inviteCode}`);
    await field.waitForHome();
    // Each station under its election's name.
    const councilSection = phone.locator(`section.fa-election[data-election-id="${councilId}"]`);
    await councilSection.waitFor();
    expect(await councilSection.locator('h3').textContent()).toBe('Выборы в маслихат (два в один день)');
    expect(await councilSection.locator('a.fa-station-card').count()).toBe(1);
    expect(await councilSection.locator('a.fa-station-card').textContent()).toContain('606');
    const firstSection = phone.locator(`section.fa-election[data-election-id="${first.electionId}"]`);
    expect(await firstSection.locator('a.fa-station-card').textContent()).toContain('505');
    await shot(phone, '15-home-two-elections');
    await expectAccessible(phone, 'field-15-home-two-elections');

    // The council's station takes a report on the council's own opening form.
    await field.openStation(606);
    await field.fillOpening('06:50');
    await field.save();
    const councilForms = await pageApi<{ items: { id: string; kind: string }[] }>(
      hq,
      'GET',
      `/api/v1/elections/${councilId}/forms`,
    );
    const councilOpening = councilForms.data.items.find((f) => f.kind === 'opening');
    await expect
      .poll(async () => {
        const reports = await pageApi<{ items: { formId: string; stationId: string }[] }>(
          hq,
          'GET',
          `/api/v1/elections/${councilId}/reports`,
        );
        return reports.data.items.map((r) => [r.formId, r.stationId]);
      })
      .toEqual([[councilOpening?.id, station.data.station.id]]);
    const firstReports = await pageApi<{ items: unknown[] }>(
      hq,
      'GET',
      `/api/v1/elections/${first.electionId}/reports`,
    );
    expect(firstReports.data.items).toEqual([]);

    await phoneContext.close();
    await hqContext.close();
  });

  it('says when the phone refuses to store data, and keeps the answers of a report it could not save', async () => {
    const inviteCode = await inviteForNewObserver({
      election: 'Выборы акима (проверка)',
      area: { code: 'SHY', name: 'город Шымкент' },
      station: { number: 404, address: 'Шымкент, пр. Тауке хана, 7' },
      observer: 'Дана Серикова',
    });

    // A phone whose storage is full: every write to IndexedDB fails as Chrome fails it, until the
    // test frees space.
    const phoneContext = await newContext(browser, server.baseUrl, SMALL_PHONE);
    await phoneContext.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if ((window as { __storageFull?: boolean }).__storageFull !== false) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return put.apply(this, args);
      };
    });
    const phone = await phoneContext.newPage();
    const field = new FieldAppPage(phone);
    await phone.goto(`/invite#${inviteCode}`);
    await field.waitForHome();
    await field.stationCard(404).waitFor();
    await expect.poll(() => field.readinessText()).toBe(readiness.storageUnavailable);
    await shot(phone, '13-home-storage-refused');
    await expectAccessible(phone, 'field-13-home-storage-refused');

    await field.openStation(404);
    await field.fillOpening('06:50');
    await phone.locator('form.fa-form button[type="submit"]').click();
    await expect.poll(() => phone.locator('form.fa-form .alert-error').textContent()).toBe(ru.field.saveFailedFull);
    // Not saved, and nothing lost: still the form, with every answer in it.
    expect(new URL(phone.url()).pathname).toContain('/new/');
    expect(await field.question('arrival_time').inputValue()).toBe('06:50');
    expect(await phone.locator('#fa-q-boxes_empty_sealed-yes').isChecked()).toBe(true);
    await shot(phone, '14-report-not-saved');
    await expectAccessible(phone, 'field-14-report-not-saved');

    // Space freed: the same answers are saved with one more press, and the message goes.
    await phone.evaluate(() => {
      (window as { __storageFull?: boolean }).__storageFull = false;
    });
    await field.save();
    expect(await phone.locator('.alert-success').textContent()).toBe(ru.field.saved);

    await phoneContext.close();
  });

  it('tells the observer plainly when the browser offers no service worker (not a secure context)', async () => {
    const inviteCode = await inviteForNewObserver({
      election: 'Выборы в мажилис (проверка)',
      area: { code: 'KAR', name: 'Карагандинская область' },
      station: { number: 303, address: 'Караганда, ул. Ерубаева, 12' },
      observer: 'Ерлан Жумабеков',
    });

    // As over plain http on a real address: the browser has no navigator.serviceWorker at all.
    const phoneContext = await newContext(browser, server.baseUrl, SMALL_PHONE);
    await phoneContext.addInitScript(() => {
      delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker;
    });
    const phone = await phoneContext.newPage();
    const field = new FieldAppPage(phone);
    await phone.goto(`/invite#${inviteCode}`);
    await field.waitForHome();
    await field.stationCard(303).waitFor();
    await expect.poll(() => field.readinessText()).toBe(readiness.onlineOnly);
    expect(await phone.evaluate(() => 'serviceWorker' in navigator)).toBe(false);
    await shot(phone, '12-home-no-service-worker');
    await expectAccessible(phone, 'field-12-home-no-service-worker');

    await phoneContext.close();
  });
});
