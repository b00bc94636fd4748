import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProtocolTemplate, protocolTemplates } from '@pollwatch/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { ImportWizardPage } from './pages/import-wizard.page.ts';
import { OfficialDataPage, QuickCountPage, ResultsPage } from './pages/results.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Айгерим Сапарова', email: 'analysis@example.org', password: 'цифры протоколов не лгут' };

const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `results-${name}`, { fullPage });

const OPTIONS = [
  { code: 'a', kind: 'candidate', name: { ru: 'Абаев Алмас', kk: 'Абаев Алмас' } },
  { code: 'b', kind: 'candidate', name: { ru: 'Бекова Бибигуль', kk: 'Бекова Бибігүл' } },
] as const;

/** Per station: voters on the list, ballots issued, invalid, votes for a and b; `tookPart` when it is off. */
const STATIONS = [
  { number: 1, registered: 1000, issued: 600, invalid: 10, a: 400, b: 190 },
  { number: 2, registered: 1200, issued: 540, invalid: 0, a: 270, b: 270 },
  { number: 3, registered: 1500, issued: 900, invalid: 20, a: 600, b: 280 },
  // Stuffed: turnout and the leader's share both above 95%.
  { number: 4, registered: 1100, issued: 1080, invalid: 0, a: 1060, b: 20 },
  // The commission's sums do not add up: 710 took part, 705 ballots counted.
  { number: 5, registered: 1300, issued: 710, invalid: 5, a: 350, b: 350, tookPart: 710 },
];

/** A CEC-style file: the official Russian line names as headers, as the CEC's own tables have them. */
function officialCsv(): string {
  const template = buildProtocolTemplate(
    protocolTemplates.kz,
    OPTIONS.map((o) => ({ code: o.code, name: o.name })),
  );
  const headers = [
    'Регион',
    '№ УИК',
    ...template.lines.map((l) => (l.officialName ? `${l.number}. ${l.officialName}` : l.label.ru)),
  ];
  const rows = STATIONS.map((s) => {
    const values: Record<string, number> = {
      voters_on_lists: s.registered,
      ballots_received: s.registered,
      voters_received_ballots: s.issued,
      ballots_cancelled: s.registered - s.issued,
      voters_took_part: s.tookPart ?? s.invalid + s.a + s.b,
      invalid_ballots: s.invalid,
      option_a: s.a,
      option_b: s.b,
    };
    return ['ALA', s.number, ...template.lines.map((l) => values[l.key] ?? '')].join(';');
  });
  return `${[headers.join(';'), ...rows].join('\r\n')}\r\n`;
}

/** A voting day a month ahead: the quick-count sample can still be drawn. */
function votingDayAhead(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

describeInChromium('apps/web/e2e/results.e2e.test.ts', 'HQ: official results, analysis and quick count', () => {
  let server: RunningServer;
  let browser: Browser;
  let files: string;
  let hq: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const response = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(201);
    files = mkdtempSync(join(tmpdir(), 'pollwatch-results-'));
    writeFileSync(join(files, 'results.csv'), officialCsv(), 'utf8');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  async function signedIn(viewport: typeof DESKTOP | typeof PHONE): Promise<Page> {
    const page = await (await newContext(browser, server.baseUrl, viewport)).newPage();
    await signInToHq(page, admin);
    return page;
  }

  async function adminPost<T>(path: string, data?: unknown): Promise<T> {
    const response = await hq.request.post(path, { headers: { Origin: server.baseUrl }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  it('imports official results through the wizard and shows the analysis with charts and tables', async () => {
    hq = await signedIn(DESKTOP);
    const { election } = await adminPost<{ election: { id: string; isCurrent: boolean } }>('/api/v1/elections', {
      name: { ru: 'Выборы Президента 2026', kk: 'Президент сайлауы 2026', en: 'Presidential election 2026' },
      kind: 'presidential',
      votingDate: votingDayAhead(),
      timeZone: 'Asia/Almaty',
      protocolTemplate: 'kz',
      ballotOptions: OPTIONS,
    });
    if (!election.isCurrent) await adminPost(`/api/v1/elections/${election.id}/current`);
    const { area } = await adminPost<{ area: { id: string } }>('/api/v1/areas', {
      parentId: null,
      level: 'region',
      code: 'ALA',
      name: { ru: 'город Алматы', kk: 'Алматы қаласы' },
    });
    const stationIds = new Map<number, string>();
    for (const s of STATIONS) {
      const { station } = await adminPost<{ station: { id: string } }>(`/api/v1/elections/${election.id}/stations`, {
        areaId: area.id,
        number: s.number,
        address: `Алматы, Абай даңғылы, ${s.number}`,
        registeredVoters: s.registered,
      });
      stationIds.set(s.number, station.id);
    }

    // Before the import: the screen says there is nothing yet and offers the import.
    const shell = new HqShell(hq);
    const results = new ResultsPage(hq);
    // A fresh load: the console has cached the list of elections from before the API calls.
    await results.goto();
    expect(await shell.navLink(ru.nav.results).getAttribute('aria-current')).toBe('page');
    await results.emptyState().waitFor();
    expect(await results.emptyState().locator('h2').textContent()).toBe(ru.results.emptyTitle);
    await shot(hq, 'desktop-empty');
    await expectAccessible(hq, 'results-empty');

    // The wizard, kind=results: the columns map themselves, labelled with the protocol's lines.
    await results.importButton().click();
    await hq.waitForURL((url) => url.pathname === '/hq/imports/new' && url.search.includes('kind=results'));
    // The wizard is loaded on demand: poll its heading rather than read the old page's.
    await expect.poll(() => shell.heading().textContent()).toBe(ru.imports.titleResults);
    const wizard = new ImportWizardPage(hq);
    await wizard.upload(join(files, 'results.csv'));
    expect(await wizard.mappedHeader('number')).toBe('№ УИК');
    expect(await wizard.mappedHeader('option_a')).toBe('Абаев Алмас');
    expect(await wizard.mappedHeader('option_b')).toBe('Бекова Бибигуль');
    expect(await hq.locator('tr[data-field="option_b"] th').textContent()).toContain('Бекова Бибигуль');
    expect(await hq.locator('tr[data-field="number"] th').textContent()).toContain(ru.imports.fields.stations.number);
    await shot(hq, 'desktop-import-columns');
    await expectAccessible(hq, 'results-import-columns');
    expect(await wizard.check()).toEqual({ rows: 5, added: 5, changed: 0, unchanged: 0, rejected: 0 });
    await wizard.apply();
    expect(await hq.locator('[data-action="to-list"]').textContent()).toBe(ru.imports.done.toResults);
    await wizard.goToList();
    await shell.waitUntilOpen('/hq/results');

    // The analysis: five stations, every chart drawn, the tables as the data say.
    await results.waitForAnalysis();
    expect(await results.stationCount()).toBe(5);
    for (const chart of ['turnout', 'leader-share', 'shpilkin', 'last-digit']) await results.waitForChart(chart);
    await results.chart('density').locator('canvas').waitFor();
    expect(await results.tableRows('totals').count()).toBe(2);
    expect(await results.tableCaption('totals').textContent()).toContain('5');
    // Station 5 fails "ballots counted = took part" (kz_boxes_balance).
    const checks = await results
      .tableRows('checks')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
      );
    expect(checks.find((row) => row[3] === '1')?.[0]).toMatch(/=/);
    expect(await results.tableRows('checks', 1).count()).toBe(1);
    expect(await results.tableRows('checks', 1).first().locator('th').textContent()).toBe('ALA / 5');
    // Station 4 is the stuffed one.
    expect(await results.tableRows('outliers').count()).toBe(1);
    expect(await results.tableRows('outliers').first().locator('th').textContent()).toBe('ALA / 4');
    expect(await results.tableRows('integer').count()).toBe(3);
    // Every table offers its CSV.
    const exports = await hq.locator('main [data-action="export-csv"]').count();
    expect(exports).toBeGreaterThanOrEqual(10);
    const download = hq.waitForEvent('download');
    await results.section('outliers').locator('[data-action="export-csv"]').click();
    expect((await download).suggestedFilename()).toBe('outlier-stations.csv');

    // 0.1-point bins, where integer percentages show as spikes.
    await results.chart('turnout').locator('input[data-step="fine"]').check();
    await results.chart('turnout').locator('.chart-caption p', { hasText: '0,1' }).waitFor();
    await results.waitForChart('turnout');
    await hq.locator('figure[data-chart="turnout"] details.chart-data > summary').click();
    await shot(hq, 'desktop-analysis');
    await expectAccessible(hq, 'results-analysis');

    // The comparison: no observer copies yet.
    await hq.getByRole('link', { name: ru.results.tabs.comparison }).click();
    await shell.waitUntilOpen('/hq/results/comparison');
    await hq.locator('main .empty-state h2', { hasText: ru.results.comparison.emptyTitle }).waitFor();
    await shot(hq, 'desktop-comparison-empty');
    await expectAccessible(hq, 'results-comparison-empty');

    // An observer's copy of station 1 where 100 votes went from Абаев to Бекова in the official row.
    const { user } = await adminPost<{ user: { id: string } }>('/api/v1/users', {
      role: 'observer',
      displayName: 'Ерлан Жаксылыков',
    });
    const { code } = await adminPost<{ code: string }>(`/api/v1/users/${user.id}/invites`);
    // Sent to every station: an assigned observer's copies count without the HQ's choice.
    for (const stationId of stationIds.values()) {
      await adminPost(`/api/v1/elections/${election.id}/assignments`, {
        observerId: user.id,
        stationId,
        shift: 'counting',
      });
    }
    const phone = await newContext(browser, server.baseUrl, PHONE);
    const signedInObserver = await phone.request.post('/api/v1/auth/invite', {
      headers: { Origin: server.baseUrl },
      data: { code },
    });
    expect(signedInObserver.status()).toBe(200);
    const pack = (await (await phone.request.get('/api/v1/me/field-pack')).json()) as {
      forms: { kind: string; formId: string; version: number }[];
    };
    const protocol = pack.forms.find((f) => f.kind === 'protocol');
    if (!protocol) throw new Error('no protocol form in the field pack');
    /** The observer's protocol copy of a station, as the phone sends it. */
    const sendCopy = async (number: number, a: number, b: number) => {
      const s = STATIONS.find((x) => x.number === number);
      if (!s) throw new Error(`no station ${number}`);
      const sent = await phone.request.post('/api/v1/reports', {
        headers: { Origin: server.baseUrl },
        data: {
          id: randomUUID(),
          revision: 1,
          stationId: stationIds.get(number),
          formId: protocol.formId,
          formVersion: protocol.version,
          answers: {
            voters_on_lists: s.registered,
            ballots_received: s.registered,
            voters_received_ballots: s.issued,
            ballots_cancelled: s.registered - s.issued,
            voters_took_part: s.invalid + a + b,
            invalid_ballots: s.invalid,
            option_a: a,
            option_b: b,
            protocol_photos: ['d'.repeat(64)],
          },
          clientTime: new Date().toISOString(),
        },
      });
      expect(sent.status(), await sent.text()).toBe(200);
    };
    await sendCopy(1, 300, 290);
    await hq.reload();
    const item = hq.locator('li.comparison-item[data-station="1"]');
    await item.waitFor();
    expect(await item.locator('[data-value="votes-moved"]').textContent()).toBe('100');
    expect(await item.locator('tbody tr').count()).toBe(2);
    expect(await hq.locator('[data-action="export-comparison"]').getAttribute('href')).toBe(
      `/api/v1/elections/${election.id}/results/comparison/export`,
    );
    await shot(hq, 'desktop-comparison');
    await expectAccessible(hq, 'results-comparison');

    // The quick count: a seeded sample of three stations.
    const quick = new QuickCountPage(hq);
    await shell.navLink(ru.nav.quickCount).click();
    await shell.waitUntilOpen('/hq/quick-count');
    await hq.locator('#quick-count-margin').waitFor();
    await expectAccessible(hq, 'quick-count-form');
    await quick.drawByStations(3, 'pvt-e2e-2026');
    expect(await quick.seed()).toBe('pvt-e2e-2026');
    expect(await quick.sampleSize()).toBe(3);
    await hq.locator('section[data-section="sample"] .table-sample-stations').waitFor();
    const sampled = await quick.sampledNumbers();
    expect(sampled).toHaveLength(3);
    for (const n of sampled) expect(STATIONS.map((s) => s.number)).toContain(n);
    await hq.locator('section[data-section="estimate"]').waitFor();
    await expectAccessible(hq, 'quick-count-sample');

    // Copies from the sampled stations (as the CEC published them, so the verdict is "inside").
    for (const n of sampled) {
      const s = STATIONS.find((x) => x.number === n);
      if (s && n !== 1) await sendCopy(n, s.a, s.b);
    }
    await phone.close();
    await hq.reload();
    const estimate = hq.locator('section[data-section="estimate"] table.table-estimate tbody tr');
    await estimate.first().waitFor();
    expect(await estimate.count()).toBe(3);
    expect(await hq.locator('section[data-section="estimate"] [data-value="reports"]').textContent()).toContain('3');
    const verdictCells = await estimate.evaluateAll((rows) =>
      rows.map((row) => (row.querySelectorAll('td')[5]?.textContent ?? '').trim()),
    );
    for (const cell of verdictCells) expect(Object.values(ru.quickCount.verdicts)).toContain(cell);
    await shot(hq, 'desktop-quick-count');
    await expectAccessible(hq, 'quick-count-estimate');
  }, 120_000);

  it('imports official area totals and turnout, sets them beside the stations and the observers; picks the leader', async () => {
    const shell = new HqShell(hq);
    const template = buildProtocolTemplate(
      protocolTemplates.kz,
      OPTIONS.map((o) => ({ code: o.code, name: o.name })),
    );
    const lineHeaders = template.lines.map((l) => (l.officialName ? `${l.number}. ${l.officialName}` : l.label.ru));
    // The sum of the five stations' a is 2680; the CEC's regional total says 2780. "Итого" is skipped.
    const sum = (key: 'registered' | 'issued' | 'invalid' | 'a' | 'b') => STATIONS.reduce((n, s) => n + s[key], 0);
    const regionRow = [
      sum('registered'),
      sum('registered'),
      sum('issued'),
      sum('registered') - sum('issued'),
      sum('invalid') + sum('a') + sum('b'),
      sum('invalid'),
      sum('a') + 100,
      sum('b'),
    ];
    writeFileSync(
      join(files, 'areas.csv'),
      `${[
        ['Территория', ...lineHeaders],
        ['ALA', ...regionRow],
        ['Итого', ...regionRow],
      ]
        .map((r) => r.join(';'))
        .join('\r\n')}\r\n`,
    );
    writeFileSync(
      join(files, 'turnout.csv'),
      `${[
        ['Регион', '№ УИК', 'Контрольное время', 'Получили бюллетени'],
        ['ALA', '1', '10:00', '150'],
        ['ALA', '2', '10:00', '130'],
        ['ALA', '1', '12:00', '320'],
        ['Всего', '', '10:00', '280'],
      ]
        .map((r) => r.join(';'))
        .join('\r\n')}\r\n`,
    );

    const official = new OfficialDataPage(hq);
    await official.goto();
    await official.section('area-totals').locator('.table-empty').waitFor();
    await hq.locator('[data-action="import-area-results"]').click();
    await expect.poll(() => shell.heading().textContent()).toBe(ru.imports.titleAreaResults);
    const wizard = new ImportWizardPage(hq);
    await wizard.upload(join(files, 'areas.csv'));
    expect(await wizard.mappedHeader('area')).toBe('Территория');
    expect(await wizard.mappedHeader('option_a')).toBe('Абаев Алмас');
    expect(await wizard.check()).toEqual({ rows: 2, added: 1, changed: 0, unchanged: 0, rejected: 0 });
    expect(await hq.locator('.count[data-count="skipped"] dd').textContent()).toBe('1');
    expect((await wizard.problems())[0]?.problem).toBe(ru.imports.problems.totals_row_skipped);
    await shot(hq, 'desktop-import-area-totals');
    await wizard.apply();
    expect(await hq.locator('[data-action="to-list"]').textContent()).toBe(ru.imports.done.toOfficial);
    await wizard.goToList();
    await shell.waitUntilOpen('/hq/results/official');

    await official.rows('table-area-totals').first().waitFor();
    const areaRows = await official.cells('table-area-totals');
    const optionA = areaRows.find((r) => r[1]?.includes('Абаев Алмас'));
    expect(optionA?.slice(2, 6).map((v) => v.replace(/\s/g, ''))).toEqual(['2780', '2680', '100', '5']);
    expect(await official.section('area-totals').locator('.results-verdict').getAttribute('data-mismatched')).toBe('1');

    await hq.locator('[data-action="import-official-turnout"]').click();
    await expect.poll(() => shell.heading().textContent()).toBe(ru.imports.titleOfficialTurnout);
    await wizard.upload(join(files, 'turnout.csv'));
    expect(await wizard.mappedHeader('checkpoint')).toBe('Контрольное время');
    expect(await wizard.mappedHeader('voters')).toBe('Получили бюллетени');
    await shot(hq, 'desktop-import-turnout-columns');
    expect(await wizard.check()).toEqual({ rows: 4, added: 3, changed: 0, unchanged: 0, rejected: 0 });
    await wizard.apply();
    await wizard.goToList();
    await shell.waitUntilOpen('/hq/results/official');

    // An observer reports 140 at station 1 at 10:00; the CEC says 150.
    const { user } = await adminPost<{ user: { id: string } }>('/api/v1/users', {
      role: 'observer',
      displayName: 'Динара Омарова',
    });
    const { code } = await adminPost<{ code: string }>(`/api/v1/users/${user.id}/invites`);
    const phone = await newContext(browser, server.baseUrl, PHONE);
    expect(
      (
        await phone.request.post('/api/v1/auth/invite', { headers: { Origin: server.baseUrl }, data: { code } })
      ).status(),
    ).toBe(200);
    const pack = (await (await phone.request.get('/api/v1/me/field-pack')).json()) as {
      forms: { kind: string; formId: string; version: number }[];
    };
    const turnoutForm = pack.forms.find((f) => f.kind === 'turnout');
    const stations = (await (
      await hq.request.get(`/api/v1/elections/${await currentElectionId()}/stations`)
    ).json()) as {
      items: { id: string; number: number }[];
    };
    const station1 = stations.items.find((s) => s.number === 1);
    const sent = await phone.request.post('/api/v1/reports', {
      headers: { Origin: server.baseUrl },
      data: {
        id: randomUUID(),
        revision: 1,
        stationId: station1?.id,
        formId: turnoutForm?.formId,
        formVersion: turnoutForm?.version,
        answers: { checkpoint_time: '10:00', voters_received: 140, source: 'own_count' },
        clientTime: new Date().toISOString(),
      },
    });
    expect(sent.status(), await sent.text()).toBe(200);
    await phone.close();

    await hq.reload();
    await official
      .section('official-turnout')
      .locator('figure[data-chart="official-turnout"] canvas')
      .first()
      .waitFor();
    await official.rows('table-turnout-stations').first().waitFor();
    const stationRows = await official.cells('table-turnout-stations');
    expect(stationRows).toHaveLength(1);
    expect(stationRows[0]?.slice(1)).toEqual(['10:00', '150', '140', '10']);
    await official.rows('table-official-rows').first().waitFor();
    expect(await official.rows('table-official-rows').count()).toBe(5);
    expect(await hq.locator('[data-action="download-area-totals-xlsx"]').getAttribute('href')).toContain(
      '/results/areas/export?format=xlsx',
    );
    await shot(hq, 'desktop-official-data');
    await expectAccessible(hq, 'results-official-data');

    // The leader chosen by the HQ: Бекова instead of the option with most votes.
    const results = new ResultsPage(hq);
    await hq.getByRole('link', { name: ru.results.tabs.analysis }).click();
    await results.waitForAnalysis();
    await hq.locator('select[data-field="leader"]').selectOption('b');
    await hq.locator('dl.results-summary dd', { hasText: 'Бекова Бибигуль' }).waitFor();
    // With Бекова as the leader no station has her above 95%: the outliers table is empty.
    await results.tableRows('outliers').locator('.cell-empty').waitFor();
    await shot(hq, 'desktop-analysis-leader');

    // The quick count: the NDI size as the margin is typed, and the estimate's convergence.
    const quick = new QuickCountPage(hq);
    await quick.goto();
    await hq.locator('#quick-count-margin').fill('2');
    await hq.locator('[data-value="sample-size-preview"]').waitFor();
    expect(await hq.locator('[data-value="sample-size-preview"]').textContent()).toContain('NDI');
    await hq
      .locator('figure[data-chart="quick-count-convergence"] .chart-host[data-state="ready"] canvas')
      .first()
      .waitFor();
    expect(await hq.locator('table.table-convergence tbody tr').count()).toBe(3);
    await shot(hq, 'desktop-quick-count-convergence');
    await expectAccessible(hq, 'quick-count-convergence');
  }, 120_000);

  async function currentElectionId(): Promise<string> {
    const list = (await (await hq.request.get('/api/v1/elections')).json()) as {
      items: { id: string; isCurrent: boolean }[];
    };
    return list.items.find((e) => e.isCurrent)?.id ?? '';
  }

  it('fits a phone: the analysis at 390 px', async () => {
    const phone = await signedIn(PHONE);
    const results = new ResultsPage(phone);
    await results.goto();
    await results.waitForAnalysis();
    for (const chart of ['turnout', 'leader-share', 'shpilkin', 'last-digit']) await results.waitForChart(chart);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-analysis');
    await expectAccessible(phone, 'results-analysis-phone');
    const quick = new QuickCountPage(phone);
    await quick.goto();
    await phone.locator('[data-value="seed"]').waitFor();
    await shot(phone, 'phone-quick-count');
    await phone.context().close();
  }, 90_000);
});
