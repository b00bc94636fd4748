import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Store } from './store.ts';
import { createTestForms, createTestWorld, testElection, testStation } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

// The verification queue's counts per election and state (migration 20261211110000-verification-
// totals), kept from the per-station counts by triggers: equal to the queue counted row by row
// after reports join it (one by one and many per statement), change state, move and leave; and
// the check notices when the triggers are gone.

const name = (ru: string) => ({ ru, kk: ru, en: ru });

describeEachDialect('verification totals, kept by triggers', (db) => {
  const t0 = new Date('2026-11-28T05:00:00.000Z');

  async function world() {
    const store = Store.over(db());
    // Two stations of one election and one of another, in one region, with one observer.
    const first = await createTestWorld(store, t0, {
      election: { name: name('E0'), turnoutCheckpoints: ['10:00'] },
      stations: 2,
      observers: 1,
      formKinds: ['voting'],
    });
    const area = first.areas[0] as string;
    const second = randomUUID();
    await store.elections.create(second, testElection({ name: name('E1'), turnoutCheckpoints: ['10:00'] }), t0);
    const third = randomUUID();
    await store.stations.create(second, third, testStation(area, 3), t0);
    const elections = [first.election, second];
    const stations = [
      ...first.stations.map((id) => ({ id, electionId: first.election })),
      { id: third, electionId: second },
    ];
    const forms = new Map<string, string>([
      [first.election, first.forms.get('voting') as string],
      [second, (await createTestForms(store, second, ['voting'], t0)).get('voting') as string],
    ]);
    return { store, elections, stations, observer: first.observers[0] as string, forms };
  }

  /** Per election and state: the kept totals and the queue counted row by row. */
  async function compare() {
    const k = db().kysely;
    const kept = await sql<{ election_id: string; status: string; n: number | string }>`
      select election_id, status, n from verification_totals where n <> 0 order by election_id, status`.execute(k);
    const truth = await sql<{ election_id: string; status: string; n: number | string }>`
      select election_id, status, count(*) as n from report_verifications
      group by election_id, status order by election_id, status`.execute(k);
    const rows = (r: { rows: { election_id: string; status: string; n: number | string }[] }) =>
      r.rows.map((x) => `${x.election_id} ${x.status} ${Number(x.n)}`);
    return { kept: rows(kept), truth: rows(truth) };
  }

  async function scenario(w: Awaited<ReturnType<typeof world>>) {
    const k = db().kysely;
    const flagged = (stationId: string, electionId: string, id = randomUUID()) => ({
      id,
      electionId,
      stationId,
      formId: w.forms.get(electionId) as string,
      formKind: 'voting' as const,
      observerId: w.observer,
      channel: 'web' as const,
      latestRevision: 1,
      flags: [{ code: 'missing_required' as const, ref: 'remarks' }],
      createdAt: t0,
    });
    const [a, b, c] = w.stations as [(typeof w.stations)[0], (typeof w.stations)[0], (typeof w.stations)[0]];
    // One by one, and many in one statement (ingest's group commit).
    const first = randomUUID();
    await w.store.reports.insertReport(flagged(a.id, a.electionId, first), t0);
    await w.store.reports.insertReports([
      flagged(a.id, a.electionId),
      flagged(b.id, b.electionId),
      flagged(b.id, b.electionId),
      flagged(c.id, c.electionId),
    ]);
    const steps: (() => Promise<unknown>)[] = [
      // Decisions: a state left and another entered.
      () => k.updateTable('report_verifications').set({ status: 'verified' }).where('report_id', '=', first).execute(),
      () => k.updateTable('report_verifications').set({ status: 'rejected' }).where('station_id', '=', b.id).execute(),
      // A claim changes no state.
      () =>
        k
          .updateTable('report_verifications')
          .set({ claimed_by: w.observer, claimed_until: t0.toISOString() })
          .where('station_id', '=', a.id)
          .execute(),
      // Moved to another station of the same election.
      () => k.updateTable('report_verifications').set({ station_id: b.id }).where('report_id', '=', first).execute(),
      // Leaving the queue.
      () => k.deleteFrom('report_verifications').where('station_id', '=', c.id).execute(),
      () => k.deleteFrom('report_verifications').where('report_id', '=', first).execute(),
    ];
    return steps;
  }

  it('equal the queue counted row by row after every change', async () => {
    const w = await world();
    const steps = await scenario(w);
    let c = await compare();
    expect(c.kept).toEqual(c.truth);
    expect(c.truth.length).toBeGreaterThan(1);
    for (const step of steps) {
      await step();
      c = await compare();
      expect(c.kept).toEqual(c.truth);
    }
    // The national queue reads the totals; an area's, the per-station counts: the same figures.
    const now = new Date('2026-12-06T10:00:00.000Z');
    const election = w.elections[0] as string;
    const area = (
      await db()
        .kysely.selectFrom('stations')
        .select('area_id')
        .where('id', '=', w.stations[0]?.id as string)
        .executeTakeFirstOrThrow()
    ).area_id;
    const all = await w.store.verification.counts({ electionId: election, scope: { kind: 'all' }, now });
    const byArea = await w.store.verification.counts({
      electionId: election,
      scope: { kind: 'area', areaId: area },
      now,
    });
    expect(all).toEqual(byArea);
    expect(all.pending + all.rejected).toBeGreaterThan(0);
  });

  it('differ from the queue once the triggers are gone (the check can fail)', async () => {
    const w = await world();
    const k = db().kysely;
    if (db().dialect === 'postgres') {
      await sql`drop trigger verification_counts_totals on verification_counts`.execute(k);
      await sql`drop trigger verification_counts_totals_update on verification_counts`.execute(k);
    } else {
      for (const t of ['insert', 'delete', 'update']) {
        await sql.raw(`drop trigger verification_counts_totals_${t}`).execute(k);
      }
    }
    await scenario(w);
    const c = await compare();
    expect(c.kept).not.toEqual(c.truth);
  });
});
