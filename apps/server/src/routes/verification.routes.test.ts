import { randomUUID } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import {
  observerNames,
  opening,
  type Session,
  seedTwoRegions,
  type TwoRegions,
} from '../testing/two-regions-fixture.ts';

/** An incident as the field app sends it. */
const incident = (severity: string, description = 'Вброс бюллетеней у урны') => ({
  category: 'ballot_stuffing',
  severity,
  incident_time: '10:30',
  description,
  complaint_filed: false,
});

interface QueueItem {
  verification: {
    reportId: string;
    status: string;
    answered: boolean;
    claim: { by: { id: string; name: string }; until: string } | null;
    decidedBy: { id: string; name: string } | null;
    comment: string | null;
    revision: number;
    severity: string;
  };
  formKind: string;
  observerName: string;
}

/**
 * The verification queue over one election in two regions (see the fixture): which reports are in
 * it, filters and counts, claims and their expiry, refusals (another's claim, a stale page), the
 * follow-up round trip through the observer's API, and area scope.
 */
describeEachDialect('verification queue', (db) => {
  let t: TestApp;
  let w: TwoRegions;
  /** Reports added to the fixture's: incidents in both regions and a report from an unassigned observer. */
  let r: { aIncidentHigh: string; bIncidentLow: string; bNotAssigned: string };

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
    r = {
      aIncidentHigh: await w.submit(w.observers.aAssigned, 'incident', w.stations.a2, incident('high')),
      bIncidentLow: await w.submit(w.observers.bAssigned, 'incident', w.stations.b1, incident('low')),
      // `nowhere` is assigned to no station: flagged not_assigned.
      bNotAssigned: await w.submit(w.observers.nowhere, 'opening', w.stations.b2, opening),
    };
  }, 60_000);
  afterEach(() => t.close());

  const queue = async (cookie: string, query = '') => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${w.electionId}/verification-queue${query}`,
      cookie,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: QueueItem[]; nextCursor: string | null; counts: Record<string, number> };
  };
  const ids = (page: { items: QueueItem[] }) => page.items.map((i) => i.verification.reportId).sort();
  const sorted = (...values: string[]) => [...values].sort();
  const state = async (cookie: string, reportId: string) =>
    t.request({ method: 'GET', url: `/api/v1/reports/${reportId}/verification`, cookie });
  const claim = (who: Session, reportId: string) =>
    t.request({ method: 'POST', url: `/api/v1/reports/${reportId}/claim`, cookie: who.cookie, body: {} });
  const decide = (
    who: Session,
    reportId: string,
    body: { decision: string; comment?: string; expectedRevision: number; expectedStatus: string },
  ) => t.request({ method: 'POST', url: `/api/v1/reports/${reportId}/verification`, cookie: who.cookie, body });
  const auditOf = async (reportId: string) => {
    const log = await t.request({
      method: 'GET',
      url: `/api/v1/audit?entityType=report&entityId=${reportId}&limit=100`,
      cookie: w.staff.admin.cookie,
    });
    expect(log.statusCode, log.body).toBe(200);
    return (log.json().items as { actorId: string; action: string }[])
      .filter((e) => e.action.startsWith('report.'))
      .map((e) => `${e.actorId} ${e.action}`)
      .reverse();
  };

  it('holds every report with a flag and every incident, filtered and counted by state in SQL', async () => {
    const all = await queue(w.staff.coordinator.cookie);
    // The conflicting protocol copies, the incidents and the unassigned observer's report; not the
    // clean opening reports.
    expect(ids(all)).toEqual(
      sorted(w.reports.aProtocol1, w.reports.aProtocol2, r.aIncidentHigh, r.bIncidentLow, r.bNotAssigned),
    );
    expect(all.counts).toEqual({ pending: 5, claimed: 0, follow_up: 0, verified: 0, rejected: 0 });
    const byId = new Map(all.items.map((i) => [i.verification.reportId, i]));
    expect(byId.get(r.aIncidentHigh)?.verification.severity).toBe('high');
    expect(byId.get(r.bIncidentLow)?.verification.severity).toBe('low');
    expect(byId.get(r.bNotAssigned)?.verification.severity).toBe('medium');
    expect(byId.get(w.reports.aProtocol1)?.verification.severity).toBe('high');
    expect(byId.get(r.bNotAssigned)?.observerName).toBe(observerNames.nowhere);

    const c = w.staff.coordinator.cookie;
    expect(ids(await queue(c, '?flag=protocol_conflict'))).toEqual(sorted(w.reports.aProtocol1, w.reports.aProtocol2));
    expect(ids(await queue(c, '?flag=not_assigned'))).toEqual([r.bNotAssigned]);
    expect(ids(await queue(c, '?severity=high'))).toEqual(
      sorted(w.reports.aProtocol1, w.reports.aProtocol2, r.aIncidentHigh),
    );
    expect(ids(await queue(c, '?severity=medium'))).toEqual([r.bNotAssigned]);
    expect(ids(await queue(c, '?severity=low'))).toEqual([r.bIncidentLow]);
    expect(ids(await queue(c, '?formKind=incident'))).toEqual(sorted(r.aIncidentHigh, r.bIncidentLow));
    expect(ids(await queue(c, `?areaId=${w.areas.b}`))).toEqual(sorted(r.bIncidentLow, r.bNotAssigned));
    const inB = await queue(c, `?areaId=${w.areas.b}&state=verified`);
    expect(inB.items).toEqual([]);
    // Counts follow the filters other than the state.
    expect(inB.counts).toEqual({ pending: 2, claimed: 0, follow_up: 0, verified: 0, rejected: 0 });
    // Station A·2 lies in district A1, below region A.
    expect(ids(await queue(c, `?areaId=${w.areas.a1}`))).toEqual(
      sorted(w.reports.aProtocol1, w.reports.aProtocol2, r.aIncidentHigh),
    );

    // Keyset pages: two at a time, every report once.
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await queue(c, `?limit=2${after ? `&after=${after}` : ''}`);
      seen.push(...page.items.map((i) => i.verification.reportId));
      after = page.nextCursor;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(ids(all));
  });

  it("gives a regional coordinator their area's queue only; another area's report is 404 and audited", async () => {
    const rcA = w.staff.rcA;
    const mine = await queue(rcA.cookie);
    expect(ids(mine)).toEqual(sorted(w.reports.aProtocol1, w.reports.aProtocol2, r.aIncidentHigh));
    expect(mine.counts.pending).toBe(3);
    // Asking for region B's area gives nothing more.
    expect(ids(await queue(rcA.cookie, `?areaId=${w.areas.b}`))).toEqual([]);
    expect(ids(await queue(w.staff.rcB.cookie))).toEqual(sorted(r.bIncidentLow, r.bNotAssigned));

    for (const response of [
      await state(rcA.cookie, r.bIncidentLow),
      await claim(rcA, r.bIncidentLow),
      await decide(rcA, r.bIncidentLow, { decision: 'verified', expectedRevision: 1, expectedStatus: 'pending' }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    const log = await t.request({
      method: 'GET',
      url: `/api/v1/audit?action=access.out_of_scope&entityId=${r.bIncidentLow}&limit=10`,
      cookie: w.staff.admin.cookie,
    });
    expect(log.json().items.length).toBeGreaterThanOrEqual(3);
    // Nothing changed in region B.
    expect((await queue(w.staff.rcB.cookie)).counts).toMatchObject({ pending: 2, claimed: 0 });
    // A report never queued (a clean opening report) has no queue state; one that does not exist is 404.
    expect((await state(rcA.cookie, w.reports.aOpening)).json()).toEqual({ verification: null });
    expect((await state(rcA.cookie, randomUUID())).statusCode).toBe(404);
  });

  it('shows who holds a claim until it expires and refuses decisions on a report someone else holds', async () => {
    const coordinator = w.staff.coordinator;
    const rcA = w.staff.rcA;
    const report = w.reports.aProtocol1;
    const claimed = await claim(coordinator, report);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json().claim.by.id).toBe(coordinator.id);

    // The other coordinator sees who holds it, by name.
    const seen = (await queue(rcA.cookie, '?state=claimed')).items;
    expect(seen.map((i) => i.verification.reportId)).toEqual([report]);
    const holder = seen[0]?.verification.claim?.by;
    expect(holder?.id).toBe(coordinator.id);
    expect(holder?.name).toBeTruthy();
    expect((await queue(rcA.cookie)).counts).toMatchObject({ pending: 3, claimed: 1 });

    // …and may neither claim it nor decide on it.
    const refusedClaim = await claim(rcA, report);
    expect(refusedClaim.statusCode).toBe(409);
    expect(refusedClaim.json().error.code).toBe('report_claimed');
    for (const decision of ['verified', 'rejected', 'follow_up']) {
      const refused = await decide(rcA, report, {
        decision,
        comment: 'Проверьте',
        expectedRevision: 1,
        expectedStatus: 'pending',
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('report_claimed');
    }
    expect((await state(rcA.cookie, report)).json().verification.status).toBe('pending');

    // Claiming again extends one's own claim; after 15 minutes without it the claim is nobody's.
    t.advance(10 * 60_000);
    expect((await claim(coordinator, report)).statusCode).toBe(200);
    t.advance(10 * 60_000);
    expect((await claim(rcA, report)).json().error.code).toBe('report_claimed');
    t.advance(6 * 60_000);
    expect((await queue(rcA.cookie)).counts.claimed).toBe(0);
    expect((await state(rcA.cookie, report)).json().verification.claim).toBeNull();
    const taken = await claim(rcA, report);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().claim.by.id).toBe(rcA.id);

    // The holder decides; the claim ends with the decision, whose author is shown.
    const verified = await decide(rcA, report, {
      decision: 'verified',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'verified', claim: null, decidedBy: { id: rcA.id } });
    expect(ids(await queue(coordinator.cookie, '?state=verified'))).toEqual([report]);
    expect(await auditOf(report)).toEqual([
      `${coordinator.id} report.claimed`,
      `${coordinator.id} report.claimed`,
      `${rcA.id} report.claimed`,
      `${rcA.id} report.verified`,
    ]);

    // Letting go of a claim.
    expect((await claim(coordinator, r.aIncidentHigh)).statusCode).toBe(200);
    const released = await t.request({
      method: 'POST',
      url: `/api/v1/reports/${r.aIncidentHigh}/release`,
      cookie: coordinator.cookie,
    });
    expect(released.json().claim).toBeNull();
    expect((await claim(rcA, r.aIncidentHigh)).statusCode).toBe(200);
  });

  it('refuses a decision from a page that saw an older revision or state, never overwriting silently', async () => {
    const coordinator = w.staff.coordinator;
    const rcA = w.staff.rcA;
    // Both pages load the incident at revision 1, pending.
    const loaded = (await state(coordinator.cookie, r.aIncidentHigh)).json().verification;
    expect(loaded).toMatchObject({ revision: 1, status: 'pending' });

    // The observer corrects it.
    const corrected = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: w.observers.aAssigned.cookie,
      body: {
        id: r.aIncidentHigh,
        revision: 2,
        stationId: w.stations.a2,
        formId: w.forms.incident?.formId,
        formVersion: w.forms.incident?.version,
        answers: incident('medium', 'Вброс: уточнение'),
      },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const stale = await decide(coordinator, r.aIncidentHigh, {
      decision: 'rejected',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'report_changed', details: { revision: 2, status: 'pending' } });
    // The observer's new severity is the queue's.
    expect((await state(coordinator.cookie, r.aIncidentHigh)).json().verification.severity).toBe('medium');

    // One coordinator decides; the other's page, still showing "pending", cannot overwrite it.
    const first = await decide(coordinator, r.aIncidentHigh, {
      decision: 'verified',
      expectedRevision: 2,
      expectedStatus: 'pending',
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await decide(rcA, r.aIncidentHigh, {
      decision: 'rejected',
      expectedRevision: 2,
      expectedStatus: 'pending',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('report_changed');
    expect((await state(rcA.cookie, r.aIncidentHigh)).json().verification).toMatchObject({
      status: 'verified',
      decidedBy: { id: coordinator.id },
    });
    // Knowing the state, they may change the decision (audited like any other).
    const changed = await decide(rcA, r.aIncidentHigh, {
      decision: 'rejected',
      comment: 'Дубликат',
      expectedRevision: 2,
      expectedStatus: 'verified',
    });
    expect(changed.json()).toMatchObject({ status: 'rejected', comment: 'Дубликат', decidedBy: { id: rcA.id } });
    expect(await auditOf(r.aIncidentHigh)).toEqual([`${coordinator.id} report.verified`, `${rcA.id} report.rejected`]);
  });

  it('round-trips a follow-up: the observer sees the comment, answers with a correction, the report is pending again', async () => {
    const coordinator = w.staff.coordinator;
    const observer = w.observers.bAssigned;
    const report = r.bIncidentLow;

    const noComment = await decide(coordinator, report, {
      decision: 'follow_up',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    expect(noComment.statusCode).toBe(400);
    const asked = await decide(coordinator, report, {
      decision: 'follow_up',
      comment: 'Укажите номер урны',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ status: 'follow_up', comment: 'Укажите номер урны' });

    const followUps = async (who: Session) => {
      const response = await t.request({ method: 'GET', url: '/api/v1/me/follow-ups', cookie: who.cookie });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items as { reportId: string; comment: string; requestedBy: string; revision: number }[];
    };
    const requests = await followUps(observer);
    expect(requests).toEqual([
      expect.objectContaining({
        reportId: report,
        stationId: w.stations.b1,
        formKind: 'incident',
        formId: w.forms.incident?.formId,
        revision: 1,
        comment: 'Укажите номер урны',
      }),
    ]);
    expect(requests[0]?.requestedBy).toBeTruthy();
    // Nobody else's requests.
    expect(await followUps(w.observers.aAssigned)).toEqual([]);
    const counts = (await queue(coordinator.cookie)).counts;
    expect(counts).toMatchObject({ pending: 4, follow_up: 1 });

    // The observer answers through the ordinary ingest: the next revision of the same report.
    const answered = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: observer.cookie,
      body: {
        id: report,
        revision: 2,
        stationId: w.stations.b1,
        formId: w.forms.incident?.formId,
        formVersion: w.forms.incident?.version,
        answers: incident('low', 'Вброс у урны № 2'),
      },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(await followUps(observer)).toEqual([]);
    const back = (await queue(coordinator.cookie, '?formKind=incident')).items.find(
      (i) => i.verification.reportId === report,
    );
    expect(back?.verification).toMatchObject({ status: 'pending', answered: true, revision: 2 });
    // The counts kept by the database follow the answer (a trigger's update firing another trigger).
    expect((await queue(coordinator.cookie)).counts).toMatchObject({ pending: 5, follow_up: 0 });

    const verified = await decide(coordinator, report, {
      decision: 'verified',
      expectedRevision: 2,
      expectedStatus: 'pending',
    });
    expect(verified.json()).toMatchObject({ status: 'verified', answered: false, decidedBy: { id: coordinator.id } });
    expect(await auditOf(report)).toEqual([
      `${coordinator.id} report.follow_up_requested`,
      `${coordinator.id} report.verified`,
    ]);

    // A later correction changes what was verified: the report waits in the queue again.
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: observer.cookie,
      body: {
        id: report,
        revision: 3,
        stationId: w.stations.b1,
        formId: w.forms.incident?.formId,
        formVersion: w.forms.incident?.version,
        answers: incident('low', 'Вброс у урны № 3'),
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const reopened = (await queue(coordinator.cookie, '?formKind=incident')).items.find(
      (i) => i.verification.reportId === report,
    );
    expect(reopened?.verification).toMatchObject({ status: 'pending', answered: false, revision: 3 });
    expect((await queue(coordinator.cookie)).counts).toMatchObject({ pending: 5, verified: 0 });
  });

  it('counts open and claimed reports on the overview, in the actor’s area', async () => {
    await claim(w.staff.coordinator, w.reports.aProtocol1);
    const overview = async (cookie: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/elections/${w.electionId}/overview`, cookie })).json();
    expect((await overview(w.staff.coordinator.cookie)).verification).toEqual({ open: 5, claimed: 1 });
    expect((await overview(w.staff.rcB.cookie)).verification).toEqual({ open: 2, claimed: 0 });
    await decide(w.staff.coordinator, w.reports.aProtocol1, {
      decision: 'verified',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    expect((await overview(w.staff.rcA.cookie)).verification).toEqual({ open: 2, claimed: 0 });
  });
});
