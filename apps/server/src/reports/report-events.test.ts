import { randomBytes } from 'node:crypto';
import { openDatabase, Store } from '@pollwatch/db';
import { postgresSkipReason } from '@pollwatch/db/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReportAcceptedEvent, ReportEvents } from './report-events.ts';

const event = (electionId: string, reportId: string): ReportAcceptedEvent => ({
  type: 'report.accepted',
  electionId,
  reportId,
  revision: 1,
  stationId: '00000000-0000-4000-8000-000000000001',
  stationNumber: 1,
  formKind: 'opening',
  flags: [],
  at: '2026-11-20T06:00:00.000Z',
});

/** Waits until `received` holds `count` events (NOTIFY arrives asynchronously). */
async function until(received: unknown[], count: number) {
  const deadline = Date.now() + 5000;
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe('report events in one process', () => {
  it('reach the consoles of that election only', () => {
    const events = new ReportEvents();
    const seen: string[] = [];
    const stop = events.subscribe('e1', (e) => seen.push(e.reportId));
    events.subscribe('e2', (e) => seen.push(`wrong ${e.reportId}`));
    events.publish(event('e1', 'r1'));
    stop();
    events.publish(event('e1', 'r2'));
    expect(seen).toEqual(['r1']);
  });

  it('an event announced with its transaction is delivered here when this process does not listen', () => {
    const events = new ReportEvents();
    const seen: string[] = [];
    events.subscribe('e1', (e) => seen.push(e.reportId));
    events.announced(event('e1', 'r1'));
    expect(seen).toEqual(['r1']);
  });
});

describe.skipIf(postgresSkipReason)('report events across server processes (PostgreSQL LISTEN/NOTIFY)', () => {
  const url = process.env.TEST_DATABASE_URL as string;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function serverProcess(schema: string) {
    const db = openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 2 });
    const events = new ReportEvents(db.broadcast?.('reports'));
    await events.start();
    cleanup.push(async () => {
      await events.stop();
      await db.close();
    });
    return events;
  }

  it('a report accepted by one process reaches the consoles of every process, its own included', async () => {
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const [a, b] = [await serverProcess(schema), await serverProcess(schema)];
    const onA: string[] = [];
    const onB: string[] = [];
    a.subscribe('e1', (e) => onA.push(e.reportId));
    b.subscribe('e1', (e) => onB.push(e.reportId));
    a.publish(event('e1', 'r1'));
    b.publish(event('e1', 'r2'));
    await until(onA, 2);
    await until(onB, 2);
    expect(onA.sort()).toEqual(['r1', 'r2']);
    expect(onB.sort()).toEqual(['r1', 'r2']);
  });

  it('a burst published in one turn arrives whole and in order, packed into few notifications', async () => {
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const [a, b] = [await serverProcess(schema), await serverProcess(schema)];
    const onB: string[] = [];
    b.subscribe('e1', (e) => onB.push(e.reportId));
    const sent = Array.from({ length: 200 }, (_, i) => `r${i}`);
    for (const id of sent) a.publish(event('e1', id));
    await until(onB, sent.length);
    expect(onB).toEqual(sent);
  });

  it('keeps deployments in other schemas of the same database apart, and ignores foreign messages', async () => {
    const mySchema = `pw_test_${randomBytes(6).toString('hex')}`;
    const mine = await serverProcess(mySchema);
    const theirs = await serverProcess(`pw_test_${randomBytes(6).toString('hex')}`);
    const seen: string[] = [];
    mine.subscribe('e1', (e) => seen.push(e.reportId));
    theirs.publish(event('e1', 'not-mine'));
    // Someone else writing garbage on our channel changes nothing.
    const db = openDatabase({ databaseUrl: url, searchPath: mySchema, poolSize: 1 });
    const broadcast = db.broadcast ? (db.broadcast('reports') as unknown as { channel: string }) : undefined;
    await db.close();
    const channel = broadcast?.channel as string;
    expect(channel).toContain(mySchema);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query('select pg_notify($1, $2)', [channel, 'not json']);
    await raw.end();
    mine.publish(event('e1', 'mine'));
    await until(seen, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual(['mine']);
  });

  it('events announced within a transaction reach every process when it commits, and not at all when it rolls back', async () => {
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const [a, b] = [await serverProcess(schema), await serverProcess(schema)];
    const onA: string[] = [];
    const onB: string[] = [];
    a.subscribe('e1', (e) => onA.push(e.reportId));
    b.subscribe('e1', (e) => onB.push(e.reportId));
    // The report writer's own connection, as on its thread.
    const db = openDatabase({ databaseUrl: url, searchPath: schema, poolSize: 1 });
    cleanup.push(() => db.close());
    const store = Store.over(db);
    const channel = store.broadcast?.('reports').channel as string;
    const payloads = (ids: string[]) => ids.map((id) => JSON.stringify(event('e1', id)));
    await expect(
      store.transaction(async (tx) => {
        await tx.reports.announce(channel, payloads(['rolled-back']));
        throw new Error('the batch failed');
      }),
    ).rejects.toThrow('the batch failed');
    const sent = Array.from({ length: 60 }, (_, i) => `r${i}`);
    await store.transaction((tx) => tx.reports.announce(channel, payloads(sent)));
    await until(onA, sent.length);
    await until(onB, sent.length);
    await new Promise((r) => setTimeout(r, 200));
    expect(onA).toEqual(sent);
    expect(onB).toEqual(sent);
  });
});
