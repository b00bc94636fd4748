import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { AssignmentsPage } from './pages/assignments.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { LiveReportsPage } from './pages/live-reports.page.ts';
import { ReportPage } from './pages/report.page.ts';
import { UsersPage } from './pages/users.page.ts';
import { expectAccessible } from './support/axe.ts';
import { almatyToday, DESKTOP, describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import {
  assign,
  currentElection,
  hqAdmin,
  observer,
  observerPhone,
  openingAnswers,
  regionalCoordinator,
  twoRegions,
} from './support/hq-world.ts';
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

describeInChromium(
  'apps/web/e2e/area-scope.e2e.test.ts',
  "a regional coordinator sees their region's records only",
  () => {
    let server: RunningServer;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let stations: Record<number, string> = {};
    const phones: Partial<Record<'a' | 'b', (stationId: string, arrival: string) => Promise<string>>> = {};
    const reports = { a: '', b: '' };

    beforeAll(async () => {
      server = await startServer();
      browser = await launchChromium();
      const api = await hqAdmin(server, browser, admin);
      const electionId = await currentElection(api, almatyToday());
      const world = await twoRegions(api, electionId, { regionA: [101], districtA: [102], regionB: [201] });
      stations = world.stations;
      const ids = {
        aByAccount: await observer(api, names.aByAccount, world.areas.districtA),
        aAssigned: await observer(api, names.aAssigned),
        bByAccount: await observer(api, names.bByAccount, world.areas.regionB),
        bAssigned: await observer(api, names.bAssigned),
        nowhere: await observer(api, names.nowhere),
      };
      await assign(api, electionId, ids.aAssigned, stations[101] as string);
      await assign(api, electionId, ids.bAssigned, stations[201] as string);
      await regionalCoordinator(api, coordinatorA, world.areas.regionA);

      for (const [key, userId] of [
        ['a', ids.aAssigned],
        ['b', ids.bAssigned],
      ] as const) {
        const phone = await observerPhone(api, browser, server, userId);
        contexts.push(phone.context);
        phones[key] = (stationId, arrival) => phone.send('opening', stationId, openingAnswers(arrival));
      }
      reports.a = await (phones.a as NonNullable<typeof phones.a>)(stations[101] as string, '06:40');
      reports.b = await (phones.b as NonNullable<typeof phones.b>)(stations[201] as string, '06:41');
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
      const fromB = await (phones.b as NonNullable<typeof phones.b>)(stations[201] as string, '06:50');
      const fromA = await (phones.a as NonNullable<typeof phones.a>)(stations[101] as string, '06:51');
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
