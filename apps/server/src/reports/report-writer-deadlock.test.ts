import { randomUUID } from 'node:crypto';
import { canonicalJson } from '@pollwatch/core';
import { Store } from '@pollwatch/db';
import { describeEachDialect, testElection, testStation } from '@pollwatch/db/testing';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { verifyChain } from './hash-chain.ts';
import { type PreparedReport, writeReportBatch } from './report-batch.ts';

// Issue 23 (kz election-day run on PostgreSQL, several server processes): 'report writer: deadlock
// detected'. The report writer's transaction moves its observers' "last heard from" rows
// (observer_watch, through the observer_heard triggers) in the order its statement met them, and
// a session roll-forward (many sessions.last_seen_at updates in one transaction, whose trigger
// moves the same rows) in another: each held a row the other waited for. Now both lock those rows
// first, in (election, observer) order, and the writer tries its whole transaction again when
// PostgreSQL still gives up on it.

const name = (ru: string) => ({ ru, kk: ru, en: ru });
const OBSERVERS = 24;

describeEachDialect('report writer, session roll-forward and clean-up together', (db, dialect) => {
  const t0 = new Date('2026-12-06T01:00:00.000Z');
  const later = new Date('2027-01-01T00:00:00.000Z');
  const time = (d: Date) => (dialect === 'postgres' ? d : d.toISOString());

  async function world() {
    const store = Store.over(db());
    const area = randomUUID();
    await store.areas.create(
      area,
      { parentId: null, level: 'country', code: null, name: name('C'), commission: null, isDemo: false },
      t0,
    );
    const election = randomUUID();
    await store.elections.create(election, testElection({ name: name('E'), turnoutCheckpoints: ['10:00'] }), t0);
    const formId = randomUUID();
    await store.forms.create(
      { id: formId, electionId: election, code: 'opening', kind: 'opening', title: name('O'), isStandard: true },
      t0,
    );
    const observers: { id: string; stationId: string; token: string }[] = [];
    for (let i = 0; i < OBSERVERS; i++) {
      const stationId = randomUUID();
      await store.stations.create(election, stationId, testStation(area, i + 1, { registeredVoters: 1000 }), t0);
      const id = randomUUID();
      await store.users.create(
        { id, role: 'observer', email: null, passwordHash: null, displayName: 'O', locale: 'ru', areaId: null },
        t0,
      );
      const k = db().kysely;
      await k
        .insertInto('assignments')
        .values({
          id: randomUUID(),
          election_id: election,
          observer_id: id,
          station_id: stationId,
          shift: 'voting_day',
          created_by: null,
          created_at: time(t0),
        } as never)
        .execute();
      const token = `token-${randomUUID()}`;
      await k
        .insertInto('sessions')
        .values({
          token_hash: token,
          user_id: id,
          created_at: time(t0),
          last_seen_at: time(t0),
          expires_at: time(later),
        } as never)
        .execute();
      observers.push({ id, stationId, token });
    }
    return { store, election, formId, observers };
  }

  type World = Awaited<ReturnType<typeof world>>;

  function report(w: World, o: World['observers'][number], at: Date): PreparedReport {
    return {
      observerId: o.id,
      electionId: w.election,
      station: { id: o.stationId, registeredVoters: 1000, number: 1 },
      body: { id: randomUUID(), revision: 1, stationId: o.stationId, formId: w.formId, formVersion: 1 },
      answersJson: canonicalJson({ opened: true }),
      channel: 'app',
      formKind: 'opening',
      result: { problems: [], flags: [] },
      photos: [],
      insideWindow: true,
      receivedAt: at,
    };
  }

  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  async function reportCount(): Promise<number> {
    const row = await db()
      .kysely.selectFrom('reports')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  it('write every report, roll every session forward, clean expired ones up and never deadlock, in opposite orders over the same observers', async () => {
    const w = await world();
    const retries: unknown[] = [];
    const onRetry = (_attempt: number, error: unknown) => retries.push((error as { code?: unknown }).code);
    let written = 0;
    for (let round = 0; round < 12; round++) {
      const at = new Date(t0.getTime() + (round + 1) * 60_000);
      const forward = shuffled(w.observers, round + 1);
      const backward = [...forward].reverse();
      // Sessions that expired a minute ago, one per observer, for the clean-up to delete meanwhile.
      for (const o of backward) {
        await db()
          .kysely.insertInto('sessions')
          .values({
            token_hash: `old-${randomUUID()}`,
            user_id: o.id,
            created_at: time(t0),
            last_seen_at: time(t0),
            expires_at: time(new Date(at.getTime() - 60_000)),
          } as never)
          .execute();
      }
      const [a, b] = await Promise.all([
        // Two servers' writers, over the same observers in opposite orders …
        writeReportBatch(
          w.store,
          forward.map((o) => report(w, o, at)),
          undefined,
          { onRetry },
        ),
        writeReportBatch(
          w.store,
          backward.map((o) => report(w, o, at)),
          undefined,
          { onRetry },
        ),
        // … the expired sessions' clean-up (every observer's, in one statement) …
        w.store.sessions.deleteExpired(at),
        // … and two servers' roll-forwards of those observers' sessions, in opposite orders too.
        w.store.transaction((tx) =>
          tx.sessions.extendMany(backward.map((o) => ({ tokenHash: o.token, at, expiresAt: later }))),
        ),
        w.store.transaction((tx) =>
          tx.sessions.extendMany(forward.map((o) => ({ tokenHash: o.token, at, expiresAt: later }))),
        ),
      ]);
      expect(await db().kysely.selectFrom('sessions').select('token_hash').execute()).toHaveLength(OBSERVERS);
      for (const outcome of [...a, ...b]) expect(outcome).toHaveProperty('receipt');
      written += a.length + b.length;
    }
    // The order alone keeps them apart: not one try was given up by the database.
    expect(retries).toEqual([]);
    expect(await reportCount()).toBe(written);
    const chain = await verifyChain(w.store);
    expect(chain).toMatchObject({ ok: true, entries: written });
    // Every watched observer was last heard from in the last round.
    const last = new Date(t0.getTime() + 12 * 60_000).toISOString();
    const watch = await db().kysely.selectFrom('observer_watch').select(['heard_at']).execute();
    expect(watch).toHaveLength(OBSERVERS);
    for (const row of watch) expect(new Date(row.heard_at as unknown as string).toISOString()).toBe(last);
  }, 120_000);

  it('write a batch whose transaction the database gave up on once, exactly once and on the chain', async () => {
    const w = await world();
    let failures = 0;
    // A store whose first transaction does all its work and then fails as a deadlock would: rolled back.
    const flaky = Object.create(w.store) as Store;
    flaky.transaction = (work) =>
      w.store.transaction(async (tx) => {
        const result = await work(tx);
        if (failures === 0) {
          failures++;
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        }
        return result;
      });
    const batch = w.observers.map((o) => report(w, o, new Date(t0.getTime() + 60_000)));
    const retries: unknown[] = [];
    const outcomes = await writeReportBatch(flaky, batch, undefined, {
      onRetry: (_n, e) => retries.push((e as { code?: unknown }).code),
    });
    expect(retries).toEqual(['40P01']);
    expect(await reportCount()).toBe(batch.length);
    const chain = await verifyChain(w.store);
    expect(chain).toMatchObject({ ok: true, entries: batch.length });
    // The receipts are those of what was kept: chain positions 1..n, in batch order.
    expect(outcomes.map((o) => ('receipt' in o ? o.receipt.chainSeq : null))).toEqual(batch.map((_, i) => i + 1));
    // A batch that keeps failing is given up on after its tries, and then nothing of it is kept.
    const always = Object.create(w.store) as Store;
    always.transaction = (work) =>
      w.store.transaction(async (tx) => {
        await work(tx);
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      });
    await expect(
      writeReportBatch(always, [report(w, w.observers[0] as never, t0)], undefined, { attempts: 3 }),
    ).rejects.toThrow(/deadlock/);
    expect(await reportCount()).toBe(batch.length);
  });

  if (dialect === 'postgres') {
    it('try the whole transaction again when PostgreSQL picks the writer to break a deadlock', async () => {
      const w = await world();
      const [low, high] = [...w.observers].sort((a, b) => (a.id < b.id ? -1 : 1)) as [
        World['observers'][number],
        World['observers'][number],
      ];
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding = () => {};
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // Another transaction holds the later of the two rows and will then want the earlier one,
      // which the writer (taking them in order) holds by then. It waits 20 s before looking for a
      // deadlock, the writer 1 s: the writer is the one PostgreSQL gives up on.
      const other = db()
        .kysely.transaction()
        .execute(async (trx) => {
          await sql`set local deadlock_timeout = '20s'`.execute(trx);
          await sql`update observer_watch set heard_at = heard_at where observer_id = ${high.id}`.execute(trx);
          holding();
          await gate;
          await sql`update observer_watch set heard_at = heard_at where observer_id = ${low.id}`.execute(trx);
        });
      await held;
      const retries: unknown[] = [];
      const at = new Date(t0.getTime() + 60_000);
      const writing = writeReportBatch(w.store, [report(w, high, at), report(w, low, at)], undefined, {
        onRetry: (_n, e) => retries.push((e as { code?: unknown }).code),
      });
      writing.catch(() => {}); // awaited below, after the other transaction
      // The writer waits for the row the other transaction holds.
      for (let i = 0; i < 200; i++) {
        const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(db().kysely);
        if ((waiting.rows[0]?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      release();
      await other;
      const outcomes = await writing;
      expect(retries).toEqual(['40P01']);
      for (const outcome of outcomes) expect(outcome).toHaveProperty('receipt');
      expect(await reportCount()).toBe(2);
      expect(await verifyChain(w.store)).toMatchObject({ ok: true, entries: 2 });
    }, 60_000);
  }
});
