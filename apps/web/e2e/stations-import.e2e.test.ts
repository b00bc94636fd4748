import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { AreasPage } from './pages/areas.page.ts';
import { ElectionsPage } from './pages/elections.page.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { ImportWizardPage } from './pages/import-wizard.page.ts';
import { StationsPage } from './pages/stations.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Сауле Нурланова', email: 'hq@example.org', password: 'степной ветер над алматы' };

const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `territory-${name}`, { fullPage });

/** Windows-1251, as Excel in a Russian locale saves CSV (it has no Kazakh letters). */
function windows1251(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return 0xc0 + (code - 0x410);
    if (ch === 'Ё') return 0xa8;
    if (ch === 'ё') return 0xb8;
    if (ch === '№') return 0xb9;
    throw new Error(`no Windows-1251 byte for ${ch}`);
  });
}

const areasCsv = [
  'Код;Родитель;Уровень;Название',
  'KZ;;страна;Казахстан',
  '75;KZ;город республиканского значения;город Алматы',
  '751;75;район;Ауэзовский район',
  '752;75;район;Бостандыкский район',
].join('\r\n');

const stationsHeader = 'Регион;Район;Номер участка;Наименование;Адрес;Число избирателей';
const stationRows = [
  'город Алматы;Ауэзовский район;101;Школа-гимназия № 12;Алматы қаласы, Әуезов ауданы, Жандосов көшесі, 58;2 150',
  'город Алматы;Ауэзовский район;102;Колледж «Қазақстан»;Алматы қаласы, Әуезов ауданы, Абай даңғылы, 109 «А»;1843',
  'город Алматы;Бостандыкский район;103;Дом культуры;г. Алматы, Бостандыкский район, ул. Тимирязева, 42;3 004',
];
const station101Address = 'Алматы қаласы, Әуезов ауданы, Жандосов көшесі, 58';

/**
 * A station list as a commission sends it (Windows-1251): region, territorial commission, number
 * and voters, no address; the Abai region is not in the tree, Almaty is spelled another way.
 */
const commissionList = [
  'Область;ТИК;№ УИК;Число избирателей',
  'Абайская область;Семейская городская ТИК;1;2 310',
  'Абайская обл.;Семейская городская ТИК;2;1 904',
  'г. Алматы;ТИК Ауэзовского района;201;1 500',
].join('\r\n');

describeInChromium('apps/web/e2e/stations-import.e2e.test.ts', 'elections, areas and the station import wizard', () => {
  let server: RunningServer;
  let browser: Browser;
  let files: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const response = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(201);
    files = mkdtempSync(join(tmpdir(), 'pollwatch-import-'));
    writeFileSync(join(files, 'areas-cp1251.csv'), windows1251(areasCsv));
    writeFileSync(join(files, 'stations.csv'), `${[stationsHeader, ...stationRows].join('\n')}\n`, 'utf8');
    // The same file with station 101 listed twice: the check must reject it.
    writeFileSync(join(files, 'commission-list.csv'), windows1251(commissionList));
    writeFileSync(
      join(files, 'stations-duplicate.csv'),
      `${[stationsHeader, ...stationRows, stationRows[0]].join('\n')}\n`,
      'utf8',
    );
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

  it('creates an election, imports areas and stations, and finds a station by its number', async () => {
    const page = await signedIn(DESKTOP);
    const shell = new HqShell(page);

    // Before any election the stations screen says what to do first.
    await shell.navLink(ru.nav.stations).click();
    await shell.waitUntilOpen('/hq/stations');
    await page.locator('main .empty-state h2', { hasText: ru.stations.noElectionTitle }).waitFor();
    await shot(page, 'desktop-stations-no-election');
    await expectAccessible(page, 'desktop-stations-no-election');

    // The election: the form checks it before sending, then creates it as the current one.
    const elections = new ElectionsPage(page);
    await shell.navLink(ru.nav.elections).click();
    await shell.waitUntilOpen('/hq/elections');
    await page.locator('main .empty-state').waitFor();
    await elections.openCreateForm();
    await elections.submit();
    await elections.problems().first().waitFor();
    expect(await elections.problems().allTextContents()).toEqual([
      `${ru.fields.nameRu}: ${ru.elections.problems.required}`,
      `${ru.elections.form.votingDate}: ${ru.elections.problems.invalid_date}`,
    ]);
    await shot(page, 'desktop-election-form-problems');
    await expectAccessible(page, 'desktop-election-form-problems');
    await elections.fill({
      name: { ru: 'Выборы Президента 2026', kk: 'Президент сайлауы 2026', en: 'Presidential election 2026' },
      kind: 'presidential',
      votingDate: '2026-11-26',
      timeZone: 'Asia/Almaty',
      options: [
        { kind: 'candidate', ru: 'Әлиев Ерлан', kk: 'Әлиев Ерлан' },
        { kind: 'against_all', ru: 'Против всех', kk: 'Барлығына қарсы' },
      ],
    });
    expect(await elections.derivedCode(0)).toBe('aliev_erlan');
    expect(await page.locator('#election-monitoring-from-hint').textContent()).toContain('16 ноября 2026');
    await shot(page, 'desktop-election-form');
    await expectAccessible(page, 'desktop-election-form');
    await elections.submit();
    await page.waitForURL((url) => url.pathname === '/hq/elections');
    const card = elections.card('Выборы Президента 2026');
    await card.waitFor();
    expect(await card.locator('.badge-current').textContent()).toBe(ru.badges.current);
    await elections.notice().waitFor();
    await shot(page, 'desktop-elections');
    await expectAccessible(page, 'desktop-elections');

    // Areas from a Windows-1251 file, the way Excel saves CSV in a Russian locale.
    const areas = new AreasPage(page);
    await shell.navLink(ru.nav.areas).click();
    await shell.waitUntilOpen('/hq/areas');
    await page.locator('main .empty-state').waitFor();
    await shot(page, 'desktop-areas-empty');
    await expectAccessible(page, 'desktop-areas-empty');
    await page.locator('main .empty-state a', { hasText: ru.areas.import }).click();
    const wizard = new ImportWizardPage(page);
    await page.locator('#import-file').waitFor();
    await shot(page, 'desktop-import-file');
    await expectAccessible(page, 'desktop-import-file');
    await wizard.upload(join(files, 'areas-cp1251.csv'));
    expect(await wizard.selectedText('#import-encoding')).toContain('Windows-1251');
    expect(await wizard.mappedHeader('nameRu')).toBe('Название');
    expect(await wizard.mappedHeader('level')).toBe('Уровень');
    await shot(page, 'desktop-import-areas-columns');
    await expectAccessible(page, 'desktop-import-areas-columns');
    expect(await wizard.check()).toEqual({ rows: 4, added: 4, changed: 0, unchanged: 0, rejected: 0 });
    await wizard.apply();
    await wizard.goToList();
    await shell.waitUntilOpen('/hq/areas');
    await areas.row('город Алматы').waitFor();
    await areas.expandAll();
    await areas.row('Ауэзовский район').waitFor();
    expect(await areas.row('город Алматы').locator('.badge-level').textContent()).toBe(ru.areas.levels.region);

    // Stations: a file with a repeated number is refused before anything is written…
    await shell.navLink(ru.nav.stations).click();
    await shell.waitUntilOpen('/hq/stations');
    await page.locator('main .empty-state').waitFor();
    await shot(page, 'desktop-stations-empty');
    await expectAccessible(page, 'desktop-stations-empty');
    await page.locator('.page-header-actions a', { hasText: ru.stations.import }).click();
    await page.locator('#import-file').waitFor();
    await wizard.upload(join(files, 'stations-duplicate.csv'));
    expect(await wizard.selectedText('#import-encoding')).toContain('UTF-8');
    expect(await wizard.selectedText('#import-separator')).toContain(';');
    expect(await wizard.mappedHeader('number')).toBe('Номер участка');
    expect(await wizard.mappedHeader('address')).toBe('Адрес');
    await shot(page, 'desktop-import-stations-columns');
    await expectAccessible(page, 'desktop-import-stations-columns');
    expect(await wizard.check()).toEqual({ rows: 4, added: 3, changed: 0, unchanged: 0, rejected: 1 });
    expect(await wizard.problems()).toEqual([
      { line: '5', field: ru.imports.fields.stations.number, problem: 'Повторяет строку 2.' },
    ]);
    expect(await wizard.applyButton().isDisabled()).toBe(true);
    expect(await wizard.blockedReason().textContent()).toBe(ru.imports.report.blockedRejected);
    await shot(page, 'desktop-import-stations-rejected');
    await expectAccessible(page, 'desktop-import-stations-rejected');

    // …and the corrected file goes in.
    await wizard.startOver();
    await wizard.upload(join(files, 'stations.csv'));
    expect(await wizard.check()).toEqual({ rows: 3, added: 3, changed: 0, unchanged: 0, rejected: 0 });
    expect(await wizard.applyButton().isEnabled()).toBe(true);
    await shot(page, 'desktop-import-stations-check');
    await wizard.apply();
    expect(await wizard.currentStep().textContent()).toBe(ru.imports.steps.done);
    await shot(page, 'desktop-import-stations-done');
    await expectAccessible(page, 'desktop-import-stations-done');
    await wizard.goToList();
    await shell.waitUntilOpen('/hq/stations');

    const stations = new StationsPage(page);
    await stations.rows().first().waitFor();
    expect(await stations.rows().count()).toBe(3);
    await shot(page, 'desktop-stations');
    await expectAccessible(page, 'desktop-stations');
    await stations.search('101');
    expect(await stations.rows().count()).toBe(1);
    expect(await stations.address(101)).toBe(station101Address);
    await stations.search('Тимирязева');
    expect(await stations.rows().count()).toBe(1);
    await stations.row(103).waitFor();

    await stations.search('');
    await stations.openEdit(101);
    expect(await page.locator('#station-address').inputValue()).toBe(station101Address);
    // The commission's fields (one fieldset shared with the area dialog) are saved and shown again.
    await page.locator('#station-commission-phone').fill('+7 727 300 01 01');
    await stations.dialog.locator('button[type="submit"]').click();
    await stations.dialog.waitFor({ state: 'hidden' });
    await stations.openEdit(101);
    expect(await page.locator('#station-commission-phone').inputValue()).toBe('+7 727 300 01 01');
    await shot(page, 'desktop-station-dialog', false);
    await expectAccessible(page, 'desktop-station-dialog');
    await page.keyboard.press('Escape');

    // The tree counts the stations and voters of this election.
    await shell.navLink(ru.nav.areas).click();
    await shell.waitUntilOpen('/hq/areas');
    await areas.row('город Алматы').waitFor();
    expect(await areas.counts('город Алматы')).toEqual({ stations: '3', voters: '6997' });
    await areas.expandAll();
    await shot(page, 'desktop-areas');
    await expectAccessible(page, 'desktop-areas');
    await areas.openEdit('Ауэзовский район');
    await page.locator('#area-commission-name').fill('Ауэзовская районная ТИК');
    await page.locator('dialog[open] button[type="submit"]').click();
    await page.locator('dialog[open]').waitFor({ state: 'hidden' });
    await areas.openEdit('Ауэзовский район');
    expect(await page.locator('#area-commission-name').inputValue()).toBe('Ауэзовская районная ТИК');
    await shot(page, 'desktop-area-dialog', false);
    await expectAccessible(page, 'desktop-area-dialog');
    await page.keyboard.press('Escape');

    await page.context().close();
  });

  it('shows every new screen on a phone', async () => {
    const page = await signedIn(PHONE);
    const check = async (path: string, name: string, ready: string) => {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      await shot(page, name);
      await shot(page, `${name}-top`, false);
      await expectAccessible(page, name);
    };
    await check('/hq/elections', 'phone-elections', 'article.election-card');
    await page.locator('article.election-card a.button-secondary').first().click();
    await page.locator('#election-name-ru').waitFor();
    await shot(page, 'phone-election-form');
    await page.locator('#election-option-0-kind').scrollIntoViewIfNeeded();
    await shot(page, 'phone-election-form-ballot', false);
    await expectAccessible(page, 'phone-election-form');
    await check('/hq/areas', 'phone-areas', 'table.table-areas tbody tr');
    await check('/hq/stations', 'phone-stations', 'table.table-stations tbody tr');
    await check('/hq/imports/new?kind=stations', 'phone-import-file', '#import-file');
    const wizard = new ImportWizardPage(page);
    await wizard.upload(join(files, 'stations.csv'));
    await shot(page, 'phone-import-columns');
    await shot(page, 'phone-import-columns-top', false);
    await page.locator('#import-map-address').scrollIntoViewIfNeeded();
    await shot(page, 'phone-import-columns-mapping', false);
    await expectAccessible(page, 'phone-import-columns');
    // Everything is stored already: the check finds nothing new.
    expect(await wizard.check()).toEqual({ rows: 3, added: 0, changed: 0, unchanged: 3, rejected: 0 });
    await shot(page, 'phone-import-check');
    await expectAccessible(page, 'phone-import-check');

    // Kazakh words are longer: the same screens must still fit.
    await page.goto('/hq/stations');
    // The shell closes its menu when a page mounts: switch only once the page is there.
    await page.locator('table.table-stations tbody tr').first().waitFor();
    await new HqShell(page).switchLanguage('kk');
    await page.locator('main h1', { hasText: kk.nav.stations }).waitFor();
    await shot(page, 'phone-stations-kk', false);
    await expectAccessible(page, 'phone-stations-kk');
    await check('/hq/areas', 'phone-areas-kk', 'table.table-areas tbody tr');
    await check('/hq/elections', 'phone-elections-kk', 'article.election-card');
    await page.context().close();
  });
  it("imports a commission's list without addresses, creating the regions and districts it names", async () => {
    const page = await signedIn(DESKTOP);
    // The phone test left the profile in Kazakh: back to Russian, the texts below are Russian.
    await page.goto('/hq/stations');
    await page.locator('table.table-stations tbody tr').first().waitFor();
    await new HqShell(page).switchLanguage('ru');
    await page.locator('main h1', { hasText: ru.nav.stations }).waitFor();
    const wizard = new ImportWizardPage(page);
    await wizard.goto('stations');
    await wizard.upload(join(files, 'commission-list.csv'));
    expect(await wizard.mappedHeader('area')).toBe('ТИК');
    expect(await wizard.mappedHeader('address')).toBe('');

    // Not ticked: the rows in areas the tree lacks are rejected, and the list says what is missing.
    expect(await wizard.check()).toEqual({ rows: 3, added: 1, changed: 0, unchanged: 0, rejected: 2 });
    const missing = await wizard.missingAreas();
    expect(missing.heading).toBe(ru.imports.stationList.missingTitle);
    expect(missing.areas[0]).toContain('«Абайская область» (участков: 2)');
    expect(await wizard.applyButton().isDisabled()).toBe(true);
    expect(await wizard.areaMatches()).toEqual([
      expect.stringContaining('«г. Алматы» — это «город Алматы»'),
      expect.stringContaining('«ТИК Ауэзовского района» — это «Ауэзовский район»'),
    ]);
    expect(await wizard.withoutAddressNote()).toContain('Участков без адреса: 1.');

    // Ticked: the same list becomes what the import will create; nothing is rejected.
    expect(await wizard.setCreateAreas(true)).toEqual({ rows: 3, added: 3, changed: 0, unchanged: 0, rejected: 0 });
    const toCreate = await wizard.missingAreas();
    expect(toCreate.heading).toBe(ru.imports.stationList.createTitle);
    expect(toCreate.areas).toEqual([
      `${ru.areas.levels.region} «Абайская область» (участков: 2) — также записано как «Абайская обл.»`,
      `${ru.areas.levels.city} «Семейская городская ТИК» (участков: 2) в «Абайская область»`,
    ]);
    expect(await wizard.withoutAddressNote()).toContain('Участков без адреса: 3.');
    await shot(page, 'desktop-import-commission-list');
    await expectAccessible(page, 'desktop-import-commission-list');
    await wizard.apply();
    expect(await wizard.panel.locator('.alert-success').textContent()).toContain('Создано территорий: 2.');
    await wizard.goToList();

    const stations = new StationsPage(page);
    await stations.row(1).waitFor();
    await stations.row(201).waitFor();
    expect(await stations.address(1)).toBe(ru.stations.noAddress);
    await stations.openEdit(1);
    expect(await page.locator('#station-address').inputValue()).toBe('');
    expect(await page.locator('#station-address-hint').textContent()).toBe(ru.stations.form.noAddress);
    await expectAccessible(page, 'desktop-station-dialog-no-address');
    await page.keyboard.press('Escape');

    const areas = new AreasPage(page);
    await areas.goto();
    await areas.row('Абайская область').waitFor();
    await areas.expandAll();
    await areas.row('Семейская городская ТИК').waitFor();
    expect(await areas.counts('Абайская область')).toEqual({ stations: '2', voters: '4214' });
    await page.context().close();
  });
});
