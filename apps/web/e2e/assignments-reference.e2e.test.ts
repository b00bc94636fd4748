import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { AssignmentsPage } from './pages/assignments.page.ts';
import { FieldAppPage } from './pages/field-app.page.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { ImportWizardPage } from './pages/import-wizard.page.ts';
import { FieldReferencePage, ReferenceNotesPage } from './pages/reference-notes.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { expectAccessible } from './support/axe.ts';
import {
  almatyToday,
  DESKTOP,
  describeInChromium,
  launchChromium,
  newContext,
  pageApi,
  screenshot,
} from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Айжан Бекова', email: 'ref-hq@example.org', password: 'тихий вечер над медеу' };
const SMALL_PHONE = { width: 360, height: 740 } as const;
const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `reference-${name}`, { fullPage });

const votingDay = almatyToday();
const header = 'Регион;Номер участка;Наблюдатель;ФИО наблюдателя;Смена';

describeInChromium(
  'apps/web/e2e/assignments-reference.e2e.test.ts',
  'assignments by CSV and reference notes offline',
  () => {
    let server: RunningServer;
    let browser: Browser;
    let files: string;

    beforeAll(async () => {
      server = await startServer();
      browser = await launchChromium();
      files = mkdtempSync(join(tmpdir(), 'pollwatch-assign-'));
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
      if (files) rmSync(files, { recursive: true, force: true });
    });

    it('imports assignments from a CSV with a bad line, writes a note, and the observer reads it offline', async () => {
      const hqContext = await newContext(browser, server.baseUrl, DESKTOP);
      const hq = await hqContext.newPage();
      await signInToHq(hq, admin);

      const election = await pageApi<{ election: { id: string } }>(hq, 'POST', '/api/v1/elections', {
        name: { ru: 'Выборы в маслихат (проверка)', kk: 'Мәслихат сайлауы (тексеру)', en: 'Council election (test)' },
        kind: 'local_council',
        votingDate: votingDay,
        timeZone: 'Asia/Almaty',
      });
      expect(election.status).toBe(201);
      const electionId = election.data.election.id;
      expect((await pageApi(hq, 'POST', `/api/v1/elections/${electionId}/current`, {})).status).toBe(200);
      const area = await pageApi<{ area: { id: string } }>(hq, 'POST', '/api/v1/areas', {
        parentId: null,
        level: 'region',
        code: 'ALA',
        name: { ru: 'город Алматы' },
      });
      for (const number of [101, 102]) {
        const station = await pageApi(hq, 'POST', `/api/v1/elections/${electionId}/stations`, {
          areaId: area.data.area.id,
          number,
          address: `Алматы, ул. Жандосова, ${number}`,
        });
        expect(station.status).toBe(201);
      }
      const asel = await pageApi<{ user: { id: string } }>(hq, 'POST', '/api/v1/users', {
        role: 'observer',
        displayName: 'Асель Нурланова',
        email: 'asel@example.org',
      });
      const bolat = await pageApi<{ user: { id: string } }>(hq, 'POST', '/api/v1/users', {
        role: 'observer',
        displayName: 'Болат Сериков',
        email: 'bolat@example.org',
      });
      expect(bolat.status).toBe(201);
      const invite = await pageApi<{ code: string }>(hq, 'POST', `/api/v1/users/${asel.data.user.id}/invites`);

      // The coordinator's file: line 3 names a station this election does not have.
      const bad = join(files, 'расстановка.csv');
      writeFileSync(
        bad,
        `\uFEFF${[
          header,
          'ALA;101;asel@example.org;Асель Нурланова;Весь день голосования',
          'ALA;999;bolat@example.org;Болат Сериков;Открытие',
        ].join('\r\n')}`,
      );
      const assignments = new AssignmentsPage(hq);
      await assignments.goto();
      await hq.locator('main [data-action="import"]').click();
      await hq.waitForURL((url) => url.search === '?kind=assignments');
      const wizard = new ImportWizardPage(hq);
      await hq.locator('#import-file').waitFor();
      await wizard.upload(bad);
      expect(await wizard.mappedHeader('observer')).toBe('Наблюдатель');
      expect(await wizard.check()).toMatchObject({ rows: 2, added: 1, rejected: 1 });
      expect(await wizard.problems()).toEqual([
        { line: '3', field: ru.imports.fields.assignments.number, problem: ru.imports.problems.unknown_station },
      ]);
      expect(await wizard.applyButton().isDisabled()).toBe(true);
      await shot(hq, '01-import-problem');
      await expectAccessible(hq, 'assignments-import-problem');

      // Fixed: the right station number; the same file again.
      writeFileSync(
        bad,
        `\uFEFF${[
          header,
          'ALA;101;asel@example.org;Асель Нурланова;Весь день голосования',
          'ALA;102;bolat@example.org;Болат Сериков;Открытие',
        ].join('\r\n')}`,
      );
      await wizard.startOver();
      await wizard.upload(bad);
      expect(await wizard.check()).toMatchObject({ rows: 2, added: 2, rejected: 0 });
      await wizard.apply();
      await wizard.goToList();
      await hq.waitForURL((url) => url.pathname === '/hq/assignments');
      await assignments.table.waitFor();
      expect(await assignments.table.locator('tbody tr').count()).toBe(2);
      await shot(hq, '02-assignments');
      await expectAccessible(hq, 'assignments-after-import');

      // A reference note, in three languages, through the HQ screen.
      await new HqShell(hq).navLink(ru.nav.reference).click();
      const notes = new ReferenceNotesPage(hq);
      await hq.waitForURL((url) => url.pathname === '/hq/reference');
      await notes.startNew();
      await notes.save();
      await expect(hq.locator('#note-ru-title-error').textContent()).resolves.toBe(ru.reference.titleRequired);
      await notes.fill(
        'ru',
        'Права наблюдателя',
        'Возьмите **направление**.\n\n- находиться на участке\n- получить копию протокола',
      );
      await notes.fill('kk', 'Байқаушының құқықтары', 'Өзіңізбен **жолдаманы** алыңыз.');
      await notes.fill('en', 'Rights of an observer', 'Bring your **referral letter**.');
      await notes.preview().locator('li', { hasText: 'получить копию протокола' }).waitFor();
      await shot(hq, '03-note-editor');
      await expectAccessible(hq, 'reference-note-editor');
      await notes.save();
      await notes.notice().waitFor();
      expect(await notes.titles()).toEqual(['Права наблюдателя']);
      await shot(hq, '04-notes');
      await expectAccessible(hq, 'reference-notes');

      // The observer signs in on the phone once; the pack with the note is cached.
      const phoneContext = await newContext(browser, server.baseUrl, SMALL_PHONE);
      const phone = await phoneContext.newPage();
      const field = new FieldAppPage(phone);
      await phone.goto('/sign-in');
      await new SignInPage(phone).waitUntilOpen();
      await new SignInPage(phone).enterInviteCode(invite.data.code);
      await field.waitForHome();
      await field.stationCard(101).waitFor();
      await field.waitUntilReadyOffline({ withReferenceNotes: true });

      // No network; the app reloads from its service worker and reads the note from the device.
      await phoneContext.setOffline(true);
      const reference = new FieldReferencePage(phone);
      await reference.open();
      await phone.reload();
      await phone.locator('main h1').waitFor();
      await reference.expand('Права наблюдателя');
      const text = await reference.note('Права наблюдателя').locator('.note-text').textContent();
      expect(text).toContain('получить копию протокола');
      expect(await reference.note('Права наблюдателя').locator('strong').textContent()).toBe('направление');
      await shot(phone, '05-field-offline');
      await expectAccessible(phone, 'field-reference-offline');

      await phoneContext.close();
      await hqContext.close();
    }, 120_000);
  },
);
