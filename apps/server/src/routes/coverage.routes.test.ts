import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

interface StationItem {
  id: string;
  observers: number;
  reported: boolean[];
  latestReportId: string | null;
}

/**
 * The two-region election: voting-day observers at A·2 and B·1, an opening observer at A·1, a
 * counting observer at A·2; opening reports from A·1, A·2 and B·1, protocol copies from A·2 and B·1.
 */
describeEachDialect('coverage', (db) => {
  let t: TestApp;
  let w: TwoRegions;

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
  }, 60_000);
  afterEach(() => t.close());

  const view = async (cookie: string, query = '') => {
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${w.electionId}/coverage${query ? `?${query}` : ''}`,
      cookie,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const order = (items: StationItem[]) => {
    const names = new Map(Object.entries(w.stations).map(([k, id]) => [id, k]));
    return items.map((s) => names.get(s.id));
  };

  it('counts stations with an observer and with each phase’s report, uncovered stations first', async () => {
    const all = await view(w.staff.coordinator.cookie);
    expect(all.shift).toBe('voting_day');
    expect(all.phases).toEqual(['opening', 'voting', 'turnout', 'closing', 'protocol']);
    expect(all.totals).toEqual({ stations: 4, assigned: 2, reported: [3, 0, 0, 0, 2] });
    // A·1 and B·2 have nobody for voting day; B·2 also sent nothing.
    expect(order(all.stations.items)).toEqual(['a1', 'b2', 'b1', 'a2']);
    const [a1, b2, , a2] = all.stations.items as StationItem[];
    expect(a1).toMatchObject({ observers: 0, reported: [true, false, false, false, false] });
    expect(b2).toMatchObject({ observers: 0, reported: [false, false, false, false, false], latestReportId: null });
    expect(a2?.observers).toBe(1);
    expect([w.reports.aOpening, w.reports.aProtocol1, w.reports.aProtocol2]).toContain(a2?.latestReportId);
    expect(all.areas).toEqual([
      expect.objectContaining({ id: w.areas.a, stations: 2, assigned: 1, reported: [2, 0, 0, 0, 1] }),
      expect.objectContaining({ id: w.areas.b, stations: 2, assigned: 1, reported: [1, 0, 0, 0, 1] }),
    ]);

    const opening = await view(w.staff.coordinator.cookie, 'shift=opening');
    expect(opening.totals.assigned).toBe(1);
    const openingOrder = order(opening.stations.items);
    expect(openingOrder.slice(0, 3).sort()).toEqual(['a2', 'b1', 'b2']);
    expect(openingOrder[3]).toBe('a1');
    const readiness = await view(w.staff.coordinator.cookie, 'shift=readiness');
    expect(readiness.phases).toEqual(['readiness']);
    expect(readiness.totals).toEqual({ stations: 4, assigned: 0, reported: [0] });

    const uncovered = await view(w.staff.coordinator.cookie, 'filter=uncovered');
    expect(order(uncovered.stations.items)).toEqual(['a1', 'b2']);
    expect(uncovered.stations.total).toBe(2);
    const silent = await view(w.staff.coordinator.cookie, 'filter=silent');
    expect(order(silent.stations.items)).toEqual(['b2']);
  });

  it('changes as reports arrive and assignments are made', async () => {
    await w.submit(w.observers.bAssigned, 'turnout', w.stations.b1, {
      checkpoint_time: '10:00',
      voters_received: 120,
      source: 'own_count',
    });
    const assigned = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.electionId}/assignments`,
      cookie: w.staff.coordinator.cookie,
      body: { observerId: w.observers.bByAccount.id, stationId: w.stations.b2, shift: 'voting_day' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const all = await view(w.staff.coordinator.cookie);
    expect(all.totals).toEqual({ stations: 4, assigned: 3, reported: [3, 0, 1, 0, 2] });
    expect(order(all.stations.items)).toEqual(['a1', 'b2', 'b1', 'a2']);
    const overview = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${w.electionId}/overview`,
      cookie: w.staff.coordinator.cookie,
    });
    expect(overview.json().coverage).toContainEqual({ shift: 'voting_day', covered: 3, total: 4 });
  });

  it('shows a regional coordinator their region, drills down, and hides other regions', async () => {
    const a = await view(w.staff.rcA.cookie);
    expect(a.totals).toEqual({ stations: 2, assigned: 1, reported: [2, 0, 0, 0, 1] });
    expect(order(a.stations.items)).toEqual(['a1', 'a2']);
    expect(a.areas.map((x: { id: string }) => x.id)).toEqual([w.areas.a]);
    const district = await view(w.staff.rcA.cookie, `areaId=${w.areas.a1}`);
    expect(district.path.map((x: { id: string }) => x.id)).toEqual([w.areas.a, w.areas.a1]);
    expect(order(district.stations.items)).toEqual(['a2']);
    const b = await view(w.staff.rcB.cookie);
    expect(order(b.stations.items)).toEqual(['b2', 'b1']);

    const outside = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${w.electionId}/coverage?areaId=${w.areas.b}`,
      cookie: w.staff.rcA.cookie,
    });
    expect(outside.statusCode).toBe(404);
    const analyst = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${w.electionId}/coverage`,
      cookie: w.staff.analyst.cookie,
    });
    expect(analyst.statusCode).toBe(403);
  });
});
