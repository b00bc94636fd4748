import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Store } from './store.ts';
import { createTestWorld } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

// A planned readiness visit keeps `done` (migration 20261210300000-readiness-visits-done): 1 exactly
// when a readiness report of that observer at that station exists in the election, through reports
// written one by one and many per statement (ingest's group commit), moved to another observer or
// station, turned into another kind, deleted, and visits planned before and after the report.

describeEachDialect('planned visits done, kept by triggers', (db) => {
  const t0 = new Date('2026-11-28T05:00:00.000Z');

  async function world() {
    const store = Store.over(db());
    const w = await createTestWorld(store, t0, {
      election: { turnoutCheckpoints: ['10:00'] },
      stations: 2,
      observers: 2,
      formKinds: ['readiness', 'opening'],
    });
    return { store, ...w };
  }

  it('is 1 exactly when the observer has a readiness report at the station', async () => {
    const w = await world();
    const k = db().kysely;
    const [s1, s2] = w.stations as [string, string];
    const [o1, o2] = w.observers as [string, string];
    const report = (id: string, stationId: string, observerId: string, kind: 'readiness' | 'opening' = 'readiness') =>
      w.store.reports.insertReport(
        {
          id,
          electionId: w.election,
          stationId,
          formId: w.forms.get(kind) as string,
          formKind: kind,
          observerId,
          channel: 'web',
          latestRevision: 1,
          flags: [],
        },
        t0,
      );
    const plan = (stationId: string, observerId: string, visitDate: string) =>
      w.store.stationReadiness.createVisit(
        { id: randomUUID(), electionId: w.election, observerId, stationId, visitDate, createdBy: o1 },
        t0,
      );
    /** Each visit's kept `done` beside the same computed from the reports. */
    const check = async () => {
      const rows = (
        await sql<{ kept: number | string; actual: number | string }>`
          select p.done as kept, (case when exists (select 1 from reports r where r.election_id = p.election_id
            and r.form_kind = 'readiness' and r.station_id = p.station_id and r.observer_id = p.observer_id)
            then 1 else 0 end) as actual
          from readiness_visits p order by p.id`.execute(k)
      ).rows;
      for (const r of rows) expect(Number(r.kept)).toBe(Number(r.actual));
      return rows.map((r) => Number(r.kept));
    };
    const progress = () => w.store.stationReadiness.visitProgress(w.election, '2026-11-30', { kind: 'all' });

    await plan(s1, o1, '2026-11-29');
    await plan(s2, o1, '2026-12-01');
    expect(await check()).toEqual([0, 0]);
    expect(await progress()).toEqual({ planned: 2, done: 0, overdue: 1 });

    // Another observer's report, another kind: not this visit's.
    await report(randomUUID(), s1, o2);
    await report(randomUUID(), s1, o1, 'opening');
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(0);

    const r1 = randomUUID();
    await report(r1, s1, o1);
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(1);
    expect(await progress()).toEqual({ planned: 2, done: 1, overdue: 0 });

    // A visit planned after the report is done at once.
    await plan(s1, o1, '2026-12-02');
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(2);

    // The report moved to the other observer, to another station, made another kind, and back.
    await k.updateTable('reports').set({ observer_id: o2 }).where('id', '=', r1).execute();
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(0);
    await k.updateTable('reports').set({ observer_id: o1, station_id: s2 }).where('id', '=', r1).execute();
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(1);
    await k.updateTable('reports').set({ form_kind: 'opening' }).where('id', '=', r1).execute();
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(0);
    await k.updateTable('reports').set({ form_kind: 'readiness', station_id: s1 }).where('id', '=', r1).execute();
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(2);

    // A visit moved to another station follows that station's reports.
    const moved = (
      await k.selectFrom('readiness_visits').select('id').where('visit_date', '=', '2026-12-02').execute()
    )[0]?.id as string;
    await k.updateTable('readiness_visits').set({ station_id: s2 }).where('id', '=', moved).execute();
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(1);

    // Deleted: not done any more.
    await k.deleteFrom('reports').where('id', '=', r1).execute();
    expect((await check()).reduce((a, b) => a + b, 0)).toBe(0);

    // Many reports in one statement, as ingest's group commit writes them.
    await w.store.reports.insertReports(
      [s1, s2].map((stationId) => ({
        id: randomUUID(),
        electionId: w.election,
        stationId,
        formId: w.forms.get('readiness') as string,
        formKind: 'readiness',
        observerId: o1,
        channel: 'web',
        latestRevision: 1,
        flags: [],
        createdAt: t0,
      })),
    );
    expect(await check()).toEqual([1, 1, 1]);
    expect(await progress()).toEqual({ planned: 3, done: 3, overdue: 0 });
  });
});
