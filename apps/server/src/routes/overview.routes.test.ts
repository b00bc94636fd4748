import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readinessAnswers } from '../testing/readiness-answers.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

describeEachDialect('campaign overview', (db) => {
  let t: TestApp;
  let w: TwoRegions;

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
  }, 60_000);
  afterEach(() => t.close());

  const overview = async (cookie: string) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/elections/${w.electionId}/overview`, cookie });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const covered = (o: { coverage: { shift: string; covered: number; total: number }[] }) =>
    Object.fromEntries(o.coverage.map((c) => [c.shift, `${c.covered}/${c.total}`]));

  it('counts the whole campaign for national staff and a region for its coordinator', async () => {
    await w.submit(w.observers.aAssigned, 'readiness', w.stations.a2, readinessAnswers({ accessible: false }));
    await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.electionId}/readiness/visits`,
      cookie: w.staff.coordinator.cookie,
      body: { observerId: w.observers.bAssigned.id, stationId: w.stations.b2, visitDate: '2026-11-01' },
    });

    const all = await overview(w.staff.coordinator.cookie);
    expect(all.today).toBe('2026-11-10');
    expect(all.stations).toBe(4);
    expect(all.readiness).toMatchObject({
      monitoringFrom: '2026-10-31',
      votingDate: '2026-11-10',
      visited: 1,
      total: 4,
    });
    expect(covered(all)).toEqual({ readiness: '0/4', voting_day: '2/4', opening: '1/4', counting: '1/4' });
    // Six reports on voting day plus the readiness visit, all since local midnight (18:00Z).
    expect(all.reportsToday).toBe(7);
    expect(all.recruitment.total).toBe(4);
    expect(all.recruitment.byStatus.find((s: { status: string }) => s.status === 'applied').count).toBe(3);
    expect(all.observersReady).toEqual({ applicants: 1, assigned: 4 });

    const a = await overview(w.staff.rcA.cookie);
    expect(a.stations).toBe(2);
    expect(a.readiness).toMatchObject({ visited: 1, total: 2, plans: { planned: 0, done: 0, overdue: 0 } });
    expect(covered(a)).toEqual({ readiness: '0/2', voting_day: '1/2', opening: '1/2', counting: '1/2' });
    expect(a.reportsToday).toBe(5);
    // Applicants of district A1 and region A; the applicant with no area is national.
    expect(a.recruitment.total).toBe(2);
    expect(a.observersReady).toEqual({ applicants: 1, assigned: 3 });

    const b = await overview(w.staff.rcB.cookie);
    expect(b.readiness).toMatchObject({ visited: 0, total: 2, plans: { planned: 1, done: 0, overdue: 1 } });
    expect(covered(b)).toEqual({ readiness: '0/2', voting_day: '1/2', opening: '0/2', counting: '0/2' });
    expect(b.reportsToday).toBe(2);
    expect(b.recruitment.total).toBe(1);
  });

  it('starts "today" at local midnight in the election time zone', async () => {
    // 06:00Z is 11:00 in Almaty (UTC+5): at 18:59Z it is still the 10th, at 19:01Z the 11th.
    t.advance(11 * 3600_000);
    expect((await overview(w.staff.admin.cookie)).today).toBe('2026-11-10');
    t.advance(3600_000 + 59 * 60_000);
    expect((await overview(w.staff.admin.cookie)).reportsToday).toBe(6);
    t.advance(2 * 60_000);
    const next = await overview(w.staff.admin.cookie);
    expect(next.today).toBe('2026-11-11');
    expect(next.reportsToday).toBe(0);
  });

  it('answers 404 for an unknown election and 403 to roles without assignments', async () => {
    const missing = await t.request({
      method: 'GET',
      url: '/api/v1/elections/00000000-0000-4000-8000-000000000000/overview',
      cookie: w.staff.admin.cookie,
    });
    expect(missing.statusCode).toBe(404);
    const analyst = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${w.electionId}/overview`,
      cookie: w.staff.analyst.cookie,
    });
    expect(analyst.statusCode).toBe(403);
  });
});
