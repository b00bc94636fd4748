import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { AlertsPanel } from './pages/alerts-panel.page.ts';
import { AssignmentProposalPage } from './pages/assignment-proposal.page.ts';
import { AssignmentsPage } from './pages/assignments.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { LiveReportsPage } from './pages/live-reports.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

const admin = { displayName: 'Динара Жакупова', email: 'hq.proposal@example.org', password: 'тихий снег над астаной' };
const observers = ['Айбек Нуртаев', 'Гаухар Смагулова', 'Ержан Бекетов', 'Мадина Омарова'] as const;
const opening = {
  arrival_time: '06:45',
  admitted: true,
  opened_on_time: true,
  opening_time: '07:00',
  boxes_empty_sealed: true,
};

/**
 * A zone where it is about noon now (Etc/GMT-N is UTC+N), so that the polls (07:00-20:00) are open
 * and the opening checklist is overdue whatever the machine's clock says; and that zone's date.
 */
function noonZone(now = new Date()): { timeZone: string; date: string } {
  let offset = 12 - now.getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  const timeZone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const date = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  return { timeZone, date };
}

describeInChromium(
  'apps/web/e2e/assignment-proposal.e2e.test.ts',
  'HQ: an automatic assignment proposal, then alerts on the live page',
  () => {
    let server: RunningServer;
    let browser: Browser;
    let hq: Page;
    const stationIds = new Map<number, string>();
    const observerIds = new Map<string, string>();
    let electionId = '';

    beforeAll(async () => {
      server = await startServer();
      browser = await launchChromium();
      const response = await fetch(`${server.baseUrl}/api/v1/setup`, {
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

    async function adminCall<T>(method: 'POST' | 'GET', path: string, data?: unknown): Promise<T> {
      const response = await hq.request.fetch(path, { method, headers: { Origin: server.baseUrl }, data });
      expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
      return (await response.json()) as T;
    }

    it('a coordinator accepts an automatic proposal; coverage and alerts follow the reports', async () => {
      hq = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
      await signInToHq(hq, admin);

      const zone = noonZone();
      const { election } = await adminCall<{ election: { id: string; isCurrent: boolean } }>(
        'POST',
        '/api/v1/elections',
        {
          name: { ru: 'Репетиция выборов', kk: 'Сайлау репетициясы', en: 'Rehearsal election' },
          kind: 'local_council',
          votingDate: zone.date,
          timeZone: zone.timeZone,
          turnoutCheckpoints: ['10:00'],
          ballotOptions: [
            { code: 'a', kind: 'candidate', name: { ru: 'Первый кандидат' } },
            { code: 'b', kind: 'candidate', name: { ru: 'Второй кандидат' } },
          ],
        },
      );
      electionId = election.id;
      if (!election.isCurrent) await adminCall('POST', `/api/v1/elections/${electionId}/current`, {});
      const { area } = await adminCall<{ area: { id: string } }>('POST', '/api/v1/areas', {
        parentId: null,
        level: 'region',
        code: 'AST',
        name: { ru: 'город Астана' },
      });
      for (const [number, address] of [
        [7, 'Астана, пр. Мангилик Ел, 8'],
        [8, 'Астана, ул. Кенесары, 40'],
        [9, 'Астана, ул. Сыганак, 12'],
      ] as const) {
        const { station } = await adminCall<{ station: { id: string } }>(
          'POST',
          `/api/v1/elections/${electionId}/stations`,
          { areaId: area.id, number, address, registeredVoters: 1200 },
        );
        stationIds.set(number, station.id);
      }
      for (const name of observers) {
        const { user } = await adminCall<{ user: { id: string } }>('POST', '/api/v1/users', {
          role: 'observer',
          displayName: name,
          areaId: area.id,
        });
        observerIds.set(name, user.id);
      }
      // The first observer already watches station 9 on voting day.
      await adminCall('POST', `/api/v1/elections/${electionId}/assignments`, {
        observerId: observerIds.get(observers[0]),
        stationId: stationIds.get(9),
        shift: 'voting_day',
      });

      // Coverage before: one station of three.
      const assignments = new AssignmentsPage(hq);
      await assignments.goto();
      await expect.poll(async () => assignments.coverage('stations').textContent()).toContain('1');
      const coveredBefore = await assignments.coverage('stations').textContent();

      // The proposal: stations 7 and 8, each with one of the three free observers.
      await hq.locator('a[data-action="propose"]').click();
      await hq.waitForURL('**/hq/assignments/proposal');
      const proposal = new AssignmentProposalPage(hq);
      await hq.locator('main h1').waitFor();
      expect(await hq.locator('main h1').textContent()).toBe(ru.proposal.title);
      await proposal.propose('voting_day');
      expect(await proposal.figure('uncoveredBefore').textContent()).toBe('2');
      expect(await proposal.figure('uncoveredAfter').textContent()).toBe('0');
      expect(await proposal.figure('sample').textContent()).toBe('—');
      await expect.poll(() => proposal.rows().count()).toBe(2);
      const proposed = await proposal.proposed();
      expect(Object.keys(proposed).sort()).toEqual(['7', '8']);
      expect(Object.values(proposed)).not.toContain(observers[0]);
      await screenshot(hq, 'proposal-review-1280');
      await expectAccessible(hq, 'assignment proposal');

      // The coordinator swaps station 8's observer for the one left free.
      const free = observers.slice(1).find((name) => !Object.values(proposed).includes(name)) as string;
      await proposal.swap(8, free);
      const kept = await proposal.proposed();
      expect(kept[8]).toBe(free);

      // Meanwhile another coordinator sends station 7's observer elsewhere: the stale row is refused.
      await adminCall('POST', `/api/v1/elections/${electionId}/assignments`, {
        observerId: observerIds.get(kept[7] as string),
        stationId: stationIds.get(9),
        shift: 'voting_day',
      });
      await proposal.confirm();
      await proposal.conflicts(7).first().waitFor();
      expect(await proposal.conflicts(7).allTextContents()).toEqual([ru.proposal.conflict.double_booked]);
      expect(await proposal.conflicts(8).count()).toBe(0);
      expect(await hq.locator('[data-testid="proposal-override"]').count()).toBe(0);
      await screenshot(hq, 'proposal-conflict-1280');
      await expectAccessible(hq, 'assignment proposal with a conflict');

      // Station 7's row goes; the rest is confirmed.
      await proposal.remove(7);
      await proposal.confirm();
      await proposal.created().waitFor();
      expect(await proposal.created().textContent()).toBe(ru.proposal.created.replace('{{n}}', '1'));

      // Coverage after: stations 8 and 9.
      await assignments.goto();
      await expect.poll(async () => assignments.coverage('stations').textContent()).not.toBe(coveredBefore);
      expect(await assignments.coverage('stations').textContent()).toContain('2');
      const audit = await adminCall<{ items: { action: string; details: Record<string, unknown> }[] }>(
        'GET',
        '/api/v1/audit?limit=20',
      );
      expect(
        audit.items.some((e) => e.action === 'assignment.created' && (e.details as { proposal?: boolean }).proposal),
      ).toBe(true);

      // The live page: stations 8 and 9 have voting-day observers and no opening checklist yet.
      const live = new LiveReportsPage(hq);
      await live.goto();
      await live.waitUntilLive();
      const alerts = new AlertsPanel(hq);
      await expect.poll(() => alerts.stationsOf('opening_missing')).toEqual([stationIds.get(8), stationIds.get(9)]);
      const openBefore = await alerts.open();
      await screenshot(hq, 'alerts-live-1280');
      await expectAccessible(hq, 'live page with alerts');

      // Station 8's observer sends the opening checklist from their phone: the alert goes away.
      const phone = await (await newContext(browser, server.baseUrl, PHONE)).newPage();
      const { code } = await adminCall<{ code: string }>('POST', `/api/v1/users/${observerIds.get(free)}/invites`, {});
      const signedIn = await phone.request.post('/api/v1/auth/invite', {
        headers: { Origin: server.baseUrl },
        data: { code },
      });
      expect(signedIn.status()).toBe(200);
      await phone.goto('/app');
      const pack = await phone.evaluate(() => fetch('/api/v1/me/field-pack').then((r) => r.json()));
      const form = (pack.forms as { kind: string; formId: string; version: number }[]).find(
        (f) => f.kind === 'opening',
      );
      const sent = await phone.evaluate(
        (body) =>
          fetch('/api/v1/reports', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }).then((r) => r.status),
        {
          id: randomUUID(),
          revision: 1,
          stationId: stationIds.get(8),
          formId: form?.formId,
          formVersion: form?.version,
          answers: opening,
          clientTime: new Date().toISOString(),
        },
      );
      expect(sent).toBe(200);
      await expect.poll(() => alerts.stationsOf('opening_missing'), { timeout: 10_000 }).toEqual([stationIds.get(9)]);
      // Two alerts fewer: the missing checklist, and that observer's phone is no longer silent.
      await expect.poll(() => alerts.open()).toBe(openBefore - 2);
      expect(await alerts.items('observer_silent').evaluateAll((lis) => lis.map((li) => li.textContent))).not.toEqual(
        expect.arrayContaining([expect.stringContaining(free)]),
      );
      expect(await hq.locator('main').textContent()).not.toMatch(/NaN|Infinity/);
      await phone.context().close();

      // A phone-sized console shows the same.
      const small = await (await newContext(browser, server.baseUrl, PHONE)).newPage();
      await signInToHq(small, admin);
      await small.goto('/hq/reports');
      await new AlertsPanel(small).items('opening_missing').first().waitFor();
      await screenshot(small, 'alerts-live-390');
      await small.goto('/hq/assignments/proposal');
      await new AssignmentProposalPage(small).propose('counting');
      await screenshot(small, 'proposal-review-390');
      await expectAccessible(small, 'assignment proposal on a phone');
      await small.context().close();
    });
  },
);
