import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readinessAnswers } from '../testing/readiness-answers.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { type Session, seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

interface StationItem {
  id: string;
  visited: boolean;
  latestReportId: string | null;
  reports: number;
  problems: { questionId: string }[];
  nextVisit: string | null;
}
interface Finding {
  questionId: string;
  problem: number;
  answers: { value: boolean | string; problem: boolean; stations: number }[];
}

describeEachDialect('readiness monitoring', (db) => {
  let t: TestApp;
  let w: TwoRegions;
  /** Readiness reports: A·2 (no ramp, no cameras), B·1 (all fine), A·1 twice (fine, then unfit premises). */
  let reports: { a2: string; b1: string; a1Old: string; a1New: string };

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
    const send = (who: Session, station: string, answers: Record<string, unknown>) =>
      w.submit(who, 'readiness', station, answers);
    reports = {
      a2: await send(w.observers.aAssigned, w.stations.a2, readinessAnswers({ accessible: false, cameras: 'no' })),
      b1: await send(w.observers.bAssigned, w.stations.b1, readinessAnswers({ cameras: 'not_required' })),
      a1Old: await send(w.observers.both, w.stations.a1, readinessAnswers()),
      a1New: '',
    };
    t.advance(60_000);
    reports.a1New = await send(w.observers.aByAccount, w.stations.a1, {
      ...readinessAnswers(),
      premises_fit: false,
    });
  }, 60_000);
  afterEach(() => t.close());

  const get = async (url: string, cookie: string, status = 200) => {
    const response = await t.request({ method: 'GET', url, cookie });
    expect(response.statusCode, response.body).toBe(status);
    return response.json();
  };
  const view = (cookie: string, query = '') =>
    get(`/api/v1/elections/${w.electionId}/readiness${query ? `?${query}` : ''}`, cookie);
  const names = () => new Map(Object.entries(w.stations).map(([k, id]) => [id, k]));
  const order = (items: StationItem[]) => items.map((s) => names().get(s.id));
  const finding = (findings: Finding[], id: string) => findings.find((f) => f.questionId === id) as Finding;

  it('counts visited stations and findings per item from each station’s latest visit, problems first', async () => {
    const all = await view(w.staff.coordinator.cookie);
    expect(all.period).toEqual({ monitoringFrom: '2026-10-31', votingDate: '2026-11-10', today: '2026-11-10' });
    expect(all.totals).toEqual({ stations: 4, visited: 3, withProblems: 2 });
    // A·2 has two problems, A·1's latest visit one (its earlier fine visit no longer counts).
    expect(order(all.stations.items)).toEqual(['a2', 'a1', 'b2', 'b1']);
    const [a2, a1, b2, b1] = all.stations.items as StationItem[];
    expect(a2?.problems.map((p) => p.questionId).sort()).toEqual(['accessible', 'cameras']);
    expect(a2?.latestReportId).toBe(reports.a2);
    expect(a1).toMatchObject({ visited: true, latestReportId: reports.a1New, reports: 2 });
    expect(a1?.problems.map((p) => p.questionId)).toEqual(['premises_fit']);
    expect(b2).toMatchObject({ visited: false, latestReportId: null, reports: 0, problems: [] });
    expect(b1).toMatchObject({ visited: true, problems: [] });
    expect(all.stations.total).toBe(4);

    expect(finding(all.findings, 'accessible').problem).toBe(1);
    expect(finding(all.findings, 'accessible').answers).toEqual([
      { value: true, label: null, problem: false, stations: 2 },
      { value: false, label: null, problem: true, stations: 1 },
    ]);
    expect(finding(all.findings, 'premises_fit').problem).toBe(1);
    expect(finding(all.findings, 'station_open')).toMatchObject({ problem: 0 });
    const cameras = finding(all.findings, 'cameras');
    expect(cameras.problem).toBe(1);
    expect(cameras.answers.map((a) => [a.value, a.stations, a.problem])).toEqual([
      ['yes', 1, false],
      ['no', 1, true],
      ['not_required', 1, false],
    ]);
    // Findings with problems come first; the date and number questions are not checklist items.
    expect(all.findings[0].problem).toBeGreaterThan(0);
    expect(all.findings.map((f: Finding) => f.questionId)).not.toContain('check_date');

    // Regions: Almaty (both visited, both with problems) before Astana.
    expect(all.areas.map((a: { id: string; stations: number; visited: number; withProblems: number }) => a)).toEqual([
      expect.objectContaining({ id: w.areas.a, stations: 2, visited: 2, withProblems: 2 }),
      expect.objectContaining({ id: w.areas.b, stations: 2, visited: 1, withProblems: 0 }),
    ]);

    const unvisited = await view(w.staff.coordinator.cookie, 'filter=not_visited');
    expect(order(unvisited.stations.items)).toEqual(['b2']);
    expect(unvisited.stations.total).toBe(1);
    const withProblems = await view(w.staff.coordinator.cookie, 'filter=problems');
    expect(order(withProblems.stations.items)).toEqual(['a2', 'a1']);
    const paged = await view(w.staff.coordinator.cookie, 'limit=1&offset=1');
    expect(order(paged.stations.items)).toEqual(['a1']);
    expect(paged.stations.total).toBe(4);
  });

  it('drills down region → district, and keeps a regional coordinator in their region', async () => {
    const region = await view(w.staff.coordinator.cookie, `areaId=${w.areas.a}`);
    expect(region.area).toMatchObject({ id: w.areas.a, level: 'region' });
    expect(region.path.map((a: { id: string }) => a.id)).toEqual([w.areas.a]);
    expect(region.totals).toEqual({ stations: 2, visited: 2, withProblems: 2 });
    expect(region.areas).toEqual([expect.objectContaining({ id: w.areas.a1, stations: 1, visited: 1 })]);
    const district = await view(w.staff.coordinator.cookie, `areaId=${w.areas.a1}`);
    expect(district.path.map((a: { id: string }) => a.id)).toEqual([w.areas.a, w.areas.a1]);
    expect(order(district.stations.items)).toEqual(['a2']);
    expect(finding(district.findings, 'premises_fit').problem).toBe(0);

    const rcA = await view(w.staff.rcA.cookie);
    expect(rcA.totals).toEqual({ stations: 2, visited: 2, withProblems: 2 });
    expect(rcA.areas.map((a: { id: string }) => a.id)).toEqual([w.areas.a]);
    expect(order(rcA.stations.items)).toEqual(['a2', 'a1']);
    expect(finding(rcA.findings, 'cameras').answers.map((a) => a.stations)).toEqual([1, 1, 0]);
    const rcADistrict = await view(w.staff.rcA.cookie, `areaId=${w.areas.a1}`);
    expect(rcADistrict.path.map((a: { id: string }) => a.id)).toEqual([w.areas.a, w.areas.a1]);

    const rcB = await view(w.staff.rcB.cookie);
    expect(rcB.totals).toEqual({ stations: 2, visited: 1, withProblems: 0 });
    expect(order(rcB.stations.items)).toEqual(['b2', 'b1']);

    // Another region's area by id: 404 like a missing one, and the attempt is audited.
    const outside = await get(
      `/api/v1/elections/${w.electionId}/readiness?areaId=${w.areas.b}`,
      w.staff.rcA.cookie,
      404,
    );
    expect(outside.error.code).toBe('not_found');
    const log = await get('/api/v1/audit?action=access.out_of_scope&limit=100', w.staff.admin.cookie);
    expect(log.items.map((e: { entityId: string; actorId: string }) => [e.actorId, e.entityId])).toContainEqual([
      w.staff.rcA.id,
      w.areas.b,
    ]);
  });

  it('plans visits and shows their progress: done by the planned observer, overdue once the day passed', async () => {
    const plan = (cookie: string, observer: Session, station: string, visitDate: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/elections/${w.electionId}/readiness/visits`,
        cookie,
        body: { observerId: observer.id, stationId: station, visitDate },
      });
    const c = w.staff.coordinator.cookie;
    const done = await plan(c, w.observers.aAssigned, w.stations.a2, '2026-11-05');
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().visit).toMatchObject({ status: 'done', reportId: reports.a2, stationNumber: 2 });
    const overdue = (await plan(c, w.observers.bByAccount, w.stations.b2, '2026-11-01')).json().visit;
    expect(overdue.status).toBe('overdue');
    // Another observer's report at the station does not do this observer's visit.
    expect((await plan(c, w.observers.aByAccount, w.stations.a2, '2026-11-10')).json().visit.status).toBe('planned');
    expect((await plan(c, w.observers.bAssigned, w.stations.b1, '2026-11-09')).json().visit.status).toBe('done');

    const all = await get(`/api/v1/elections/${w.electionId}/readiness/visits`, c);
    expect(all.progress).toEqual({ planned: 4, done: 2, overdue: 1 });
    expect(all.items.map((v: { visitDate: string }) => v.visitDate)).toEqual([
      '2026-11-01',
      '2026-11-05',
      '2026-11-09',
      '2026-11-10',
    ]);
    const b2 = (await view(c, 'filter=not_visited')).stations.items[0] as StationItem;
    expect(b2.nextVisit).toBe('2026-11-01');
    expect((await view(c)).plans).toEqual({ planned: 4, done: 2, overdue: 1 });

    const rcA = await get(`/api/v1/elections/${w.electionId}/readiness/visits`, w.staff.rcA.cookie);
    expect(rcA.items).toHaveLength(2);
    expect(rcA.progress).toEqual({ planned: 2, done: 1, overdue: 0 });
    const overviewA = await get(`/api/v1/elections/${w.electionId}/overview`, w.staff.rcA.cookie);
    expect(overviewA.readiness.plans).toEqual({ planned: 2, done: 1, overdue: 0 });

    // A regional coordinator plans in their region only.
    const otherStation = await plan(w.staff.rcA.cookie, w.observers.aAssigned, w.stations.b1, '2026-11-05');
    expect(otherStation.statusCode).toBe(422);
    expect(otherStation.json().error).toMatchObject({ code: 'outside_area', details: [{ path: '/stationId' }] });
    const otherObserver = await plan(w.staff.rcA.cookie, w.observers.bByAccount, w.stations.a2, '2026-11-05');
    expect(otherObserver.json().error).toMatchObject({ code: 'outside_area', details: [{ path: '/observerId' }] });
    const removeOther = await t.request({
      method: 'DELETE',
      url: `/api/v1/readiness/visits/${overdue.id}`,
      cookie: w.staff.rcA.cookie,
    });
    expect(removeOther.statusCode).toBe(404);

    // Outside the monitoring period, twice the same, or not an observer: refused.
    const early = await plan(c, w.observers.aAssigned, w.stations.a1, '2026-10-01');
    expect(early.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: '/visitDate' }] });
    expect((await plan(c, w.observers.aAssigned, w.stations.a2, '2026-11-05')).statusCode).toBe(409);
    const staff = await plan(c, w.staff.rcA, w.stations.a2, '2026-11-05');
    expect(staff.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: '/observerId' }] });

    const removed = await t.request({ method: 'DELETE', url: `/api/v1/readiness/visits/${overdue.id}`, cookie: c });
    expect(removed.statusCode).toBe(204);
    expect((await get(`/api/v1/elections/${w.electionId}/readiness/visits`, c)).progress).toEqual({
      planned: 3,
      done: 2,
      overdue: 0,
    });
    const log = await get('/api/v1/audit?entityType=readiness_visit&limit=100', w.staff.admin.cookie);
    const actions = log.items.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`);
    expect(actions).toContain(`readiness_visit.planned ${overdue.id}`);
    expect(actions).toContain(`readiness_visit.deleted ${overdue.id}`);
    expect(actions).toContain(`access.out_of_scope ${overdue.id}`);
  });
});
