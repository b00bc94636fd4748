// Field reports through the whole ingest pipeline over real HTTP: session lookup, schema and form
// validation, idempotency by client UUID, flags, the hash chain, live notification — with every
// acknowledged report durable (SQLite synchronous=FULL; PostgreSQL's default commit). 50 concurrent
// keep-alive connections, each report ~1 KB with its own UUID, made as the field app makes it (v7). A bare Fastify JSON echo route is
// measured first with the same load generator, for scale. SQLite in a file (reports written on the
// writer thread), then PostgreSQL (BENCH_DATABASE_URL, default the local test database, in a
// scratch schema). Besides throughput and latency it prints the server's CPU time per report and
// how busy the request thread's event loop was.
// Before each database's pipeline, the second yardstick (issue 23): a reference route of
// a few lines in this file, keeping only the promises any ingest must keep — the same body checked
// by a JSON schema, a repeated id refused by a UNIQUE key, a sha256 chain over the reports, each
// answered after its group's durable commit to the same database (SQLite synchronous=FULL on a
// writer thread; PostgreSQL one transaction per group, head row locked). It prints its rate as a
// share of the echo's, and the pipeline's rate as a share of it: what sessions, forms, flags, the
// live stream and the kept dashboard counts cost on top of the bare minimum.
//   BENCH_SECONDS=8   length of each run
//   BENCH_WARMUP=3    seconds of the same load before each run, not counted: V8 optimises the hot
//                     code, and SQLite's log grows to its working size (its first 40 MB, each flush
//                     also writes the file's new length); 0 measures the cold start
//   BENCH_ONLY=sqlite|postgres  only that run, after the echo (the share is against this run's echo)
//   BENCH_IDS=v4     random report ids (v4), as another client might send, instead of the field
//                     app's time-ordered v7: each scatters its index entries over the whole index
//   BENCH_CONNECTIONS=50 concurrent connections (the goal is stated for 50; more shows the ceiling)
//   BENCH_PROFILE=F   write a CPU profile of the request thread during each run to F.<label>.cpuprofile
//   BENCH_REFERENCE=0 skip the reference route
// On Linux it also splits the server's CPU by thread (request thread, report writer, the rest: GC
// and libuv helpers) and, for a PostgreSQL server on this machine, adds the CPU of the bench's own
// backends (found by their application_name): there the triggers and the commits run.
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Db, openDatabase } from '@pollwatch/db';
import Fastify from 'fastify';
import pg from 'pg';
import type { LoadJob, LoadResult } from './load-generator.ts';
import { seedVotingDay, serveApp } from './voting-day-setup.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ids = process.env.BENCH_IDS === 'v4' ? 'v4' : 'v7';
const withReference = process.env.BENCH_REFERENCE !== '0';
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// Every PostgreSQL connection of this process (node-pg reads PGAPPNAME), the writer thread's too.
const appName = `pw-bench-ingest-${process.pid}`;
process.env.PGAPPNAME = appName;

/**
 * The bare echo's rate in this run. Machines differ by 2-3x (the same echo did 20,000 req/s on one
 * 2-core machine and 7,800-12,000 on another), so the pipeline is also given as a share of it.
 */
let echoPerSecond: number | undefined;
/** The reference route's rate on the database being measured (see `referenceRoute`). */
let referencePerSecond: number | undefined;

/** Runs the load generator in its own process (its own core), as a client on the network would. */
async function load(label: string, job: Omit<LoadJob, 'seconds' | 'connections'>): Promise<LoadResult> {
  const r = await generate({ ...job, seconds, connections });
  console.log(
    `${label}: ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, errors ${r.errors} (${r.requests} requests, ${connections} connections, ${seconds} s; load generator CPU ${r.generatorCpuMicros.toFixed(0)} µs per request)`,
  );
  return r;
}

/** The same load for BENCH_WARMUP seconds, before the measured run; returns the requests it made. */
async function warmUp(label: string, job: Omit<LoadJob, 'seconds' | 'connections'>): Promise<number> {
  if (warmupSeconds <= 0) return 0;
  const { requests } = await generate({ ...job, seconds: warmupSeconds, connections });
  console.log(`${label}: warm-up ${requests} requests in ${warmupSeconds} s, not counted`);
  return requests;
}

async function generate(job: LoadJob): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./load-generator.ts', import.meta.url))],
    {
      env: { ...process.env, BENCH_LOAD: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out.trim()) as LoadResult;
}

/**
 * The reference: the least a route needs to keep the pipeline's promises — the same body
 * checked by a JSON schema, a repeated id refused by a UNIQUE key, a sha256 chain over the reports
 * in commit order, and each report answered only once its group's transaction committed (SQLite:
 * WAL, synchronous=FULL, on a writer thread of its own; PostgreSQL: one transaction per group, with
 * the chain's head row locked). No sessions, forms, flags, live stream or dashboard counts.
 */
const referenceSchema = {
  body: {
    type: 'object',
    required: ['id', 'revision', 'stationId', 'formId', 'formVersion', 'answers'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid' },
      revision: { type: 'integer', minimum: 1 },
      stationId: { type: 'string', format: 'uuid' },
      formId: { type: 'string', format: 'uuid' },
      formVersion: { type: 'integer', minimum: 1 },
      clientTime: { type: 'string', format: 'date-time' },
      answers: {
        type: 'object',
        required: ['visit'],
        additionalProperties: false,
        properties: {
          visit: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'object',
              required: ['visit_time'],
              additionalProperties: false,
              properties: {
                visit_time: { type: 'string', pattern: '^[0-2][0-9]:[0-5][0-9]$' },
                voters_in_queue: { type: 'integer', minimum: 0, maximum: 100_000 },
                secrecy_respected: { type: 'boolean' },
                id_checked: { type: 'boolean' },
                unauthorised_present: { type: 'boolean' },
                observer_obstructed: { type: 'boolean' },
                remarks: { type: 'string', maxLength: 2000 },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** What the reference's writer answers for one report: [seq, hash], or null for a repeated id. */
type Written = [number, string] | null;

/** The reference's SQLite writer thread: one transaction for every message that queued up. */
const REFERENCE_SQLITE_WRITER = `
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const db = new (require(workerData.driver))(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('create table reports (seq integer primary key, id text not null unique, body text not null, hash text not null)');
const insert = db.prepare('insert or ignore into reports (seq, id, body, hash) values (?, ?, ?, ?)');
let head = { seq: 0, hash: '0'.repeat(64) };
const write = db.transaction((messages) => messages.map((m) => m.reports.map(([id, body]) => {
  const hash = createHash('sha256').update(head.hash).update(body).digest('hex');
  if (insert.run(head.seq + 1, id, body, hash).changes === 0) return null;
  head = { seq: head.seq + 1, hash };
  return [head.seq, hash];
})));
parentPort.on('message', (first) => {
  const messages = [first];
  for (let m = receiveMessageOnPort(parentPort); m; m = receiveMessageOnPort(parentPort)) messages.push(m.message);
  const before = head;
  try {
    write(messages).forEach((written, i) => parentPort.postMessage({ n: messages[i].n, written }));
  } catch (error) {
    head = before;
    for (const m of messages) parentPort.postMessage({ n: m.n, error: String(error) });
  }
});
`;

/** Group commit for the reference: what one turn of the event loop received goes out together. */
function groupCommit(commit: (reports: [string, string][]) => Promise<Written[]>) {
  let queue: { report: [string, string]; resolve: (w: Written) => void; reject: (e: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        const written = await commit(group.map((g) => g.report));
        for (const [i, g] of group.entries()) g.resolve(written[i] ?? null);
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    writing = false;
  };
  return (id: string, body: string) =>
    new Promise<Written>((resolve, reject) => {
      queue.push({ report: [id, body], resolve, reject });
      if (queue.length === 1 && !writing) setImmediate(() => void drain());
    });
}

/** The reference writing to SQLite in `dir`, on its own thread; many groups may be in flight. */
function referenceOnSqlite(dir: string) {
  const worker = new Worker(REFERENCE_SQLITE_WRITER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: join(dir, 'reference.db') },
  });
  const waiting = new Map<number, { resolve: (w: Written[]) => void; reject: (e: unknown) => void }>();
  worker.on('message', (m: { n: number; written?: Written[]; error?: string }) => {
    const w = waiting.get(m.n);
    waiting.delete(m.n);
    if (m.written) w?.resolve(m.written);
    else w?.reject(new Error(m.error));
  });
  let n = 0;
  return {
    // The request thread does not wait for a commit before posting the next turn's reports.
    write: groupCommit(
      (reports) =>
        new Promise((resolve, reject) => {
          waiting.set(++n, { resolve, reject });
          worker.postMessage({ n, reports });
        }),
    ),
    close: () => worker.terminate(),
  };
}

/** The reference writing to PostgreSQL on one connection, in scratch schema `schema`. */
async function referenceOnPostgres(schema: string) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query(`set search_path = ${schema}`);
  await client.query(`create table reports (seq bigint primary key, id uuid not null unique, body text not null, hash text not null);
    create table head (id int primary key, seq bigint not null, hash text not null);
    insert into head values (1, 0, '${'0'.repeat(64)}')`);
  const commit = async (reports: [string, string][]): Promise<Written[]> => {
    // A repeated id is left out and the group written again without it (rare: no client repeats here).
    const refused = new Set<number>();
    for (;;) {
      await client.query('begin');
      try {
        const { rows } = await client.query<{ seq: string; hash: string }>(
          'select seq, hash from head where id = 1 for update',
        );
        let seq = Number(rows[0]?.seq);
        let hash = rows[0]?.hash ?? '';
        const written: Written[] = reports.map(([, body], i) => {
          if (refused.has(i)) return null;
          hash = createHash('sha256').update(hash).update(body).digest('hex');
          return [++seq, hash];
        });
        const fresh = reports.map((r, i) => [r, written[i]] as const).filter((x) => x[1] !== null);
        const inserted = await client.query<{ id: string }>(
          `insert into reports (seq, id, body, hash)
             select * from unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[])
             on conflict (id) do nothing returning id`,
          [
            fresh.map((f) => f[1]?.[0]),
            fresh.map((f) => f[0][0]),
            fresh.map((f) => f[0][1]),
            fresh.map((f) => f[1]?.[1]),
          ],
        );
        if (inserted.rowCount !== fresh.length) {
          const kept = new Set(inserted.rows.map((r) => r.id));
          reports.forEach(([id], i) => {
            if (!kept.has(id) && written[i]) refused.add(i);
          });
          await client.query('rollback');
          continue;
        }
        await client.query('update head set seq = $1, hash = $2 where id = 1', [seq, hash]);
        await client.query('commit');
        return written;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      }
    }
  };
  return { write: groupCommit(commit), close: () => client.end() };
}

/** The reference route over HTTP, measured with the load generator as the pipeline is. */
async function referenceRoute(
  label: string,
  answers: unknown,
  writer: { write: (id: string, body: string) => Promise<Written> },
) {
  const app = Fastify({ logger: false });
  app.post('/api/v1/reports', { schema: referenceSchema }, async (req, reply) => {
    const body = req.body as { id: string };
    const written = await writer.write(body.id, JSON.stringify(body));
    if (!written) return reply.code(409).send({ error: 'this report id is taken' });
    return { id: body.id, chainSeq: written[0], chainHash: written[1] };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const job: Omit<LoadJob, 'seconds' | 'connections'> = {
    base,
    kind: 'reports',
    origin: base,
    observers: [{ cookie: 'none', stationId: randomUUID() }],
    formId: randomUUID(),
    formVersion: 1,
    answers,
    ids,
  };
  await warmUp(`${label} reference route`, job);
  const cpuBefore = process.cpuUsage();
  const { requests, perSecond } = await load(`${label} reference route`, job);
  const cpu = process.cpuUsage(cpuBefore);
  referencePerSecond = perSecond;
  const share = echoPerSecond ? `${((perSecond / echoPerSecond) * 100).toFixed(1)}% of the bare echo's rate, ` : '';
  console.log(
    `${label} reference route: ${share}server CPU ${((cpu.user + cpu.system) / requests).toFixed(0)} µs per report`,
  );
  await app.close();
}

async function echoBaseline() {
  const app = Fastify({ logger: false });
  app.post(
    '/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['id', 'answers'],
          properties: { id: { type: 'string', format: 'uuid' }, answers: { type: 'object' } },
        },
      },
    },
    async (req) => req.body,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const job = { base, kind: 'echo' as const, origin: base, answers: { remarks: 'x'.repeat(900) } };
  await warmUp('bare Fastify JSON echo', job);
  const cpuBefore = process.cpuUsage();
  const { requests, perSecond } = await load('bare Fastify JSON echo', job);
  echoPerSecond = perSecond;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(`bare Fastify JSON echo: server CPU ${((cpu.user + cpu.system) / requests).toFixed(0)} µs per request`);
  await app.close();
}

/** CPU ticks (1/100 s) of one process or thread, from /proc; undefined where there is none. */
function ticksOf(statFile: string): number | undefined {
  try {
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    const fields = readFileSync(statFile, 'utf8').split(') ')[1]?.split(' ');
    return fields ? Number(fields[11]) + Number(fields[12]) : undefined;
  } catch {
    return undefined;
  }
}

/** This process's threads: id → CPU ticks (Linux). */
function threadTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  if (!existsSync('/proc/self/task')) return ticks;
  for (const tid of readdirSync('/proc/self/task')) {
    const t = ticksOf(`/proc/self/task/${tid}/stat`);
    if (t !== undefined) ticks.set(tid, t);
  }
  return ticks;
}

/** The bench's own PostgreSQL backends, when the server runs on this machine: pid → CPU ticks. */
async function backendTicks(): Promise<Map<number, number> | undefined> {
  const client = new pg.Client({ connectionString: pgUrl, application_name: `${appName}-observer` });
  try {
    await client.connect();
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [appName],
    );
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      const t = ticksOf(`/proc/${pid}/stat`);
      if (t === undefined) return undefined;
      ticks.set(pid, t);
    }
    return ticks;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Where the server's CPU went, per report: request thread, writer thread, other threads, PostgreSQL. */
function cpuSplit(
  before: { threads: Map<string, number>; backends: Map<number, number> | undefined },
  after: { threads: Map<string, number>; backends: Map<number, number> | undefined },
  requests: number,
): string {
  const perReport = (ticks: number) => `${((ticks * 10_000) / requests).toFixed(0)} µs`;
  const deltas = [...after.threads].map(([tid, t]) => ({ tid, ticks: t - (before.threads.get(tid) ?? 0) }));
  if (deltas.length === 0) return '';
  const main = deltas.find((d) => d.tid === String(process.pid))?.ticks ?? 0;
  // The report writer is the busiest thread besides the request thread (the load generator is a
  // process of its own); GC and libuv helpers take the rest.
  const others = deltas.filter((d) => d.tid !== String(process.pid)).sort((a, b) => b.ticks - a.ticks);
  const writer = others[0]?.ticks ?? 0;
  const rest = others.slice(1).reduce((sum, d) => sum + d.ticks, 0);
  let text = `request thread ${perReport(main)}, writer thread ${perReport(writer)}, other threads ${perReport(rest)}`;
  if (before.backends && after.backends) {
    let backends = 0;
    for (const [pid, t] of after.backends) backends += t - (before.backends.get(pid) ?? t);
    text += `; PostgreSQL backends ${perReport(backends)}`;
  }
  return text;
}

/** The app on `db` with a voting day seeded: one observer per connection, each with a station and a session. */
async function seededApp(db: Db, dataDir: string) {
  const { app, base } = await serveApp(db, dataDir);
  return { app, base, day: await seedVotingDay(base, connections) };
}

async function pipeline(label: string, db: Db, { app, base, day }: Awaited<ReturnType<typeof seededApp>>) {
  const origin = base;
  const { admin, electionId, observers, voting, answers } = day;
  const sample = JSON.stringify({
    id: randomUUID(),
    revision: 1,
    stationId: observers[0]?.stationId,
    formId: voting.formId,
    formVersion: voting.version,
    answers,
  });
  console.log(
    `${label}: report body ${Buffer.byteLength(sample)} bytes, report ids ${ids === 'v7' ? 'UUIDv7 (as the field app makes them)' : 'random UUIDv4'}`,
  );
  const job = {
    base,
    kind: 'reports' as const,
    origin,
    observers,
    formId: voting.formId,
    formVersion: voting.version,
    answers,
    ids,
    // The HQ watches the reports arrive, from a browser: the live stream is read by the load
    // generator's process, not on the server's thread.
    events: { path: `/api/v1/elections/${electionId}/events`, cookie: admin },
  } as const;
  const warmed = await warmUp(`${label} POST /api/v1/reports`, job);
  // BENCH_PROFILE=FILE: a CPU profile of the request thread during the load only.
  const profiler = process.env.BENCH_PROFILE ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await new Promise((r) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', r)));
  }
  const splitBefore = {
    threads: threadTicks(),
    backends: db.dialect === 'postgres' ? await backendTicks() : undefined,
  };
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const { requests, perSecond, notified } = await load(`${label} POST /api/v1/reports`, job);
  const cpu = process.cpuUsage(cpuBefore);
  const splitAfter = { threads: threadTicks(), backends: db.dialect === 'postgres' ? await backendTicks() : undefined };
  if (profiler) {
    const profile = await new Promise<unknown>((resolve) =>
      profiler.post('Profiler.stop', (_error, result) => resolve(result.profile)),
    );
    writeFileSync(`${process.env.BENCH_PROFILE}.${label}.cpuprofile`, JSON.stringify(profile));
    profiler.disconnect();
  }
  const elu = performance.eventLoopUtilization(eluBefore);
  if (echoPerSecond) {
    console.log(`${label}: ${((perSecond / echoPerSecond) * 100).toFixed(1)}% of the bare echo's rate in this run`);
  }
  if (referencePerSecond) {
    console.log(`${label}: ${((perSecond / referencePerSecond) * 100).toFixed(1)}% of the reference route's rate`);
  }
  console.log(
    `${label}: server CPU ${((cpu.user + cpu.system) / requests).toFixed(0)} µs per report (${((cpu.system / (cpu.user + cpu.system)) * 100).toFixed(0)}% system), event loop busy ${(elu.utilization * 100).toFixed(0)}%`,
  );
  const split = cpuSplit(splitBefore, splitAfter, requests);
  if (split) console.log(`${label}: per report, ${split}`);
  await new Promise((r) => setTimeout(r, 300));
  const head = (await (await fetch(`${base}/api/v1/chain/head`)).json()) as { seq: number };
  console.log(
    `${label}: chain head at ${head.seq} (${warmed} warm-up + ${requests} measured); the HQ's live stream delivered ${notified} notifications for the ${requests} measured reports`,
  );
  await app.close();
}

async function onSqlite() {
  const sqliteDir = mkdtempSync(join(tmpdir(), 'pw-bench-ingest-'));
  const sqlite = openDatabase({ sqliteFile: join(sqliteDir, 'pollwatch.db') });
  try {
    const seeded = await seededApp(sqlite, sqliteDir);
    if (withReference) {
      const reference = referenceOnSqlite(sqliteDir);
      try {
        await referenceRoute('sqlite', seeded.day.answers, reference);
      } finally {
        await reference.close();
      }
    }
    await pipeline('sqlite', sqlite, seeded);
  } finally {
    await sqlite.close();
  }
}

async function onPostgres() {
  const schema = `bench_ingest_${process.pid}`;
  const adminClient = new pg.Client({ connectionString: pgUrl });
  try {
    await adminClient.connect();
    await adminClient.query(`create schema ${schema}`);
  } catch (error) {
    console.log(`postgres: skipped (${(error as Error).message}); set BENCH_DATABASE_URL`);
    return;
  }
  const pgDb = openDatabase({ databaseUrl: pgUrl, searchPath: schema });
  try {
    const seeded = await seededApp(pgDb, mkdtempSync(join(tmpdir(), 'pw-bench-ingest-')));
    if (withReference) {
      await adminClient.query(`create schema ${schema}_reference`);
      const reference = await referenceOnPostgres(`${schema}_reference`);
      try {
        await referenceRoute('postgres', seeded.day.answers, reference);
      } finally {
        await reference.close();
      }
    }
    await pipeline('postgres', pgDb, seeded);
  } finally {
    await pgDb.close();
    await adminClient.query(`drop schema ${schema} cascade`);
    await adminClient.query(`drop schema if exists ${schema}_reference cascade`);
    await adminClient.end();
  }
}

const runs = { echo: echoBaseline, sqlite: onSqlite, postgres: onPostgres };
// BENCH_ONLY=sqlite still measures the echo first, so that the share is from the same run;
// BENCH_ONLY=echo,sqlite says so outright, BENCH_ONLY=echo alone runs the echo only.
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()) as (keyof typeof runs)[] | undefined;
if (only?.some((name) => !(name in runs))) {
  throw new Error(`BENCH_ONLY must list some of ${Object.keys(runs).join(', ')}`);
}
for (const [name, run] of Object.entries(runs)) {
  if (!only || only.includes(name as keyof typeof runs) || name === 'echo') await run();
}
