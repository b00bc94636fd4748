import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { ImportWizardPage } from './pages/import-wizard.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Ерлан Омаров', email: 'messy@example.org', password: 'заголовки бывают разные' };

const OPTIONS = [
  { code: 'a', kind: 'candidate', name: { ru: 'Абаев Алмас' } },
  { code: 'b', kind: 'candidate', name: { ru: 'Бекова Бибигуль' } },
] as const;

/** As research groups republish it: Latin station headers, reworded and abbreviated lines, a link per station. */
function messyCsv(): string {
  const headers = [
    'region',
    'Nomer UIK',
    'Сайлаушылар саны',
    'Получено бюллетеней',
    'Избирателей, получивших бюллетени',
    'Погашено',
    'Число избирателей, принявших участие в голосовании',
    'Недейств.',
    'Абаев Алмас',
    'Бекова Бибигуль',
    'Ссылка',
  ];
  const rows = [
    [1, 1200, 1000, 600, 400, 600, 10, 400, 190],
    [2, 1100, 1000, 500, 500, 500, 0, 250, 250],
    [3, 1300, 1000, 700, 300, 700, 20, 600, 80],
  ].map((r) => ['ALA', ...r, `https://www.example.org/uik/${r[0]}`].join(';'));
  return `${[headers.join(';'), ...rows].join('\r\n')}\r\n`;
}

describeInChromium('apps/web/e2e/results-import-messy.e2e.test.ts', 'HQ: a messy official results file', () => {
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
    files = mkdtempSync(join(tmpdir(), 'pollwatch-messy-'));
    writeFileSync(join(files, 'messy.csv'), messyCsv(), 'utf8');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  async function adminPost<T>(path: string, data?: unknown): Promise<T> {
    const response = await hq.request.post(path, { headers: { Origin: server.baseUrl }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  it('shows how each column reads, warns about a swapped mapping, applies the fix and imports', async () => {
    hq = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
    await signInToHq(hq, admin);
    const { election } = await adminPost<{ election: { id: string; isCurrent: boolean } }>('/api/v1/elections', {
      name: { ru: 'Выборы 2026', kk: 'Сайлау 2026', en: 'Election 2026' },
      kind: 'presidential',
      votingDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
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
    for (const number of [1, 2, 3]) {
      await adminPost(`/api/v1/elections/${election.id}/stations`, {
        areaId: area.id,
        number,
        address: `Алматы, ${number}`,
      });
    }

    const wizard = new ImportWizardPage(hq);
    await wizard.goto('results');
    await wizard.upload(join(files, 'messy.csv'));
    expect(await wizard.mappedHeader('number')).toBe('Nomer UIK');
    expect(await wizard.mappedHeader('voters_on_lists')).toBe('Сайлаушылар саны');
    expect(await wizard.mappedHeader('invalid_ballots')).toBe('Недейств.');

    // Every column's reading is on screen: the confidence of each match, the link column left out and why.
    const notes = hq.locator('[data-testid="results-column-notes"]');
    await notes.waitFor();
    expect(await notes.locator('li[data-column="Ссылка"]').textContent()).toContain(ru.imports.columnNotes.reasons.url);
    expect(await notes.locator('li[data-column="Недейств."]').textContent()).toContain(
      ru.imports.columnNotes.confidence.strong,
    );
    expect(await notes.locator('li[data-column="region"]').textContent()).toContain(
      ru.imports.columnNotes.confidence.exact,
    );

    // Two count lines swapped by hand: the protocol's arithmetic says so, with the fix.
    await hq.locator('#import-map-voters_on_lists').selectOption('Получено бюллетеней');
    await hq.locator('#import-map-ballots_received').selectOption('Сайлаушылар саны');
    const warning = hq.locator('[data-testid="mapping-warnings"] li[data-relation="kz_received_balance"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('3 из 3');
    expect(await notes.locator('li[data-column="Получено бюллетеней"]').textContent()).toContain(
      ru.imports.columnNotes.confidence.given,
    );
    await screenshot(hq, 'results-import-messy-warning', { fullPage: true });
    await expectAccessible(hq, 'results-import-messy-warning');
    await warning.locator('[data-action="apply-mapping-fix"]').click();
    expect(await wizard.mappedHeader('voters_on_lists')).toBe('Сайлаушылар саны');
    expect(await wizard.mappedHeader('ballots_received')).toBe('Получено бюллетеней');
    await expect.poll(() => hq.locator('[data-testid="mapping-warnings"]').count()).toBe(0);

    expect(await wizard.check()).toEqual({ rows: 3, added: 3, changed: 0, unchanged: 0, rejected: 0 });
    await wizard.apply();
  });
});
