import { randomUUID } from 'node:crypto';
import { canonicalJson, type ReportReceipt } from '@pollwatch/core';
import { Store } from '@pollwatch/db';
import { countingStore, createTestForms, createTestWorld, describeEachDialect } from '@pollwatch/db/testing';
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { expect, it } from 'vitest';
import { verifyChain } from './hash-chain.ts';
import { type BatchOutcome, type PreparedReport, writeReportBatch } from './report-batch.ts';

// Issue 23: new protocol copies take the report writer's batch path. Two observers' different
// copies of one station are both kept and both flagged `protocol_conflict`; the same observer's
// other copy, or the same numbers (photos aside), flag nothing; a copy flagged already keeps its
// time of change. The outcome must not depend on how the copies were grouped into batches.

const t0 = new Date('2026-12-06T15:00:00.000Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const photo = (c: string) => c.repeat(64);

describeEachDialect('report writer: protocol copies of a station', (db, dialect) => {
  async function world() {
    // Every statement the writer sends (to count its round trips).
    const { store, statements } = countingStore(db());
    // Station i (number i + 1) and four observers, none assigned: the protocol form is what matters.
    const { election, stations, observers, forms } = await createTestWorld(store, t0, {
      stations: 3,
      observers: 4,
      formKinds: ['protocol'],
    });
    const formId = forms.get('protocol') as string;
    return { store, election, formId, stations, observers, statements };
  }

  type World = Awaited<ReturnType<typeof world>>;

  function copy(
    w: World,
    observer: number,
    station: number,
    numbers: { a: number; b: number },
    seconds: number,
    photos: string[] = [],
  ): PreparedReport {
    const stationId = w.stations[station] as string;
    return {
      observerId: w.observers[observer] as string,
      electionId: w.election,
      station: { id: stationId, registeredVoters: 1000, number: station + 1 },
      body: { id: randomUUID(), revision: 1, stationId, formId: w.formId, formVersion: 1 },
      answersJson: canonicalJson({ option_a: numbers.a, option_b: numbers.b, protocol_photos: photos }),
      channel: 'app',
      formKind: 'protocol',
      result: { problems: [], flags: [] },
      photos,
      insideWindow: true,
      receivedAt: at(seconds),
    };
  }

  /** Observer 0's copy, observer 1's different one, observer 0's second copy matching observer 1's, observer 2's matching observer 0's first but for its photo. */
  function scenario(w: World) {
    const x = { a: 400, b: 200 };
    const y = { a: 300, b: 300 };
    return [
      copy(w, 0, 0, x, 1, [photo('a')]),
      copy(w, 1, 0, y, 2, [photo('b')]),
      copy(w, 0, 0, y, 3),
      copy(w, 2, 0, x, 4, [photo('c')]),
      // Another station: one copy, and the same numbers from another observer.
      copy(w, 0, 1, x, 5),
      copy(w, 3, 1, x, 6, [photo('d')]),
    ];
  }

  async function write(w: World, groups: PreparedReport[][]): Promise<ReportReceipt[]> {
    const receipts: ReportReceipt[] = [];
    for (const group of groups) {
      for (const outcome of await writeReportBatch(w.store, group)) receipts.push(receiptOf(outcome));
    }
    return receipts;
  }

  function receiptOf(outcome: BatchOutcome | undefined): ReportReceipt {
    if (!outcome || !('receipt' in outcome)) throw new Error(`refused: ${JSON.stringify(outcome)}`);
    return outcome.receipt;
  }

  async function stored(w: World, reports: PreparedReport[]) {
    return Promise.all(
      reports.map(async (p) => {
        const r = await w.store.reports.findReport(p.body.id);
        const v = await w.store.reports.findRevision(p.body.id, 1);
        return { flags: r?.flags, updatedAt: r?.updatedAt.toISOString(), revisionFlags: v?.flags };
      }),
    );
  }

  const conflict = [{ code: 'protocol_conflict' }];
  // Observers 0, 1 and 3 are not assigned: every copy also carries `not_assigned` first.
  const unassigned = { code: 'not_assigned' };

  function expectScenario(receipts: ReportReceipt[], rows: Awaited<ReturnType<typeof stored>>) {
    // As each was written: the first copy alone, the second differing from it, the third (observer
    // 0 again) matching the only other observer's, the fourth differing from observer 1's copies.
    expect(receipts.map((r) => r.flags)).toEqual([
      [unassigned],
      [unassigned, ...conflict],
      [unassigned],
      [unassigned, ...conflict],
      [unassigned],
      [unassigned],
    ]);
    expect(rows.map((r) => r.revisionFlags)).toEqual(receipts.map((r) => r.flags));
    // As stored now: the first copy flagged by the second (at its time), the third by the fourth;
    // the second, flagged already, keeps its own time. The other station's copies agree.
    expect(rows.map((r) => r.flags)).toEqual([
      [unassigned, ...conflict],
      [unassigned, ...conflict],
      [unassigned, ...conflict],
      [unassigned, ...conflict],
      [unassigned],
      [unassigned],
    ]);
    expect(rows.map((r) => r.updatedAt)).toEqual(
      [at(2), at(2), at(4), at(4), at(5), at(6)].map((d) => d.toISOString()),
    );
  }

  it('flag differing copies of other observers within one batch', async () => {
    const w = await world();
    const reports = scenario(w);
    const receipts = await write(w, [reports]);
    expectScenario(receipts, await stored(w, reports));
    expect(await verifyChain(w.store)).toMatchObject({ ok: true, entries: reports.length });
  });

  it('flag them alike across batches, one copy at a time or two and four', async () => {
    for (const split of [
      [1, 1, 1, 1, 1, 1],
      [2, 4],
    ]) {
      const w = await world();
      const reports = scenario(w);
      const groups: PreparedReport[][] = [];
      let from = 0;
      for (const n of split) {
        groups.push(reports.slice(from, from + n));
        from += n;
      }
      expectScenario(await write(w, groups), await stored(w, reports));
    }
  });

  it('flag a copy stored before the batch, and keep the flags it had', async () => {
    const w = await world();
    const first = { ...copy(w, 0, 2, { a: 1, b: 2 }, 1), result: { problems: [], flags: [] } };
    first.result.flags = [{ checkId: 'sum', left: 1, right: 2, op: '=' }] as never;
    await write(w, [[first]]);
    const later = [
      copy(w, 0, 2, { a: 9, b: 9 }, 2),
      copy(w, 1, 2, { a: 1, b: 2 }, 3),
      copy(w, 1, 2, { a: 5, b: 5 }, 4),
    ];
    const receipts = await write(w, [later]);
    // Observer 0's second copy: no other observer yet. Observer 1's first: agrees with observer
    // 0's first, differs from the second. Observer 1's second differs from both of observer 0's.
    expect(receipts.map((r) => r.flags)).toEqual([[unassigned], [unassigned, ...conflict], [unassigned, ...conflict]]);
    const rows = await stored(w, [first, ...later]);
    expect(rows[0]?.flags).toEqual([
      { code: 'protocol_relation', ref: 'sum', params: { left: 1, right: 2, op: '=' } },
      unassigned,
      ...conflict,
    ]);
    expect(rows[0]?.updatedAt).toBe(at(4).toISOString());
    expect(rows[1]?.flags).toEqual([unassigned, ...conflict]);
    expect(rows[1]?.updatedAt).toBe(at(3).toISOString());
  });

  it('write a batch of new protocols at many stations in a fixed number of statements', async () => {
    const w = await world();
    // Warm: the first batch of a store may read what later ones do not.
    await write(w, [[copy(w, 3, 2, { a: 1, b: 1 }, 0)]]);
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => copy(w, i % 3, i % 2, { a: i, b: i }, i + 1, [photo('e')]));
    w.statements.length = 0;
    await write(w, [batch(4)]);
    const small = w.statements.length;
    w.statements.length = 0;
    await write(w, [batch(24)]);
    expect(w.statements.length, dialect).toBe(small);
  });
  it('look each station up through its index, even when the statistics say there are no protocols yet', async () => {
    // The window opens with PostgreSQL's statistics taken before it, when there was no protocol. A
    // batch's lookup must still go to its stations, not read every protocol of the election and
    // filter (it did: thousands of rows a batch by the window's end). SQLite keeps no statistics.
    const w = await world();
    // The day so far: incident reports at every station, and the statistics taken then.
    const incidentForm = (await createTestForms(w.store, w.election, ['incident'], t0)).get('incident') as string;
    for (let batch = 0; batch < 3; batch++) {
      const day = Array.from({ length: 100 }, (_, i) => ({
        ...copy(w, i % 4, i % 3, { a: i, b: 0 }, -1000 + batch * 100 + i),
        formKind: 'incident' as const,
      }));
      for (const r of day) r.body.formId = incidentForm;
      await write(w, [day]);
    }
    if (dialect === 'postgres') await db().kysely.executeQuery(CompiledQuery.raw('analyze reports'));
    await write(w, [scenario(w)]);
    const seen: RootOperationNode[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: (args) => {
        seen.push(args.node);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const found = await Store.over({ ...db(), kysely: db().kysely.withPlugin(recorder) }).reports.latestAnswers(
      'protocol',
      [0, 1].map((i) => ({ electionId: w.election, stationId: w.stations[i] as string })),
    );
    expect(found).toHaveLength(6);
    expect(seen).toHaveLength(1);
    const query = db()
      .kysely.getExecutor()
      .compileQuery(seen[0] as RootOperationNode, createQueryId());
    if (dialect === 'postgres') {
      // A few hundred rows: a sequential scan would do, as it would not for a day's reports.
      const plan = await db()
        .kysely.transaction()
        .execute(async (tx) => {
          await tx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
          return tx.executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            CompiledQuery.raw(`explain (format json) ${query.sql}`, [...query.parameters]),
          );
        });
      const nodes: PlanNode[] = [];
      const walk = (node: PlanNode) => {
        nodes.push(node);
        for (const child of node.Plans ?? []) walk(child);
      };
      const [explained] = plan.rows[0]?.['QUERY PLAN'] ?? [];
      if (!explained) throw new Error('no plan');
      walk(explained.Plan);
      const reads = nodes.filter((n) => n['Index Name']?.startsWith('reports_'));
      expect(reads.map((n) => n['Index Cond'])).toEqual([expect.stringMatching(/station_id = /)]);
      expect(nodes.filter((n) => /station_id = ANY/.test(n.Filter ?? ''))).toEqual([]);
    } else {
      const plan = await db().kysely.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      expect(plan.rows.map((r) => r.detail)).toContainEqual(
        expect.stringMatching(/^SEARCH r USING INDEX \S+ \(election_id=\? AND form_kind=\? AND station_id=\?\)/),
      );
    }
  });
});

interface PlanNode {
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}
