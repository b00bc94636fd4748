import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Store } from './store.ts';
import { createTestWorld } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

// "Last heard from" (observer_watch.heard_at): the later of the observer's latest report in the
// election and latest request of any of their sessions. Migration 20261214100000 moves it forward
// per statement on PostgreSQL when sessions roll forward and on an observer's first report, and
// keeps the full recount for the rest (sign-ins, a session moved to another user or back in time,
// deletes). Checked here against a recount after each kind of change, on both dialects, and (on
// PostgreSQL) that rolling sessions forward writes each watch row once per statement at most.

describeEachDialect('last heard from', (db, dialect) => {
  const t0 = new Date('2026-12-06T05:00:00.000Z');
  const at = (minute: number) => new Date(t0.getTime() + minute * 60_000);
  const iso = (v: unknown) => (v === null ? null : new Date(v as string | Date).toISOString());

  async function world() {
    const store = Store.over(db());
    const w = await createTestWorld(store, t0, {
      stations: 4,
      observers: 4,
      formKinds: ['protocol'],
      assign: 'voting_day',
    });
    const tokens = w.observers.map((_, i) => `token-${i}-${randomUUID()}`);
    for (const [i, observer] of w.observers.entries()) {
      await store.sessions.create(tokens[i] as string, observer, at(i), at(60 * 24));
    }
    return { store, tokens, ...w };
  }

  async function report(w: Awaited<ReturnType<typeof world>>, observers: number[], minute: number) {
    await w.store.reports.insertReports(
      observers.map((i) => ({
        id: randomUUID(),
        electionId: w.election,
        stationId: w.stations[i] as string,
        formId: w.forms.get('protocol') as string,
        formKind: 'protocol' as const,
        observerId: w.observers[i] as string,
        channel: 'app' as const,
        latestRevision: 1,
        flags: [],
        createdAt: at(minute),
      })),
    );
  }

  /** heard_at as kept, and as recounted from observer_heard and the sessions. */
  async function compare() {
    const k = db().kysely;
    const rows = async (q: string) =>
      (await sql.raw<{ observer_id: string; heard_at: unknown }>(q).execute(k)).rows.map(
        (r) => `${r.observer_id} ${iso(r.heard_at)}`,
      );
    const later = dialect === 'postgres' ? 'greatest' : 'max';
    const recount = `(select ${later}(
        coalesce(h.last_report_at, s.seen), coalesce(s.seen, h.last_report_at))
      from (select 1) one
      left join observer_heard h on h.election_id = w.election_id and h.observer_id = w.observer_id
      left join (select max(se.last_seen_at) as seen from sessions se where se.user_id = w.observer_id) s on 1 = 1)`;
    return {
      kept: await rows('select observer_id, heard_at from observer_watch order by observer_id'),
      truth: await rows(`select w.observer_id, ${recount} as heard_at from observer_watch w order by w.observer_id`),
    };
  }

  it('equals the recount after sessions roll forward, first and later reports, and the rare changes', async () => {
    const w = await world();
    const k = db().kysely;
    expect((await compare()).kept).toEqual((await compare()).truth);

    // Rolled forward together (as the server writes them, about once a second).
    await w.store.transaction((tx) =>
      tx.sessions.extendMany(
        w.tokens.slice(0, 3).map((tokenHash, i) => ({ tokenHash, at: at(10 + i), expiresAt: at(2000) })),
      ),
    );
    let c = await compare();
    expect(c.kept).toEqual(c.truth);
    expect(c.kept).toContain(`${w.observers[0]} ${at(10).toISOString()}`);

    // First reports (new observer_heard rows), one later and one earlier than the session.
    await report(w, [0, 1], 11);
    c = await compare();
    expect(c.kept).toEqual(c.truth);
    // A later report, then a session rolled forward past it.
    await report(w, [0], 20);
    await w.store.transaction((tx) =>
      tx.sessions.extendMany([{ tokenHash: w.tokens[0] as string, at: at(25), expiresAt: at(2000) }]),
    );
    c = await compare();
    expect(c.kept).toEqual(c.truth);

    // The rare ones: a second session signed in, a session's time moved back, a session moved to
    // another user, sign-outs, an observer_heard row removed.
    await w.store.sessions.create(`second-${randomUUID()}`, w.observers[3] as string, at(40), at(2000));
    c = await compare();
    expect(c.kept).toEqual(c.truth);
    await sql`update sessions set last_seen_at = ${at(1).toISOString()} where token_hash = ${w.tokens[0]}`.execute(k);
    c = await compare();
    expect(c.kept).toEqual(c.truth);
    await sql`update sessions set user_id = ${w.observers[2]} where token_hash = ${w.tokens[1]}`.execute(k);
    c = await compare();
    expect(c.kept).toEqual(c.truth);
    await w.store.sessions.deleteForUser(w.observers[3] as string);
    await sql`delete from observer_heard where observer_id = ${w.observers[0]}`.execute(k);
    c = await compare();
    expect(c.kept).toEqual(c.truth);
    expect(new Set(c.kept.map((r) => r.split(' ')[1])).size).toBeGreaterThan(2);
  });

  it('writes a watch row only when a statement moves it forward (PostgreSQL)', async () => {
    if (dialect !== 'postgres') return;
    const w = await world();
    const written = await db()
      .kysely.transaction()
      .execute(async (tx) => {
        const store = Store.over({ ...db(), kysely: tx });
        // Counts not yet sent to the statistics may include the connection's earlier transactions.
        const updated = async () =>
          Number(
            (
              await sql<{ n: string }>`select n_tup_upd as n from pg_stat_xact_user_tables
                where relid = 'observer_watch'::regclass`.execute(tx)
            ).rows[0]?.n ?? 0,
          );
        const before = await updated();
        const group = { ...w, store };
        const all = w.observers.map((_, i) => i);
        const roll = (minute: number) =>
          store.sessions.extendMany(
            w.tokens.map((tokenHash, i) => ({ tokenHash, at: at(minute + i), expiresAt: at(2000) })),
          );
        await roll(200); // each observer's row once
        await report(group, all, 100); // first reports, earlier than the sessions: nothing
        await report(group, all, 300); // later reports: each row once
        await roll(250); // forward, still before the reports: nothing
        return (await updated()) - before;
      });
    // Before migration 20261214100000 (24): each session's update recounted its user's row twice,
    // each first report once, whether or not it moved.
    expect(written).toBe(2 * w.tokens.length);
    const c = await compare();
    expect(c.kept).toEqual(c.truth);
  });
});
