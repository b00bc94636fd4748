import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CoveragePage } from './pages/coverage.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { OverviewPage } from './pages/overview.page.ts';
import { ReadinessPage } from './pages/readiness.page.ts';
import { expectAccessible } from './support/axe.ts';
import {
  almatyToday,
  DESKTOP,
  describeInChromium,
  launchChromium,
  newContext,
  PHONE,
  screenshot,
} from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

/**
 * HQ operations, as a regional coordinator of Almaty sees them: the readiness view lists the
 * stations nobody has visited and the problems found at the visited one, a visit is planned, and
 * coverage moves when an opening report arrives from the field. (The verification queue's part of
 * the flow has its own file.)
 */

const admin = { displayName: 'Сауле Нурланова', email: 'ops-hq@example.org', password: 'степной ветер над алматы' };
const coordinatorA = {
  displayName: 'Марат Алматинский',
  email: 'ops-rc@example.org',
  password: 'горы над городом яблок',
};
const names = { a: 'Арман Тулегенов', a2: 'Айдана Ержанова', b: 'Ботагоз Калиева' } as const;
const district = 'Алмалинский район';
const shot = (page: Page, name: string) => screenshot(page, `operations-${name}`);

const readiness = {
  check_date: almatyToday(),
  station_open: true,
  commission_present: true,
  members_present: 7,
  voter_lists_available: true,
  candidate_info_posted: true,
  booths_in_place: true,
  boxes_in_place: true,
  accessible: false,
  cameras: 'yes',
  premises_fit: true,
};
const opening = {
  arrival_time: '06:45',
  admitted: true,
  opened_on_time: true,
  opening_time: '07:00',
  boxes_empty_sealed: true,
};

interface FieldForm {
  formId: string;
  kind: string;
  version: number;
}

describeInChromium('apps/web/e2e/operations.e2e.test.ts', 'HQ operations: readiness and coverage', () => {
  let server: RunningServer;
  let browser: Browser;
  let hq: APIRequestContext;
  const contexts: BrowserContext[] = [];
  const stations: Record<101 | 102 | 103 | 201, string> = { 101: '', 102: '', 103: '', 201: '' };
  const observerIds: Partial<Record<keyof typeof names, string>> = {};
  let sendFromA: (kind: string, stationId: string, answers: Record<string, unknown>) => Promise<string>;

  async function adminPost<T>(path: string, data?: unknown): Promise<T> {
    const response = await hq.post(path, { headers: { Origin: server.baseUrl }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const setup = await fetch(`${server.baseUrl}/api/v1/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(setup.status).toBe(201);
    const adminContext = await newContext(browser, server.baseUrl);
    contexts.push(adminContext);
    hq = adminContext.request;
    const signedIn = await hq.post('/api/v1/auth/sign-in', {
      headers: { Origin: server.baseUrl },
      data: { email: admin.email, password: admin.password },
    });
    expect(signedIn.status()).toBe(200);

    const { election } = await adminPost<{ election: { id: string; isCurrent: boolean } }>('/api/v1/elections', {
      name: { ru: 'Выборы в маслихат 2026', kk: 'Мәслихат сайлауы 2026', en: 'Maslikhat election 2026' },
      kind: 'local_council',
      votingDate: almatyToday(),
      timeZone: 'Asia/Almaty',
    });
    if (!election.isCurrent) await adminPost(`/api/v1/elections/${election.id}/current`);
    const area = async (parentId: string | null, level: string, code: string, name: string) =>
      (await adminPost<{ area: { id: string } }>('/api/v1/areas', { parentId, level, code, name: { ru: name } })).area
        .id;
    const regionA = await area(null, 'region', 'ALA', 'город Алматы');
    const districtA = await area(regionA, 'district', 'ALA-1', district);
    const regionB = await area(null, 'region', 'AST', 'город Астана');
    const station = async (areaId: string, number: number, address: string) =>
      (
        await adminPost<{ station: { id: string } }>(`/api/v1/elections/${election.id}/stations`, {
          areaId,
          number,
          address,
          registeredVoters: 1000,
        })
      ).station.id;
    stations[101] = await station(regionA, 101, 'Алматы, ул. Жандосова, 58');
    stations[102] = await station(districtA, 102, 'Алматы, ул. Толе би, 2');
    stations[103] = await station(districtA, 103, 'Алматы, пр. Абая, 10');
    stations[201] = await station(regionB, 201, 'Астана, пр. Республики, 1');

    const observer = async (key: keyof typeof names, areaId: string) => {
      observerIds[key] = (
        await adminPost<{ user: { id: string } }>('/api/v1/users', {
          role: 'observer',
          displayName: names[key],
          areaId,
        })
      ).user.id;
    };
    await observer('a', regionA);
    await observer('a2', districtA);
    await observer('b', regionB);
    for (const [key, stationId] of [
      ['a', stations[101]],
      ['b', stations[201]],
    ] as const) {
      await adminPost(`/api/v1/elections/${election.id}/assignments`, {
        observerId: observerIds[key],
        stationId,
        shift: 'voting_day',
      });
    }
    await adminPost('/api/v1/users', {
      role: 'regional_coordinator',
      displayName: coordinatorA.displayName,
      email: coordinatorA.email,
      password: coordinatorA.password,
      areaId: regionA,
    });

    // Observer A's phone, signed in with an invite code, sends reports through the API.
    const { code } = await adminPost<{ code: string }>(`/api/v1/users/${observerIds.a}/invites`);
    const phone = await newContext(browser, server.baseUrl);
    contexts.push(phone);
    const redeemed = await phone.request.post('/api/v1/auth/invite', {
      headers: { Origin: server.baseUrl },
      data: { code },
    });
    expect(redeemed.status()).toBe(200);
    const pack = (await (await phone.request.get('/api/v1/me/field-pack')).json()) as { forms: FieldForm[] };
    sendFromA = async (kind, stationId, answers) => {
      const form = pack.forms.find((f) => f.kind === kind);
      if (!form) throw new Error(`no ${kind} form in the field pack`);
      const id = randomUUID();
      const sent = await phone.request.post('/api/v1/reports', {
        headers: { Origin: server.baseUrl },
        data: { id, revision: 1, stationId, formId: form.formId, formVersion: form.version, answers },
      });
      expect(sent.status(), await sent.text()).toBe(200);
      return id;
    };
    await sendFromA('readiness', stations[101], readiness);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('shows a coordinator the unvisited stations of their region, the problems found, and a planned visit', async () => {
    const context = await newContext(browser, server.baseUrl, DESKTOP);
    contexts.push(context);
    const page = await context.newPage();
    await signInToHq(page, coordinatorA);

    const view = new ReadinessPage(page);
    await view.goto();
    expect(await view.count('stations')).toBe('3');
    expect(await view.count('not-visited')).toBe('2');
    // The visited station with a problem first, then those nobody visited; region B is not there.
    expect(await view.stationNumbers()).toEqual([101, 102, 103]);
    await expect.poll(() => view.stationRow(101).getAttribute('data-state')).toBe('problems');
    expect(await view.stationRow(102).getAttribute('data-state')).toBe('not-visited');
    expect(await view.finding('accessible').getAttribute('data-problem')).toBe('true');
    await expectAccessible(page, 'readiness (regional coordinator)');
    await shot(page, 'readiness-1280');

    await view.filter('not_visited');
    await expect.poll(() => view.stationNumbers()).toEqual([102, 103]);
    await view.filter('all');
    // The coordinator's own region is the top; its districts one step down.
    await view.drillInto('город Алматы');
    await view.drillInto(district);
    await expect.poll(() => view.stationNumbers()).toEqual([102, 103]);

    await view.plan(names.a2, 102, almatyToday());
    await view.planRow(102).waitFor();
    expect(await view.planRow(102).getAttribute('data-status')).toBe('planned');
    await expectAccessible(page, 'readiness, district and plan');
    await shot(page, 'readiness-district-1280');

    const phoneContext = await newContext(browser, server.baseUrl, PHONE);
    contexts.push(phoneContext);
    const phonePage = await phoneContext.newPage();
    await signInToHq(phonePage, coordinatorA);
    const onPhone = new ReadinessPage(phonePage);
    await onPhone.goto();
    await onPhone.stationRow(103).waitFor();
    await expectAccessible(phonePage, 'readiness on a phone');
    await shot(phonePage, 'readiness-390');
  });

  it('moves coverage when an opening report arrives, and shows the same numbers on the overview', async () => {
    const context = await newContext(browser, server.baseUrl, DESKTOP);
    contexts.push(context);
    const page = await context.newPage();
    await signInToHq(page, coordinatorA);

    const coverage = new CoveragePage(page);
    await coverage.goto();
    expect(await coverage.count('stations')).toBe('3');
    expect(await coverage.count('assigned')).toBe('1');
    expect(await coverage.count('phase-opening')).toBe('0');
    // Stations without an observer first.
    expect(await coverage.stationNumbers()).toEqual([102, 103, 101]);
    expect(await coverage.stationRow(102).getAttribute('data-covered')).toBe('no');
    await expectAccessible(page, 'coverage (regional coordinator)');
    await shot(page, 'coverage-1280');

    await sendFromA('opening', stations[101], opening);
    await page.reload();
    await page.locator('dl.counts').waitFor();
    await expect.poll(() => coverage.count('phase-opening')).toBe('1');
    expect(await coverage.stationRow(101).getAttribute('data-reported')).toBe('1');

    const overview = new OverviewPage(page);
    await overview.goto();
    expect(await overview.value('coverage', 'voting_day')).toContain('1');
    expect(await overview.value('coverage', 'voting_day')).toContain('33%');
    expect(await overview.value('readiness', 'visited')).toContain('33%');
    await expectAccessible(page, 'overview (regional coordinator)');
    await shot(page, 'overview-1280');

    const phoneContext = await newContext(browser, server.baseUrl, PHONE);
    contexts.push(phoneContext);
    const phonePage = await phoneContext.newPage();
    await signInToHq(phonePage, coordinatorA);
    const onPhone = new CoveragePage(phonePage);
    await onPhone.goto();
    await onPhone.stationRow(101).waitFor();
    await expectAccessible(phonePage, 'coverage on a phone');
    await shot(phonePage, 'coverage-390');
    const overviewOnPhone = new OverviewPage(phonePage);
    await overviewOnPhone.goto();
    await expectAccessible(phonePage, 'overview on a phone');
    await shot(phonePage, 'overview-390');
  });
});
