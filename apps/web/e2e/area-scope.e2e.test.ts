import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { AssignmentsPage } from './pages/assignments.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { LiveReportsPage } from './pages/live-reports.page.ts';
import { ReportPage } from './pages/report.page.ts';
import { UsersPage } from './pages/users.page.ts';
import { expectAccessible } from './support/axe.ts';
import { almatyToday, DESKTOP, describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

/**
 * A regional coordinator's console shows their region only: its observers, its assignments, its
 * reports, its live events; another region's report opened by its address is "not found".
 */

const admin = { displayName: 'Сауле Нурланова', email: 'scope-hq@example.org', password: 'степной ветер над алматы' };
const coordinatorA = {
  displayName: 'Марат Алматинский',
  email: 'rc-almaty@example.org',
  password: 'горы над городом яблок',
};
const names = {
  aByAccount: 'Айдана Ержанова',
  aAssigned: 'Арман Тулегенов',
  bByAccount: 'Берик Оспанов',
  bAssigned: 'Ботагоз Калиева',
  nowhere: 'Данияр Жумабаев',
} as const;
const shot = (page: Page, name: string) => screenshot(page, `area-scope-${name}`);

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

describeInChromium(
  'apps/web/e2e/area-scope.e2e.test.ts',
  "a regional coordinator sees their region's records only",
  () => {
    let server: RunningServer;
    let browser: Browser;
    let hq: APIRequestContext;
    const contexts: BrowserContext[] = [];
    const stations = { a101: '', a102: '', b201: '' };
    const observerIds: Partial<Record<keyof typeof names, string>> = {};
    const phones: Partial<Record<'a' | 'b', (stationId: string, arrival: string) => Promise<string>>> = {};
    const reports = { a: '', b: '' };

    /** An API call in the admin's session (the screens that make these records are tested elsewhere). */
    async function adminPost<T>(path: string, data?: unknown): Promise<T> {
      const response = await hq.post(path, { headers: { Origin: server.baseUrl }, data });
      expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
      return (await response.json()) as T;
    }

    /** An observer's phone, signed in with an invite code; sends opening reports through the API. */
    async function observerPhone(userId: string) {
      const { code } = await adminPost<{ code: string }>(`/api/v1/users/${userId}/invites`);
      const context = await newContext(browser, server.baseUrl);
      contexts.push(context);
      const signedIn = await context.request.post('/api/v1/auth/invite', {
        headers: { Origin: server.baseUrl },
        data: { code },
      });
      expect(signedIn.status()).toBe(200);
      const pack = (await (await context.request.get('/api/v1/me/field-pack')).json()) as { forms: FieldForm[] };
      const form = pack.forms.find((f) => f.kind === 'opening');
      if (!form) throw new Error('no opening form in the field pack');
      return async (stationId: string, arrival: string) => {
        const id = randomUUID();
        const sent = await context.request.post('/api/v1/reports', {
          headers: { Origin: server.baseUrl },
          data: {
            id,
            revision: 1,
            stationId,
            formId: form.formId,
            formVersion: form.version,
            answers: { ...opening, arrival_time: arrival },
            clientTime: new Date().toISOString(),
          },
        });
        expect(sent.status(), await sent.text()).toBe(200);
        return id;
      };
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
      const districtA = await area(regionA, 'district', 'ALA-1', 'Алмалинский район');
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
      stations.a101 = await station(regionA, 101, 'Алматы, ул. Жандосова, 58');
      stations.a102 = await station(districtA, 102, 'Алматы, ул. Толе би, 2');
      stations.b201 = await station(regionB, 201, 'Астана, пр. Республики, 1');

      const observer = async (key: keyof typeof names, areaId?: string) => {
        observerIds[key] = (
          await adminPost<{ user: { id: string } }>('/api/v1/users', {
            role: 'observer',
            displayName: names[key],
            ...(areaId ? { areaId } : {}),
          })
        ).user.id;
      };
      await observer('aByAccount', districtA);
      await observer('aAssigned');
      await observer('bByAccount', regionB);
      await observer('bAssigned');
      await observer('nowhere');
      for (const [key, stationId] of [
        ['aAssigned', stations.a101],
        ['bAssigned', stations.b201],
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

      phones.a = await observerPhone(observerIds.aAssigned as string);
      phones.b = await observerPhone(observerIds.bAssigned as string);
      reports.a = await phones.a(stations.a101, '06:40');
      reports.b = await phones.b(stations.b201, '06:41');
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser?.close();
      await server?.stop();
    });

    it('shows the users, assignments and reports of region A only, live, and another region’s report as not found', async () => {
      const context = await newContext(browser, server.baseUrl, DESKTOP);
      contexts.push(context);
      const page = await context.newPage();
      await signInToHq(page, coordinatorA);

      // Accounts: A's observers (one by the area on the account, one by assignment), no staff, none of B.
      const users = new UsersPage(page);
      await users.goto();
      await users.row(names.aAssigned).waitFor();
      await expect
        .poll(async () => (await users.displayNames()).sort())
        .toEqual([names.aAssigned, names.aByAccount].sort());
      await shot(page, 'users');
      await expectAccessible(page, 'users (regional coordinator)');

      // Assignments: the one at A's station.
      const assignments = new AssignmentsPage(page);
      await assignments.goto();
      await assignments.row(101, names.aAssigned).waitFor();
      await expect.poll(() => assignments.rowKeys()).toEqual([`101 · ${names.aAssigned}`]);
      await shot(page, 'assignments');
      await expectAccessible(page, 'assignments (regional coordinator)');

      // Reports: A's in the list; then, while the page is open, one from B and one from A arrive.
      const live = new LiveReportsPage(page);
      await live.goto();
      await live.waitUntilLive();
      await live.list.locator(`tr[data-report-id="${reports.a}"]`).waitFor();
      await expect.poll(() => live.listReportIds()).toEqual([reports.a]);
      const fromB = await (phones.b as NonNullable<typeof phones.b>)(stations.b201, '06:50');
      const fromA = await (phones.a as NonNullable<typeof phones.a>)(stations.a101, '06:51');
      await live.feedItem(fromA).waitFor();
      expect(await live.feedItem(fromB).count()).toBe(0);
      expect(await live.feedItems().count()).toBe(1);
      await expect.poll(async () => (await live.listReportIds()).sort()).toEqual([reports.a, fromA].sort());
      expect(await live.list.locator(`tr[data-report-id="${fromB}"]`).count()).toBe(0);
      await shot(page, 'live-reports');
      await expectAccessible(page, 'live reports (regional coordinator)');

      // A's report opens; B's, by its address, is not found.
      await page.goto(`/hq/reports/${reports.a}`);
      await new ReportPage(page).waitUntilOpen();
      await page.goto(`/hq/reports/${reports.b}`);
      await page.locator('main h1', { hasText: ru.notFound.title }).waitFor();
      expect(await page.locator('main h1').first().textContent()).toBe(ru.notFound.title);
      expect(await page.locator('.lr-comparison-table').count()).toBe(0);
      await shot(page, 'report-not-found');
      await expectAccessible(page, 'report of another region (regional coordinator)');
    });
  },
);
