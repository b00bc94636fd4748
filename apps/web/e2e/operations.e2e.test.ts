import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { AlertsPanel } from './pages/alerts-panel.page.ts';
import { AssignmentProposalPage } from './pages/assignment-proposal.page.ts';
import { AssignmentsPage } from './pages/assignments.page.ts';
import { CoveragePage } from './pages/coverage.page.ts';
import { FieldAppPage } from './pages/field-app.page.ts';
import { signInToHq } from './pages/hq-shell.page.ts';
import { LiveReportsPage } from './pages/live-reports.page.ts';
import { OverviewPage } from './pages/overview.page.ts';
import { ReadinessPage } from './pages/readiness.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { VerificationPanel, VerificationQueuePage } from './pages/verification-queue.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import {
  assign,
  currentElection,
  type HqApi,
  hqAdmin,
  noonZone,
  observer,
  openingAnswers,
  regionalCoordinator,
  regionNames,
  reportSender,
  twoRegions,
} from './support/hq-world.ts';
import { type RunningServer, startServer } from './support/server.ts';

/**
 * The HQ operations console as one coordinator's day (issue 17's browser story): the regional
 * coordinator of Almaty sees the stations nobody has visited in the readiness view, accepts an
 * automatic assignment proposal (and is warned before assigning an observer outside their area by
 * hand), watches coverage and the alerts change as reports arrive, takes a flagged report from the
 * verification queue, asks its observer to follow up, the observer answers from the field app, and
 * the coordinator verifies it.
 */

const admin = { displayName: 'Сауле Нурланова', email: 'ops-hq@example.org', password: 'степной ветер над алматы' };
const coordinator = {
  displayName: 'Марат Алматинский',
  email: 'ops-rc@example.org',
  password: 'горы над городом яблок',
};
const names = { a: 'Арман Тулегенов', a2: 'Айдана Ержанова', a3: 'Гаухар Смагулова', b: 'Ботагоз Калиева' } as const;
const shot = (page: Page, name: string) => screenshot(page, `operations-${name}`);
const sorted = (ids: (string | null)[]) => [...ids].sort();

describeInChromium('apps/web/e2e/operations.e2e.test.ts', 'HQ operations: a coordinator’s day', () => {
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

  it('readiness, an accepted proposal, coverage and alerts as reports arrive, a follow-up answered from the field, verified', async () => {
    // The campaign: polls open now (noon in the election's zone), three stations in Almaty (one in
    // the region itself, two in a district), one in Astana; one observer per region already sent.
    const zone = noonZone();
    const electionId = await currentElection(api, zone.date, zone.timeZone);
    const { areas, stations } = await twoRegions(api, electionId, {
      regionA: [101],
      districtA: [102, 103],
      regionB: [201],
    });
    const ids = {
      a: await observer(api, names.a, areas.regionA),
      a2: await observer(api, names.a2, areas.districtA),
      a3: await observer(api, names.a3, areas.districtA),
      b: await observer(api, names.b, areas.regionB),
    };
    await assign(api, electionId, ids.a, stations[101] as string);
    await assign(api, electionId, ids.b, stations[201] as string);
    await regionalCoordinator(api, coordinator, areas.regionA);
    const { code } = await api.post<{ code: string }>(`/api/v1/users/${ids.a}/invites`);

    // Observer A signs in to the field app on their phone; their readiness visit found no ramp.
    const phone = await (await newContext(browser, server.baseUrl, PHONE)).newPage();
    const field = new FieldAppPage(phone);
    await phone.goto('/sign-in');
    await new SignInPage(phone).waitUntilOpen();
    await new SignInPage(phone).enterInviteCode(code);
    await field.waitForHome();
    const send = await reportSender(phone.context(), server);
    await send('readiness', stations[101] as string, {
      check_date: zone.date,
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
    });

    // 1. Readiness: the visited station with its problem first, then the two nobody visited.
    const hq = await (await newContext(browser, server.baseUrl, DESKTOP)).newPage();
    await signInToHq(hq, coordinator);
    const readiness = new ReadinessPage(hq);
    await readiness.goto();
    expect(await readiness.count('stations')).toBe('3');
    expect(await readiness.count('not-visited')).toBe('2');
    expect(await readiness.stationNumbers()).toEqual([101, 102, 103]);
    await expect.poll(() => readiness.stationRow(101).getAttribute('data-state')).toBe('problems');
    expect(await readiness.stationRow(102).getAttribute('data-state')).toBe('not-visited');
    expect(await readiness.finding('accessible').getAttribute('data-problem')).toBe('true');
    await expectAccessible(hq, 'readiness');
    await shot(hq, 'readiness-1280');
    // Down to the district, where a visit to an unvisited station is planned.
    await readiness.drillInto(regionNames.regionA);
    await readiness.drillInto(regionNames.districtA);
    await expect.poll(() => readiness.stationNumbers()).toEqual([102, 103]);
    await readiness.plan(names.a2, 102, zone.date);
    await readiness.planRow(102).waitFor();
    expect(await readiness.planRow(102).getAttribute('data-status')).toBe('planned');

    // 2. The automatic proposal covers the district's two stations with its two free observers.
    const assignments = new AssignmentsPage(hq);
    await assignments.goto();
    await hq.locator('a[data-action="propose"]').click();
    await hq.waitForURL('**/hq/assignments/proposal');
    const proposal = new AssignmentProposalPage(hq);
    await proposal.propose('voting_day');
    expect(await proposal.figure('uncoveredBefore').textContent()).toBe('2');
    expect(await proposal.figure('uncoveredAfter').textContent()).toBe('0');
    await expect.poll(() => proposal.rows().count()).toBe(2);
    const proposed = await proposal.proposed();
    expect(Object.keys(proposed).sort()).toEqual(['102', '103']);
    expect(Object.values(proposed).sort()).toEqual([names.a2, names.a3].sort());
    await expectAccessible(hq, 'assignment proposal');
    await shot(hq, 'proposal-1280');
    await proposal.confirm();
    await proposal.created().waitFor();
    expect(await proposal.created().textContent()).toBe(ru.proposal.created.replace('{{n}}', '2'));

    // By hand, the district's observer to the region's own station: a warning first, in Russian,
    // then "assign anyway", which the audit log records with the warning.
    await assignments.goto();
    await assignments.assign({ search: 'Айдана', name: names.a2 }, 101, 'opening');
    await assignments.warnings().waitFor();
    expect(await assignments.warnings().getAttribute('data-warnings')).toBe('outside_station_area');
    expect(await assignments.warnings().textContent()).toContain(ru.assignmentWarnings.code.outside_station_area);
    await expectAccessible(hq, 'assignment warning');
    await shot(hq, 'assignment-warning-1280');
    await assignments.assignAnyway();
    await assignments.notice().waitFor();
    await assignments.row(101, names.a2).waitFor();
    const created = await api.get<{ items: { details: { overridden?: string[] } }[] }>(
      '/api/v1/audit?action=assignment.created&limit=10',
    );
    expect(created.items[0]?.details.overridden).toEqual(['outside_station_area']);

    // 3. Coverage: every station has an observer, none has opened yet; the live page's alerts
    // say so; an opening checklist arrives and both move.
    const coverage = new CoveragePage(hq);
    await coverage.goto();
    expect(await coverage.count('stations')).toBe('3');
    expect(await coverage.count('assigned')).toBe('3');
    expect(await coverage.count('phase-opening')).toBe('0');
    const live = new LiveReportsPage(hq);
    await live.goto();
    await live.waitUntilLive();
    const alerts = new AlertsPanel(hq);
    const allThree = sorted([stations[101], stations[102], stations[103]] as string[]);
    await expect.poll(async () => sorted(await alerts.stationsOf('opening_missing'))).toEqual(allThree);
    await expectAccessible(hq, 'live page with alerts');
    await shot(hq, 'alerts-live-1280');
    await send('opening', stations[101] as string, openingAnswers());
    await expect
      .poll(async () => sorted(await alerts.stationsOf('opening_missing')), { timeout: 10_000 })
      .toEqual(allThree.filter((id) => id !== stations[101]));
    expect(await hq.locator('main').textContent()).not.toMatch(/NaN|Infinity/);
    await coverage.goto();
    expect(await coverage.count('phase-opening')).toBe('1');
    expect(await coverage.stationRow(101).getAttribute('data-reported')).toBe('1');
    await shot(hq, 'coverage-1280');

    // 4. The observer reports ballot stuffing from the field app.
    await phone.goto('/app');
    await field.waitForHome();
    await field.openStation(101);
    await phone.locator('a[href$="/new/incident"]').click();
    await phone.locator('form.fa-form').waitFor();
    await phone.locator('#fa-q-category').selectOption('ballot_stuffing');
    await phone.locator('#fa-q-severity-2').check();
    await phone.locator('#fa-q-incident_time').fill('10:30');
    await phone.locator('#fa-q-description').fill('Вброс бюллетеней у урны');
    await phone.locator('#fa-q-complaint_filed-no').check();
    await field.save();
    const reportId = new URL(phone.url()).pathname.split('/').pop() ?? '';
    await expect
      .poll(() => phone.locator(`.fa-entry[data-report="${reportId}"]`).first().getAttribute('data-state'), {
        timeout: 20_000,
      })
      .toBe('accepted');

    // 5. The queue holds it among the high-severity items; the coordinator takes it. The HQ admin
    // can no longer decide on it: someone else holds it.
    const queue = new VerificationQueuePage(hq);
    await queue.goto();
    await queue.filterSeverity('high');
    await expect.poll(() => queue.reportIds()).toEqual([reportId]);
    await expectAccessible(hq, 'verification queue');
    await shot(hq, 'queue-1280');
    await queue.claim(reportId);
    const panel = new VerificationPanel(hq);
    await panel.waitUntilOpen();
    await panel.claim().locator('[data-claimed-by="me"]').waitFor();
    const refused = await api.send('POST', `/api/v1/reports/${reportId}/verification`, {
      decision: 'verified',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { code: string } }).error.code).toBe('report_claimed');

    // 6. A follow-up needs a comment; with one it is sent.
    await panel.decide(ru.queue.panel.followUp);
    await hq.locator('#vq-comment-error').waitFor();
    await panel.comment('Укажите номер урны и время вброса точнее.');
    await panel.decide(ru.queue.panel.followUp);
    await expect.poll(() => panel.status()).toBe('follow_up');

    // 7. The observer sees the request when the app opens and corrects the report.
    await phone.goto('/app');
    await field.waitForHome();
    const request = phone.locator(`.fa-follow-up[data-report="${reportId}"]`);
    await request.waitFor();
    expect(await request.textContent()).toContain('Укажите номер урны');
    await expectAccessible(phone, 'field app follow-up');
    await shot(phone, 'field-follow-up-390');
    await request.locator('a').click();
    await phone.waitForURL((url) => url.pathname === `/app/reports/${reportId}`);
    await phone.getByRole('button', { name: ru.field.correct, exact: true }).click();
    await phone.locator('#fa-q-description').fill('Вброс бюллетеней у урны № 2 в 10:25');
    await phone.locator('form.fa-form button[type="submit"]').click();
    // Answered once the server has the correction (not just the phone's outbox).
    await expect
      .poll(
        () =>
          phone.evaluate(
            (id) =>
              fetch('/api/v1/me/follow-ups')
                .then((r) => r.json())
                .then((body: { items: { reportId: string }[] }) => body.items.some((i) => i.reportId === id)),
            reportId,
          ),
        { timeout: 20_000 },
      )
      .toBe(false);
    await expect.poll(() => phone.locator('.fa-follow-up[data-answered="true"]').count()).toBe(1);

    // 8. The coordinator's page still shows the first revision: verifying from it is refused with
    // a clear message, never applied unseen; the latest is "open, answered", and is verified.
    await panel.decide(ru.queue.panel.verify);
    await hq.getByRole('button', { name: ru.queue.panel.reload }).waitFor();
    expect(await panel.root.textContent()).toContain(ru.errors.report_changed);
    await hq.getByRole('button', { name: ru.queue.panel.reload }).click();
    await expect.poll(() => hq.getByTestId('report-revisions').textContent()).toBe('2');
    await expect.poll(() => panel.status()).toBe('pending');
    await panel.answered().waitFor();
    await panel.decide(ru.queue.panel.verify);
    await expect.poll(() => panel.status()).toBe('verified');
    expect(await panel.decision().textContent()).toContain(coordinator.displayName);
    await shot(hq, 'report-verified-1280');
    const log = await api.get<{ items: { action: string }[] }>(
      `/api/v1/audit?entityType=report&entityId=${reportId}&limit=50`,
    );
    expect(
      log.items
        .map((e) => e.action)
        .filter((a) => a.startsWith('report.'))
        .reverse(),
    ).toEqual(['report.claimed', 'report.follow_up_requested', 'report.verified']);

    // 9. The overview sums the day up: every station covered, one of three visited, nothing NaN.
    const overview = new OverviewPage(hq);
    await overview.goto();
    expect(await overview.value('coverage', 'voting_day')).toContain('100%');
    expect(await overview.value('readiness', 'visited')).toContain('33%');
    expect(await hq.locator('main').textContent()).not.toMatch(/NaN|Infinity/);
    await expectAccessible(hq, 'overview');
    await shot(hq, 'overview-1280');
  }, 180_000);
});
