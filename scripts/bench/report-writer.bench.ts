// The report writer alone, without HTTP: how many reports one writer can commit per second, in
// groups as the request thread hands them over — idempotency by id, flags, the hash chain, the
// revision rows, one durable commit per group (SQLite synchronous=FULL; PostgreSQL's default
// commit). Reports cross as they cross to the writer's thread (`writerRequest` → `reportsOf`),
// and run on this thread, alone on its core: the figure is the writer's ceiling, which the
// ingest benchmark's HTTP side then shares the machine with. Each run, with report ids as the
// field app makes them (v7, time-ordered) and random ones (v4), on a fresh database.
//   BENCH_GROUP=22   reports per transaction (the ingest benchmark's groups average ~22)
//   BENCH_REPORTS=40000 reports per run (the database grows as on a busy voting day)
//   BENCH_ONLY=sqlite|postgres
//   BENCH_IDS=v7|v4  only that kind of report id
//   BENCH_TEMP_FILE=1 SQLite statement journals in a temporary file, as before the writer's
//                    connection kept them in memory (for comparison)
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, newReportId } from '@pollwatch/core';
import { type DatabaseConfig, openDatabase, Store } from '@pollwatch/db';
import pg from 'pg';
import { type PreparedReport, writeReportBatch } from '../../apps/server/src/reports/report-batch.ts';
import { reportsOf, writerRequest } from '../../apps/server/src/reports/report-writer.ts';
import { seedVotingDay, serveApp, type VotingDay } from './voting-day-setup.ts';

const group = Number(process.env.BENCH_GROUP ?? 22);
const total = Number(process.env.BENCH_REPORTS ?? 40_000);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OBSERVERS = 50;
const idKinds = (['v7', 'v4'] as const).filter((k) => !process.env.BENCH_IDS || process.env.BENCH_IDS === k);

/** Seeds a voting day through the API, then closes the app: the writer has the database to itself. */
async function seed(database: DatabaseConfig, dataDir: string): Promise<VotingDay> {
  const db = openDatabase(database);
  const { app, base } = await serveApp(db, dataDir);
  const day = await seedVotingDay(base, OBSERVERS);
  await app.close();
  await db.close();
  return day;
}

function prepared(day: VotingDay, i: number, ids: 'v7' | 'v4'): PreparedReport {
  const observer = day.observers[i % day.observers.length] as VotingDay['observers'][number];
  return {
    observerId: observer.observerId,
    electionId: day.electionId,
    station: { id: observer.stationId, registeredVoters: 2000, number: i + 1 },
    body: {
      id: ids === 'v7' ? newReportId() : randomUUID(),
      revision: 1,
      stationId: observer.stationId,
      formId: day.voting.formId,
      formVersion: day.voting.version,
    },
    answersJson: canonicalJson(day.answers),
    channel: 'app',
    formKind: 'voting',
    result: { problems: [], flags: [] },
    photos: [],
    insideWindow: true,
    receivedAt: new Date(),
  };
}

async function run(label: string, database: DatabaseConfig, dataDir: string, ids: 'v7' | 'v4') {
  const day = await seed(database, dataDir);
  // The writer's own connection, as its thread opens it.
  const db = openDatabase({ ...database, busyTimeoutMs: 60_000, poolSize: 2 });
  const store = Store.over(db);
  if (process.env.BENCH_TEMP_FILE !== '1') await store.reports.prepareWriterConnection();
  const groups = Math.ceil(total / group);
  const warmup = Math.min(200, Math.floor(groups / 10));
  let cpuBefore = process.cpuUsage();
  let started = performance.now();
  let n = 0;
  for (let g = 0; g < groups + warmup; g++) {
    if (g === warmup) {
      cpuBefore = process.cpuUsage();
      started = performance.now();
    }
    const request = writerRequest(
      g,
      Array.from({ length: group }, () => prepared(day, n++, ids)),
    );
    const outcomes = await writeReportBatch(store, reportsOf(request));
    if (outcomes.some((o) => 'refused' in o)) throw new Error(`${label}: the writer refused a report`);
    JSON.stringify(outcomes);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const reports = groups * group;
  const head = await store.reports.chainHead();
  await db.close();
  console.log(
    `${label}, ${ids === 'v7' ? 'UUIDv7 ids (field app)' : 'random UUIDv4 ids'}: ${(reports / seconds).toFixed(0)} reports/s, ${((seconds * 1e6) / reports).toFixed(0)} µs per report (CPU ${((cpu.user + cpu.system) / reports).toFixed(0)} µs, ${((cpu.system / (cpu.user + cpu.system)) * 100).toFixed(0)}% system), groups of ${group}, ${reports} measured after ${warmup * group} warm-up; chain head ${head.seq}`,
  );
}

async function onSqlite() {
  for (const ids of idKinds) {
    const dir = mkdtempSync(join(tmpdir(), 'pw-bench-writer-'));
    await run('sqlite', { sqliteFile: join(dir, 'pollwatch.db') }, dir, ids);
  }
}

async function onPostgres() {
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`postgres: skipped (${(error as Error).message}); set BENCH_DATABASE_URL`);
    return;
  }
  try {
    for (const ids of idKinds) {
      const schema = `bench_writer_${process.pid}_${ids}`;
      await admin.query(`create schema ${schema}`);
      try {
        await run(
          'postgres',
          { databaseUrl: pgUrl, searchPath: schema },
          mkdtempSync(join(tmpdir(), 'pw-bench-writer-')),
          ids,
        );
      } finally {
        await admin.query(`drop schema ${schema} cascade`);
      }
    }
  } finally {
    await admin.end();
  }
}

const runs = { sqlite: onSqlite, postgres: onPostgres };
const only = process.env.BENCH_ONLY as keyof typeof runs | undefined;
if (only && !(only in runs)) throw new Error(`BENCH_ONLY must be one of ${Object.keys(runs).join(', ')}`);
for (const [name, benchmark] of Object.entries(runs)) {
  if (!only || only === name) await benchmark();
}
