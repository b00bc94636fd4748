import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

// The two-regions fixture: region A (stations a1; a2 in district A1), region B (b1, b2). Counting
// shift: a2 has aAssigned2; the applicant-made observer aApplicant signed up for voting day only.
describeEachDialect('assignment proposals', (getDb) => {
  let t: TestApp;
  let w: TwoRegions;
  beforeEach(async () => {
    t = await startTestApp(getDb(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
  });
  afterEach(() => t.close());

  const propose = (cookie: string, body: unknown) =>
    t.request({ method: 'POST', url: `/api/v1/elections/${w.electionId}/assignment-proposals`, cookie, body });
  const confirm = (cookie: string, body: unknown) =>
    t.request({ method: 'POST', url: `/api/v1/elections/${w.electionId}/assignment-proposals/confirm`, cookie, body });
  const assignmentCount = async () =>
    (
      await t.request({
        method: 'GET',
        url: `/api/v1/elections/${w.electionId}/assignments`,
        cookie: w.staff.admin.cookie,
      })
    ).json().items.length as number;
  const auditOf = async (action: string) =>
    (await t.store.audit.list({ limit: 1000 })).items.filter((e) => e.action === action);

  it('proposes free, available observers for the uncovered stations, one each, and writes nothing', async () => {
    const before = await assignmentCount();
    await t.store.settings.set(
      `quick_count:${w.electionId}`,
      { stations: [{ stationKey: w.stations.b2, stratum: w.areas.b }] },
      t.now(),
    );
    const response = await propose(w.staff.coordinator.cookie, { shift: 'counting' });
    expect(response.statusCode).toBe(200);
    const proposal = response.json();
    expect(proposal).toMatchObject({ shift: 'counting', perStationCap: 1, stations: 4, uncoveredBefore: 3 });
    expect(proposal.uncoveredAfter).toBe(0);
    const rows = proposal.rows as { observerId: string; stationId: string; inSample: boolean }[];
    expect(rows.map((r) => r.stationId).sort()).toEqual([w.stations.a1, w.stations.b1, w.stations.b2].sort());
    // No observer twice; the one booked for counting and the one available on voting day only are left out.
    expect(new Set(rows.map((r) => r.observerId)).size).toBe(3);
    const proposed = rows.map((r) => r.observerId);
    expect(proposed).not.toContain(w.observers.aAssigned2.id);
    expect(proposed).not.toContain(w.observers.aApplicant.id);
    expect(proposal.skipped).toMatchObject({ booked: 1, unavailable: 1 });
    // a1 lies in region A: only an observer of region A (or of no area) may go there.
    const a1 = rows.find((r) => r.stationId === w.stations.a1)?.observerId;
    expect([w.observers.both.id, w.observers.nowhere.id]).toContain(a1);
    expect(rows.find((r) => r.stationId === w.stations.b2)?.inSample).toBe(true);
    expect(await assignmentCount()).toBe(before);
  });

  it("a regional coordinator's proposal covers their area's stations and observers only", async () => {
    const response = await propose(w.staff.rcA.cookie, { shift: 'counting' });
    expect(response.statusCode).toBe(200);
    const proposal = response.json();
    expect(proposal.stations).toBe(2);
    expect(proposal.rows).toEqual([
      expect.objectContaining({ stationId: w.stations.a1, observerId: w.observers.both.id }),
    ]);
    const b = await propose(w.staff.rcB.cookie, { shift: 'counting' });
    const bStations = (b.json().rows as { stationId: string }[]).map((r) => r.stationId).sort();
    expect(bStations).toEqual([w.stations.b1, w.stations.b2].sort());
  });

  it('confirms the kept rows in one transaction, each audited as part of a proposal', async () => {
    const proposal = (await propose(w.staff.coordinator.cookie, { shift: 'counting' })).json();
    const kept = (proposal.rows as { observerId: string; stationId: string }[])
      .slice(0, 2)
      .map(({ observerId, stationId }) => ({ observerId, stationId }));
    const before = await assignmentCount();
    const response = await confirm(w.staff.coordinator.cookie, { shift: 'counting', rows: kept });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ created: 2, overridden: [] });
    expect(await assignmentCount()).toBe(before + 2);
    const audited = (await auditOf('assignment.created')).filter((e) =>
      (response.json().assignmentIds as string[]).includes(e.entityId ?? ''),
    );
    expect(audited).toHaveLength(2);
    for (const e of audited) expect(e.details).toEqual({ shift: 'counting', proposal: true });
    // Confirming the same rows again books the observers twice: refused, per row.
    const again = await confirm(w.staff.coordinator.cookie, { shift: 'counting', rows: kept, override: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('assignment_conflicts');
    expect(again.json().error.details.rows).toEqual([
      { row: 0, codes: ['already_assigned'], overridable: false },
      { row: 1, codes: ['already_assigned'], overridable: false },
    ]);
  });

  it('refuses conflicts per row; the overridable ones pass with override, audited', async () => {
    const before = await assignmentCount();
    const rows = [
      // a2 already has aAssigned2 for counting: a second observer is over the cap of 1.
      { observerId: w.observers.nowhere.id, stationId: w.stations.a2 },
      // An observer of district A1 at a station of region B.
      { observerId: w.observers.aByAccount.id, stationId: w.stations.b2 },
    ];
    const refused = await confirm(w.staff.coordinator.cookie, { shift: 'counting', rows });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.rows).toEqual([
      { row: 0, codes: ['over_cap'], overridable: true },
      { row: 1, codes: ['outside_station_area'], overridable: true },
    ]);
    expect(await assignmentCount()).toBe(before);

    // A double booking is never overridable: the whole confirmation is refused, nothing written.
    const withDouble = [...rows, { observerId: w.observers.aAssigned2.id, stationId: w.stations.b1 }];
    const double = await confirm(w.staff.coordinator.cookie, { shift: 'counting', rows: withDouble, override: true });
    expect(double.statusCode).toBe(409);
    expect(double.json().error.details.rows[2]).toMatchObject({ row: 2, overridable: false });
    expect(double.json().error.details.rows[2].codes).toContain('double_booked');
    expect(await assignmentCount()).toBe(before);

    const overridden = await confirm(w.staff.coordinator.cookie, { shift: 'counting', rows, override: true });
    expect(overridden.statusCode).toBe(201);
    expect(overridden.json().overridden).toEqual([
      { row: 0, codes: ['over_cap'] },
      { row: 1, codes: ['outside_station_area'] },
    ]);
    const details = (await auditOf('assignment.created'))
      .filter((e) => (overridden.json().assignmentIds as string[]).includes(e.entityId ?? ''))
      .map((e) => e.details);
    expect(details).toEqual(
      expect.arrayContaining([
        { shift: 'counting', proposal: true, overridden: ['over_cap'] },
        { shift: 'counting', proposal: true, overridden: ['outside_station_area'] },
      ]),
    );
  });

  it('an observer no longer certified is a warning the coordinator may override', async () => {
    const status = await t.request({
      method: 'POST',
      url: `/api/v1/applicants/${w.applicants.aObserver}/status`,
      cookie: w.staff.admin.cookie,
      body: { status: 'in_training', reason: 'missed the last session' },
    });
    expect(status.statusCode).toBe(200);
    const rows = [{ observerId: w.observers.aApplicant.id, stationId: w.stations.a1 }];
    const refused = await confirm(w.staff.coordinator.cookie, { shift: 'voting_day', rows });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.rows).toEqual([{ row: 0, codes: ['not_certified'], overridable: true }]);
    // Nor does the proposal offer them.
    const proposal = (await propose(w.staff.coordinator.cookie, { shift: 'voting_day' })).json();
    expect((proposal.rows as { observerId: string }[]).map((r) => r.observerId)).not.toContain(
      w.observers.aApplicant.id,
    );
    const accepted = await confirm(w.staff.coordinator.cookie, { shift: 'voting_day', rows, override: true });
    expect(accepted.statusCode).toBe(201);
  });

  it("a regional coordinator cannot confirm another area's station or observer", async () => {
    const before = await assignmentCount();
    const station = await confirm(w.staff.rcA.cookie, {
      shift: 'counting',
      rows: [{ observerId: w.observers.aByAccount.id, stationId: w.stations.b2 }],
    });
    expect(station.statusCode).toBe(422);
    expect(station.json().error).toMatchObject({ code: 'outside_area' });
    expect(station.json().error.details[0].path).toBe('/rows/0/stationId');
    const observer = await confirm(w.staff.rcA.cookie, {
      shift: 'counting',
      rows: [{ observerId: w.observers.bByAccount.id, stationId: w.stations.a1 }],
    });
    expect(observer.statusCode).toBe(422);
    expect(observer.json().error.details[0].path).toBe('/rows/0/observerId');
    const unknown = await confirm(w.staff.rcA.cookie, {
      shift: 'counting',
      rows: [{ observerId: w.staff.coordinator.id, stationId: w.stations.a1 }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('validation_failed');
    expect(await assignmentCount()).toBe(before);
  });

  it('moving an observer keeps their past reports on the old station', async () => {
    // aAssigned reported from a2 (an opening checklist and a protocol copy); the HQ moves them to b2.
    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/assignments/${w.assignments.aAssigned}`,
      cookie: w.staff.coordinator.cookie,
    });
    expect(removed.statusCode).toBe(204);
    const moved = await confirm(w.staff.coordinator.cookie, {
      shift: 'voting_day',
      rows: [{ observerId: w.observers.aAssigned.id, stationId: w.stations.b2 }],
    });
    expect(moved.statusCode).toBe(201);
    for (const id of [w.reports.aOpening, w.reports.aProtocol1]) {
      const report = await t.request({ method: 'GET', url: `/api/v1/reports/${id}`, cookie: w.staff.admin.cookie });
      expect(report.statusCode).toBe(200);
      expect(report.json().report.stationId).toBe(w.stations.a2);
    }
  });

  it('validates the body strictly', async () => {
    const cookie = w.staff.coordinator.cookie;
    expect((await propose(cookie, { shift: 'night' })).statusCode).toBe(400);
    expect((await propose(cookie, { shift: 'counting', perStationCap: 0 })).statusCode).toBe(400);
    expect((await confirm(cookie, { shift: 'counting', rows: [] })).statusCode).toBe(400);
    const missing = await t.request({
      method: 'POST',
      url: '/api/v1/elections/00000000-0000-4000-8000-000000000000/assignment-proposals',
      cookie,
      body: { shift: 'counting' },
    });
    expect(missing.statusCode).toBe(404);
  });
});
