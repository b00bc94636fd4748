import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { ExportsPage } from './pages/exports.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { expectAccessible } from './support/axe.ts';
import { describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import {
  currentElection,
  type HqApi,
  hqAdmin,
  noonZone,
  observerPhone,
  openingAnswers,
  twoRegions,
} from './support/hq-world.ts';
import { type RunningServer, startServer } from './support/server.ts';

/**
 * Issue 18's exports as an HQ coordinator uses them: two observers' reports are in; the coordinator
 * opens Exports from the menu, starts a CSV of every report (one column per question), watches it
 * finish, downloads it and finds both reports in it; the page passes axe. Then the single-form export:
 * the opening form only, whose columns are that form's questions and no other form's.
 */
const admin = {
  displayName: 'Дана Ахметова',
  email: 'exports-hq@example.org',
  password: 'выгрузка всех отчётов сразу',
};

describeInChromium('apps/web/e2e/exports.e2e.test.ts', 'Exports: a CSV of every report', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: HqApi;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    api = await hqAdmin(server, browser, admin);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts an export, sees it finish, downloads the file with the reports in it', async () => {
    const zone = noonZone();
    const electionId = await currentElection(api, zone.date, zone.timeZone);
    const { areas, stations } = await twoRegions(api, electionId, { regionA: [101], districtA: [], regionB: [201] });
    const reportIds: string[] = [];
    for (const [area, station, name] of [
      [areas.regionA, stations[101], 'Арман Тулегенов'],
      [areas.regionB, stations[201], 'Ботагоз Калиева'],
    ] as const) {
      const { user } = await api.post<{ user: { id: string } }>('/api/v1/users', {
        role: 'observer',
        displayName: name,
        areaId: area,
      });
      await api.post(`/api/v1/elections/${electionId}/assignments`, {
        observerId: user.id,
        stationId: station,
        shift: 'opening',
        override: true,
      });
      const phone = await observerPhone(api, browser, server, user.id);
      reportIds.push(await phone.send('opening', station as string, openingAnswers()));
      await phone.context.close();
    }

    const context = await newContext(browser, server.baseUrl);
    const page = await context.newPage();
    const shell = await signInToHq(page, admin);
    await shell.page.getByRole('link', { name: ru.exports.nav }).click();
    const exports = new ExportsPage(page);
    await page.locator('#export-kind').waitFor();
    await exports.start({ kind: 'reports', format: 'csv', shape: 'wide' });
    const row = exports.newest();
    await exports.waitUntilDone(row);
    await expect.poll(async () => (await row.textContent()) ?? '').toContain(ru.exports.statuses.done);
    await expectAccessible(page, 'exports');
    await screenshot(page, 'exports-done');

    const download = await exports.download(row);
    expect(download.suggestedFilename()).toMatch(/^reports-wide-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]?.startsWith('report_id;revision;latest;region')).toBe(true);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(';')[0])
        .sort(),
    ).toEqual([...reportIds].sort());
    const { items: forms } = await api.get<{ items: { code: string; kind: string; title: { ru: string } }[] }>(
      `/api/v1/elections/${electionId}/forms`,
    );
    const opening = forms.find((f) => f.kind === 'opening');
    const incident = forms.find((f) => f.kind === 'incident');
    // Every form's questions are columns of the export of all forms.
    expect(lines[0]).toContain(`;${opening?.code}.`);
    expect(lines[0]).toContain(`;${incident?.code}.`);
    await exports.start({ kind: 'reports', format: 'csv', shape: 'wide', form: opening?.title.ru as string });
    await expect.poll(() => exports.rows.count()).toBe(2);
    await exports.waitUntilDone(exports.newest());
    const one = readFileSync((await (await exports.download(exports.newest())).path()) as string, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    const columns = (one[0] ?? '').split(';');
    expect(columns.filter((c) => c.startsWith(`${opening?.code}.`)).length).toBeGreaterThan(0);
    expect(columns.filter((c) => c.includes('.') && !c.startsWith(`${opening?.code}.`))).toEqual([]);
    expect(one.length - 1).toBe(reportIds.length);
    await context.close();
  }, 60_000);
});
