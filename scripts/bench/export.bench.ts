// Exports at scale (issue 18, Performance): 1,000,000 report revisions to CSV in under 20 s with the
// server's peak RSS under 300 MB, on SQLite and on PostgreSQL. The server runs in its own process
// (as in production) over a database written in bulk beforehand; the bench asks it for an export
// through the API as a signed-in HQ coordinator, waits for the job to finish, then downloads the
// file. The baseline, measured in the same run and printed beside each figure: a bare Node process
// writing the same number of bytes to a file through a plain write stream (64 KB chunks).
// Peak RSS is the process's own maximum resident set (getrusage), reported when it exits.
//   BENCH_REVISIONS=1000000   stored report revisions (three per report)
//   BENCH_STATIONS=10000      stations
//   BENCH_SHAPE=wide|long     the export's shape (default wide: one row per revision)
//   BENCH_ONLY=sqlite|postgres
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (a scratch schema, dropped after)
//   BENCH_TUNE='{"paging":{"reports":2000},"reading":{"chunkChars":65536},"memory":{"heapHeadroomMb":24}}'
//                             overrides the server's exportPaging / exportReading / exportMemory (to try settings)
//   BENCH_CPU_PROF=/some/folder  the server process writes a CPU profile there (node --cpu-prof)
//   BENCH_NODE_FLAGS='--trace-gc'  more flags for the server process's node
//   BENCH_DIR=/some/folder    the SQLite database is kept there, and the PostgreSQL data in a schema
//                             bench_export_kept_<revisions>_<stations> (drop it by hand); a later run
//                             with the same folder and figures exports again without seeding
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '@pollwatch/db';

// Heavy modules are imported where they are used, so the baseline child loads none of them.
const loadApp = () => import('./voting-day-setup.ts');
const database = () => import('@pollwatch/db');

const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 1_000_000);
const STATIONS = Number(process.env.BENCH_STATIONS ?? 10_000);
const SHAPE = process.env.BENCH_SHAPE === 'long' ? 'long' : 'wide';
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GOAL_SECONDS = 20;
const GOAL_RSS_MB = 300;
const REGIONS = 20;
const self = fileURLToPath(import.meta.url);

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

// ---------------------------------------------------------------------------------------------
// Child processes: the server, and the bare-stream baseline. Each prints one JSON line.

async function childServer(job: { db: DatabaseConfig; dataDir: string }) {
  const { openDatabase } = await database();
  const db = openDatabase(job.db);
  const { app, base } = await (await loadApp()).serveApp(db, job.dataDir);
  if (process.env.BENCH_TUNE) {
    const writers = await import('../../apps/server/src/exports/export-writers.ts');
    const tune = JSON.parse(process.env.BENCH_TUNE);
    Object.assign(writers.exportReading, tune.reading ?? {});
    Object.assign(writers.exportPaging, tune.paging ?? {});
    Object.assign(writers.exportMemory, tune.memory ?? {});
  }
  const cpu = () => {
    const u = process.resourceUsage();
    return (u.userCPUTime + u.systemCPUTime) / 1e6;
  };
  const cpuStart = cpu();
  // What the resident set is made of at its largest, while exporting and while the file is
  // downloaded (the bench writes `download` on stdin between the two): V8's heap, memory outside it
  // (native buffers, SQLite's cache, the PostgreSQL driver's sockets), sampled every 20 ms.
  const zero = () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
  const peak = { export: zero(), download: zero() };
  let phase: keyof typeof peak = 'export';
  process.stdin.on('data', (d: Buffer) => {
    if (d.toString().includes('download')) phase = 'download';
  });
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    const p = peak[phase];
    for (const k of Object.keys(p) as (keyof typeof p)[]) p[k] = Math.max(p[k], m[k]);
  }, 20);
  const start = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ base, rssStart: start.rss, start })}\n`);
  await new Promise<void>((resolve) => process.stdin.on('end', resolve));
  clearInterval(sampler);
  await app.close();
  await db.close();
  process.stdout.write(
    `${JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, cpuSeconds: cpu() - cpuStart, peak })}\n`,
  );
}

async function childBare(job: { bytes: number; file: string }) {
  const started = performance.now();
  const line = `${'x'.repeat(500)};${'y'.repeat(50)}\r\n`;
  const chunk = Buffer.from(line.repeat(Math.floor(65_536 / line.length)));
  const out = createWriteStream(job.file);
  let written = 0;
  while (written < job.bytes) {
    const piece = written + chunk.length <= job.bytes ? chunk : chunk.subarray(0, job.bytes - written);
    written += piece.length;
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  process.stdout.write(
    `${JSON.stringify({
      seconds: (performance.now() - started) / 1000,
      maxRss: process.resourceUsage().maxRSS * 1024,
      cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    })}\n`,
  );
}

function child(kind: 'server' | 'bare', job: unknown) {
  // BENCH_CPU_PROF=folder: the server writes a V8 CPU profile there when it exits (node --cpu-prof)
  const profile =
    kind === 'server' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const flags = kind === 'server' ? (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean) : [];
  const proc = spawn(process.execPath, [...profile, ...flags, '--import', 'tsx', self], {
    env: { ...process.env, BENCH_EXPORT_CHILD: kind },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  proc.stdin.write(`${JSON.stringify(job)}\n`);
  let buffered = '';
  const lines: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  proc.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      // what node itself prints (BENCH_NODE_FLAGS='--trace-gc') goes to stderr
      if (line.startsWith('{')) lines.shift()?.resolve(line);
      else process.stderr.write(`${line}\n`);
    }
  });
  // a child that died (a failed migration, a crash) fails the bench instead of leaving it waiting
  let exited: Error | undefined;
  proc.on('close', (code, signal) => {
    exited = new Error(`the ${kind} process ended (${signal ?? `exit code ${code}`})`);
    for (const waiting of lines.splice(0)) waiting.reject(exited);
  });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      if (exited) return reject(exited);
      lines.push({ resolve: (line) => resolve(JSON.parse(line)), reject });
    });
  return { proc, next };
}

// ---------------------------------------------------------------------------------------------

interface Figures {
  seconds: number;
  /** CPU the server spent from ready to exit (export, its download, sign-in): machines under load stretch wall time. */
  cpuSeconds: number;
  bytes: number;
  rssStart: number;
  maxRss: number;
  downloadSeconds: number;
  bare: { seconds: number; maxRss: number; cpuSeconds: number };
}

/** Election, regions, stations and forms through the API; then the revisions in bulk. */
async function seed(dbConfig: DatabaseConfig, dataDir: string) {
  const { openDatabase, Store } = await database();
  const { bulkReports } = await import('../../apps/server/src/exports/export-fixture.ts');
  const db = openDatabase(dbConfig);
  const { app, base } = await (await loadApp()).serveApp(db, dataDir);
  const origin = base;
  const call = async (path: string, body: unknown, cookie?: string) => {
    const r = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return { json: (await r.json()) as any, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  };
  const admin = (
    await call('/api/v1/setup', { email: 'bench@example.org', displayName: 'Bench', password: 'benchmark password' })
  ).cookie;
  const election = (
    await call(
      '/api/v1/elections',
      { name: { ru: 'Бенчмарк выгрузки' }, kind: 'presidential', votingDate: '2026-12-20', timeZone: 'Asia/Almaty' },
      admin,
    )
  ).json.election;
  const store = Store.over(db);
  const regions: string[] = [];
  for (let r = 0; r < REGIONS; r++) {
    regions.push(
      (
        await call(
          '/api/v1/areas',
          { parentId: null, level: 'region', code: `R${r + 1}`, name: { ru: `Регион ${r + 1}` } },
          admin,
        )
      ).json.area.id,
    );
  }
  // Stations written in bulk (10,000 calls to the API took minutes on a loaded PostgreSQL).
  const { insertRows } = await import('../../packages/db/src/bulk-insert.ts');
  const { randomUUID } = await import('node:crypto');
  const stations: string[] = [];
  const stationRows: unknown[][] = [];
  const perRegion = Math.ceil(STATIONS / REGIONS);
  const at = new Date().toISOString();
  for (let i = 0; i < STATIONS; i++) {
    const region = regions[Math.floor(i / perRegion)] as string;
    const id = randomUUID();
    const address = `ул. Школьная, ${i}`;
    stations.push(id);
    const isDemo = db.dialect === 'postgres' ? false : 0;
    stationRows.push([
      id,
      election.id,
      region,
      region,
      (i % perRegion) + 1,
      address,
      1500,
      address.toLowerCase(),
      isDemo,
      at,
      at,
    ]);
  }
  await insertRows(
    db.kysely,
    db.dialect,
    'stations',
    [
      'id',
      'election_id',
      'area_id',
      'region_id',
      'number',
      'address',
      'registered_voters',
      'search_text',
      'is_demo',
      'created_at',
      'updated_at',
    ],
    stationRows,
  );
  // On PostgreSQL the live aggregates' row triggers on reports and revisions made a million-row load
  // take half an hour: they are off while the revisions are written (the export reads neither them
  // nor what they keep), on again after.
  const { sql } = await import('kysely');
  const triggers = async (on: boolean) => {
    if (db.dialect !== 'postgres') return;
    for (const table of ['reports', 'report_revisions']) {
      await sql.raw(`alter table ${table} ${on ? 'enable' : 'disable'} trigger user`).execute(db.kysely);
    }
  };
  const observer = (await call('/api/v1/users', { role: 'observer', displayName: 'Наблюдатель' }, admin)).json.user.id;
  const forms = await store.forms.listByElection(election.id);
  const formOf = async (kind: string) => {
    const form = forms.find((f) => f.kind === kind);
    if (!form) throw new Error(`no ${kind} form`);
    const version = (await store.forms.versions(form.id)).find((v) => v.status === 'published')?.version ?? 1;
    return { formId: form.id, version, kind };
  };
  // Voting visits (70 %), turnout (20 %), incidents (10 %): the kinds that come in numbers.
  const parts: [string, number, (i: number) => Record<string, unknown>][] = [
    [
      'voting',
      0.7,
      (i) => ({
        visit: [
          {
            visit_time: `${10 + (i % 8)}:00`,
            voters_in_queue: i % 30,
            secrecy_respected: i % 13 !== 0,
            id_checked: true,
            unauthorised_present: i % 29 === 0,
            observer_obstructed: false,
            ...(i % 5 === 0 ? { remarks: 'Очередь у входа, наблюдение ведётся без помех.' } : {}),
          },
        ],
      }),
    ],
    [
      'turnout',
      0.2,
      (i) => ({ checkpoint_time: `${10 + (i % 3) * 2}:00`, voters_received: 100 + (i % 900), source: 'own_count' }),
    ],
    [
      'incident',
      0.1,
      (i) => ({
        category: 'carousel_voting',
        severity: i % 3 === 0 ? 'high' : 'medium',
        incident_time: '11:15',
        description: 'Группа избирателей прибыла на автобусе и голосовала по открепительным удостоверениям.',
        complaint_filed: i % 2 === 0,
      }),
    ],
  ];
  let seq = 1_000_000;
  let done = 0;
  const started = performance.now();
  await triggers(false);
  for (const [kind, share, answers] of parts) {
    const n = kind === 'incident' ? REVISIONS - done : Math.round(REVISIONS * share);
    await bulkReports(store, {
      electionId: election.id,
      stations,
      form: await formOf(kind),
      observerId: observer,
      revisions: n,
      answers,
      seqFrom: seq,
      at: new Date(Date.UTC(2026, 11, 20, 3) + done * 10),
      onBatch: (w) => {
        if ((done + w) % 200_000 < 30_000) process.stdout.write(`\r  seeded ${done + w} revisions`);
      },
    });
    seq += n;
    done += n;
  }
  await triggers(true);
  process.stdout.write(`\r  seeded ${done} revisions in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  await app.close();
  if (db.dialect === 'postgres') await sql`vacuum analyze`.execute(db.kysely);
  await db.close();
  return { electionId: election.id as string };
}

async function run(label: string, dbConfig: DatabaseConfig, dir: string): Promise<Figures> {
  const seeded = join(dir, `seeded-${REVISIONS}-${STATIONS}.json`);
  let electionId: string;
  if (existsSync(seeded)) {
    electionId = JSON.parse(readFileSync(seeded, 'utf8')).electionId;
    console.log(`${label}: ${REVISIONS} revisions at ${STATIONS} stations, seeded before in ${dir}`);
  } else {
    console.log(`${label}: seeding ${REVISIONS} revisions at ${STATIONS} stations`);
    electionId = (await seed(dbConfig, dir)).electionId;
    if (process.env.BENCH_DIR) writeFileSync(seeded, JSON.stringify({ electionId }));
  }
  const server = child('server', { db: dbConfig, dataDir: dir });
  const { base, rssStart, start } = await server.next();
  console.log(
    `  server at start: RSS ${mb(start.rss)} MB, V8 heap ${mb(start.heapTotal)} MB (used ${mb(start.heapUsed)} MB), outside V8 ${mb(start.external)} MB`,
  );
  const origin = base;
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: 'bench@example.org', password: 'benchmark password' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const started = performance.now();
  const created = await fetch(`${base}/api/v1/elections/${electionId}/exports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie },
    body: JSON.stringify({ kind: 'reports', format: 'csv', shape: SHAPE }),
  });
  if (created.status !== 202) throw new Error(`export: ${created.status} ${await created.text()}`);
  const id = ((await created.json()) as any).job.id as string;
  let job: any;
  for (;;) {
    job = ((await (await fetch(`${base}/api/v1/exports/${id}`, { headers: { cookie } })).json()) as any).job;
    if (!['queued', 'running'].includes(job.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  if (job.status !== 'done') throw new Error(`export ended ${job.status} (${job.error})`);
  server.proc.stdin.write('download\n');
  const downloadStarted = performance.now();
  const file = await fetch(`${base}/api/v1/exports/${id}/file`, { headers: { cookie } });
  let bytes = 0;
  for await (const piece of file.body as unknown as AsyncIterable<Uint8Array>) bytes += piece.length;
  const downloadSeconds = (performance.now() - downloadStarted) / 1000;
  server.proc.stdin.end();
  const { maxRss, cpuSeconds, peak } = await server.next();
  for (const [phase, p] of Object.entries(peak as Record<string, Record<string, number>>)) {
    console.log(
      `  server's peaks while ${phase === 'export' ? 'exporting ' : 'downloading'}: RSS ${mb(p.rss ?? 0)} MB, V8 heap ${mb(p.heapTotal ?? 0)} MB (used ${mb(p.heapUsed ?? 0)} MB), outside V8 ${mb(p.external ?? 0)} MB (array buffers ${mb(p.arrayBuffers ?? 0)} MB)`,
    );
  }
  console.log(`  export: ${job.rowsDone} revisions, ${mb(bytes)} MB in ${seconds.toFixed(1)} s`);

  const bareFile = join(dir, 'bare.csv');
  const bareChild = child('bare', { bytes, file: bareFile });
  const bare = await bareChild.next();
  rmSync(bareFile, { force: true });
  if (statSync(dir).isDirectory()) rmSync(join(dir, 'exports'), { recursive: true, force: true });
  return { seconds, bytes, rssStart, maxRss, cpuSeconds, downloadSeconds, bare };
}

async function onSqlite(): Promise<Figures> {
  const kept = process.env.BENCH_DIR;
  if (kept) mkdirSync(kept, { recursive: true });
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'pw-bench-export-'));
  try {
    return await run('sqlite', { sqliteFile: join(dir, `pollwatch-${REVISIONS}-${STATIONS}.db`) }, dir);
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Figures | undefined> {
  // BENCH_DIR keeps the PostgreSQL data too: a schema named by the figures, not dropped after
  const kept = process.env.BENCH_DIR;
  const schema = kept ? `bench_export_kept_${REVISIONS}_${STATIONS}` : `bench_export_${process.pid}`;
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: pgUrl });
  let fresh: boolean;
  try {
    await admin.connect();
    const there = await admin.query('select 1 from information_schema.schemata where schema_name = $1', [schema]);
    fresh = there.rowCount === 0;
    if (fresh) await admin.query(`create schema ${schema}`);
  } catch (error) {
    console.log(`postgres: skipped (${(error as Error).message}); set BENCH_DATABASE_URL`);
    return undefined;
  }
  const dir = kept ? join(kept, 'postgres') : mkdtempSync(join(tmpdir(), 'pw-bench-export-'));
  mkdirSync(dir, { recursive: true });
  // a schema made anew is seeded anew, whatever an older run noted
  if (fresh) rmSync(join(dir, `seeded-${REVISIONS}-${STATIONS}.json`), { force: true });
  try {
    return await run('postgres', { databaseUrl: pgUrl, searchPath: schema }, dir);
  } finally {
    if (!kept) await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_EXPORT_CHILD) {
  const line = await new Promise<string>((resolve) => {
    let buffered = '';
    const onData = (d: Buffer) => {
      buffered += d.toString();
      const end = buffered.indexOf('\n');
      if (end >= 0) {
        process.stdin.off('data', onData);
        resolve(buffered.slice(0, end));
      }
    };
    process.stdin.on('data', onData);
  });
  process.stdin.on('data', () => {});
  const job = JSON.parse(line);
  if (process.env.BENCH_EXPORT_CHILD === 'server') await childServer(job);
  else await childBare(job);
  process.exit(0);
} else {
  const runs = { sqlite: onSqlite, postgres: onPostgres };
  const only = process.env.BENCH_ONLY as keyof typeof runs | undefined;
  const results: Record<string, Figures | undefined> = {};
  for (const [name, go] of Object.entries(runs)) if (!only || only === name) results[name] = await go();
  console.log(
    `\nsummary: ${REVISIONS} revisions to CSV (${SHAPE}); goal < ${GOAL_SECONDS} s and server peak RSS < ${GOAL_RSS_MB} MB`,
  );
  console.log('  baseline: a bare Node process writing the same bytes through a plain file stream');
  const [one, five] = (await import('node:os')).loadavg();
  console.log(
    `  load average now ${one?.toFixed(1)} (5 min ${five?.toFixed(1)}) on ${(await import('node:os')).cpus().length} cores`,
  );
  for (const [name, r] of Object.entries(results)) {
    if (!r) continue;
    const mark = (ok: boolean) => (ok ? '' : ' ✗');
    console.log(
      `  ${name.padEnd(8)} export ${r.seconds.toFixed(1)} s${mark(r.seconds < GOAL_SECONDS)} (baseline ${r.bare.seconds.toFixed(1)} s, ${mb(r.bytes)} MB)` +
        ` | server peak RSS ${mb(r.maxRss)} MB${mark(r.maxRss < GOAL_RSS_MB * 1024 * 1024)} (at start ${mb(r.rssStart)} MB; baseline process ${mb(r.bare.maxRss)} MB)` +
        ` | server CPU ${r.cpuSeconds.toFixed(1)} s (baseline ${r.bare.cpuSeconds.toFixed(1)} s)` +
        ` | download ${r.downloadSeconds.toFixed(1)} s`,
    );
  }
}
