import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { MakeRemarkDialog, RemarkPage, RemarksRegisterPage } from './pages/remarks.page.ts';
import { expectAccessible } from './support/axe.ts';
import { almatyToday, DESKTOP, describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import {
  assign,
  currentElection,
  type HqApi,
  hqAdmin,
  observer,
  observerPhone,
  twoRegions,
} from './support/hq-world.ts';
import { type RunningServer, startServer } from './support/server.ts';

/**
 * The remarks register (issue 18's browser story, first half): a coordinator turns an observer's
 * incident into a remark to the station's precinct commission, prints its letter (PDF and DOCX
 * downloads), records that it was sent and the commission's answer, and resolves it. Markup typed
 * into the remark stays text on the page and in the letter.
 */

const admin = { displayName: 'Сауле Нурланова', email: 'remarks-hq@example.org', password: 'степной ветер над алматы' };
const coordinator = {
  displayName: 'Динара Коордова',
  email: 'remarks-coordinator@example.org',
  password: 'ветер с гор приносит снег',
};
const shot = (page: Page, name: string) => screenshot(page, `remarks-${name}`);

describeInChromium(
  'apps/web/e2e/remarks.e2e.test.ts',
  'Remarks register: from an incident to a resolved remark',
  () => {
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

    it('turns an incident into a remark, prints its letter, records the answer and resolves it', async () => {
      const electionId = await currentElection(api, almatyToday());
      const { areas, stations } = await twoRegions(api, electionId, { districtA: [101] });
      const observerId = await observer(api, 'Арман Тулегенов', areas.districtA);
      await assign(api, electionId, observerId, stations[101] as string);
      await api.post('/api/v1/users', { role: 'coordinator', ...coordinator });
      const letterhead = await api.request.put('/api/v1/settings/organisation', {
        headers: { Origin: server.baseUrl },
        data: {
          name: { ru: 'ОО «За честные выборы»', kk: '«Әділ сайлау үшін» ҚБ' },
          registration: 'БИН 123456789012',
          signatoryName: 'Һәкімжан Нұрланұлы',
          signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
        },
      });
      expect(letterhead.status()).toBe(200);
      const phone = await observerPhone(api, browser, server, observerId);
      const incidentId = await phone.send('incident', stations[101] as string, {
        category: 'ballot_stuffing',
        severity: 'high',
        incident_time: '10:30',
        description: 'Вброс бюллетеней у урны',
        complaint_filed: false,
      });

      // The coordinator opens the incident and makes a remark from it.
      const hq = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
      await signInToHq(hq, coordinator);
      await expect.poll(() => new HqShell(hq).navLink(ru.remarks.nav).count()).toBe(1);
      await hq.goto(`/hq/reports/${incidentId}`);
      const make = new MakeRemarkDialog(hq);
      await make.open();
      const body = 'Член УИК опустил в урну пачку бюллетеней. <script>alert("x")</script>';
      await make.fill({ title: 'Вброс бюллетеней', body, legalBasis: 'ст. 44 Конституционного закона «О выборах»' });
      await shot(hq, 'make');
      await make.create();

      const remark = new RemarkPage(hq);
      await remark.waitUntilOpen();
      const remarkId = hq.url().split('/').pop() as string;
      // Markup typed into the remark is shown as the text it is, never run.
      expect(await remark.body.textContent()).toBe(body);
      expect(await hq.locator('main script').count()).toBe(0);
      expect(await remark.status.getAttribute('data-status')).toBe('draft');
      expect(await remark.commission.textContent()).toBe(ru.remarks.precinctCommission.replace('{{number}}', '101'));
      // The incident is the evidence, with its revision and chain entry.
      const evidence = hq.locator('[data-evidence-station="101"]');
      await expect.poll(() => evidence.textContent()).toContain('редакция 1');
      await expectAccessible(hq, 'remark page (draft)');

      // The letter: a PDF in Russian and a Word file in Kazakh, both downloads.
      const pdf = await remark.downloadLetter('pdf', 'ru');
      expect(pdf.name).toMatch(/\.pdf$/);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const docx = await remark.downloadLetter('docx', 'kk');
      expect(docx.name).toMatch(/\.docx$/);
      const xml = (await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')?.async('string')) ?? '';
      expect(xml).toContain('ЕСКЕРТУ');
      expect(xml).toContain('Член УИК опустил в урну пачку бюллетеней. &lt;script&gt;');

      // Sent by post, the commission's answer recorded, resolved.
      await remark.move('sent', 'post');
      await expect.poll(() => remark.status.getAttribute('data-status')).toBe('sent');
      await remark.recordAnswer('Комиссия провела проверку; член УИК отстранён от работы.');
      expect(await remark.answer.textContent()).toBe('Комиссия провела проверку; член УИК отстранён от работы.');
      await remark.move('resolved');
      await expect.poll(() => remark.status.getAttribute('data-status')).toBe('resolved');
      await shot(hq, 'resolved');
      await expectAccessible(hq, 'remark page (resolved)');

      // The register lists it as resolved, nothing overdue.
      const register = new RemarksRegisterPage(hq);
      await register.goto();
      await expect.poll(() => register.count('resolved')).toBe('1');
      expect(await register.count('overdue')).toBe('0');
      expect(await register.row(remarkId).getAttribute('data-status')).toBe('resolved');
      await shot(hq, 'register');
      await expectAccessible(hq, 'remarks register');

      const log = await api.get<{ items: { action: string }[] }>(
        `/api/v1/audit?entityType=remark&entityId=${remarkId}&limit=50`,
      );
      expect(log.items.map((e) => e.action).reverse()).toEqual([
        'remark.created',
        'remark.printed',
        'remark.printed',
        'remark.status_changed',
        'remark.answered',
        'remark.status_changed',
      ]);
    });
  },
);
