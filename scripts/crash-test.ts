// `npm run test:crash` (issue 21): the server is killed with SIGKILL at random moments while many
// observers' phones send reports, and restarted; each phone keeps every report it sent until the
// server acknowledged it (as the field app's outbox does) and sends it again after a failure. At the
// end every acknowledged report must be in the database exactly once and the hash chain must verify.
// On SQLite (a file) and PostgreSQL (a scratch schema of CRASH_DATABASE_URL / TEST_DATABASE_URL).
//   CRASH_KILLS=20         kills per database
//   CRASH_OBSERVERS=20     phones sending at once
//   CRASH_DATABASES=sqlite,postgres
// Exits 1 if any database breaks the promise (or PostgreSQL was asked for and cannot be reached).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, Store } from '@pollwatch/db';
import pg from 'pg';
import { verifyChain } from '../apps/server/src/reports/hash-chain.ts';
import { seedVotingDay, serveApp, type VotingDay } from './bench/voting-day-setup.ts';

const kills = Number(process.env.CRASH_KILLS ?? 20);
const observerCount = Number(process.env.CRASH_OBSERVERS ?? 20);
const databases = (process.env.CRASH_DATABASES ?? 'sqlite,postgres').split(',').filter(Boolean);
const pgUrl =
  process.env.CRASH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const bin = fileURLToPath(new URL('../apps/server/bin/pollwatch.js', import.meta.url));
/** Servers started and not yet exited: killed if this script stops early. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  label: string;
  dataDir: string;
  databaseUrl: string | undefined;
  cleanup: () => Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-crash-'));
  return { label: 'SQLite', dataDir, databaseUrl: undefined, cleanup: async () => undefined };
}

async function postgresTarget(): Promise<Target> {
  const schema = `crash_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    label: 'PostgreSQL',
    dataDir: mkdtempSync(join(tmpdir(), 'pollwatch-crash-')),
    databaseUrl: url.toString(),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

function openTarget(target: Target) {
  return openDatabase({ databaseUrl: target.databaseUrl, sqliteFile: join(target.dataDir, 'pollwatch.db') });
}

async function seed(target: Target): Promise<VotingDay> {
  const db = openTarget(target);
  const { app, base } = await serveApp(db, target.dataDir);
  try {
    return await seedVotingDay(base, observerCount);
  } finally {
    await app.close();
    await db.close();
  }
}

const freshPort = () => 20_000 + Math.floor(Math.random() * 20_000);

/** Starts the server on a free port (another is tried if the chosen one is taken). */
async function startServer(target: Target): Promise<{ server: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = freshPort();
    try {
      return { server: await startOn(target, port), port };
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/** The server as its own process, as in production; resolves once it answers /readyz. */
async function startOn(target: Target, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    detached: false,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: target.dataDir,
      LOG_LEVEL: 'error',
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Generous: on a 2-core machine shared with other work a start has taken over 20 s.
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while starting`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      // Another program may hold the port (and answer): ours must still be running a moment later.
      if (r.ok) {
        await sleep(1000);
        if (child.exitCode === null && child.signalCode === null) return child;
        throw new Error(`the server exited with ${child.exitCode} while starting`);
      }
    } catch {
      // not yet listening
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('the server did not become ready in 180 s');
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Phones: each sends its reports one after another and keeps the unacknowledged ones. */
class Phones {
  readonly acknowledged = new Set<string>();
  readonly sent = new Set<string>();
  readonly refused: string[] = [];
  private readonly outbox: { id: string; observer: VotingDay['observers'][number] }[][];
  private running = false;
  private loops: Promise<void>[] = [];
  /** Only during the final phase: no new reports, just empty the outboxes. */
  drainOnly = false;

  constructor(
    private readonly day: VotingDay,
    private readonly port: () => number,
  ) {
    this.outbox = day.observers.map(() => []);
  }

  start(): void {
    this.running = true;
    this.loops = this.day.observers.map((observer, i) => this.loop(observer, i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  pending(): number {
    return this.outbox.reduce((n, box) => n + box.length, 0);
  }

  private async loop(observer: VotingDay['observers'][number], i: number): Promise<void> {
    const box = this.outbox[i] as { id: string; observer: VotingDay['observers'][number] }[];
    while (this.running) {
      if (box.length === 0) {
        if (this.drainOnly) return;
        box.push({ id: randomUUID(), observer });
      }
      const next = box[0] as { id: string };
      this.sent.add(next.id);
      try {
        const response = await fetch(`http://127.0.0.1:${this.port()}/api/v1/reports`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: observer.cookie,
            origin: `http://127.0.0.1:${this.port()}`,
          },
          body: JSON.stringify({
            id: next.id,
            revision: 1,
            stationId: observer.stationId,
            formId: this.day.voting.formId,
            formVersion: this.day.voting.version,
            answers: this.day.answers,
          }),
        });
        await response.arrayBuffer();
        if (response.status === 200 || response.status === 201) {
          this.acknowledged.add(next.id);
          box.shift();
        } else if (response.status < 500) {
          // Not what a crash does: give up on this phone, and the totals will show it.
          this.refused.push(`${response.status} ${next.id}`);
          return;
        } else {
          await sleep(50);
        }
      } catch {
        // The server is down (killed): try again shortly, as the phone's outbox does.
        await sleep(50);
      }
    }
  }
}

async function runOn(target: Target): Promise<boolean> {
  const startedAt = Date.now();
  const day = await seed(target);
  let port = 0;
  const phones = new Phones(day, () => port);
  phones.start();
  const seededAt = Date.now();
  let startMs = 0;
  for (let i = 0; i < kills; i++) {
    const t0 = Date.now();
    const started = await startServer(target);
    const server = started.server;
    port = started.port;
    startMs += Date.now() - t0;
    // Killed in the middle of ingest: once this process has acknowledged a few reports, at a random
    // moment within the next second.
    const before = phones.acknowledged.size;
    const waitUntil = Date.now() + 60_000;
    while (phones.acknowledged.size < before + 3 && Date.now() < waitUntil) await sleep(5);
    await sleep(Math.random() * 1000);
    await kill(server, 'SIGKILL');
    process.stderr.write(`${target.label}: kill ${i + 1}/${kills}, ${phones.acknowledged.size} acknowledged\n`);
  }
  // The last start: every phone empties its outbox, then the server stops as an operator stops it.
  const last = await startServer(target);
  port = last.port;
  const server = last.server;
  phones.drainOnly = true;
  const deadline = Date.now() + 120_000;
  while (phones.pending() > 0 && Date.now() < deadline) await sleep(100);
  await phones.stop();
  await kill(server, 'SIGTERM');

  const db = openTarget(target);
  const store = Store.over(db);
  const ids = [...phones.acknowledged];
  let found = 0;
  let revisions = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const page = ids.slice(i, i + 500);
    const reports = await db.kysely.selectFrom('reports').select('id').where('id', 'in', page).execute();
    found += reports.length;
    const rows = await db.kysely
      .selectFrom('report_revisions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('report_id', 'in', page)
      .executeTakeFirstOrThrow();
    revisions += Number(rows.n);
  }
  const stored = Number(
    (
      await db.kysely
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('election_id', '=', day.electionId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const chain = await verifyChain(store);
  await db.close();
  await target.cleanup();
  const duplicates = revisions - found;
  const ok =
    found === ids.length &&
    duplicates === 0 &&
    chain.ok &&
    phones.pending() === 0 &&
    stored === phones.sent.size &&
    phones.refused.length === 0;
  console.log(
    `${target.label}: crashes survived ${kills}, reports acknowledged ${ids.length}, reports found ${found}, ` +
      `duplicates ${duplicates}; reports stored ${stored} of ${phones.sent.size} sent, left unsent ${phones.pending()}; ` +
      `(seeding ${((seededAt - startedAt) / 1000).toFixed(1)} s, a restart ${(startMs / kills / 1000).toFixed(1)} s); ` +
      `hash chain ${chain.ok ? `verifies (${chain.entries} entries)` : 'BROKEN'}; ${((Date.now() - startedAt) / 1000).toFixed(1)} s ` +
      `— ${ok ? 'OK' : 'FAILED'}`,
  );
  if (phones.refused.length > 0) console.log(`  refused: ${phones.refused.slice(0, 5).join(', ')}`);
  return ok;
}

let failed = 0;
for (const name of databases) {
  let target: Target;
  try {
    target = name === 'postgres' ? await postgresTarget() : await sqliteTarget();
  } catch (error) {
    console.log(`${name}: cannot be reached (${(error as Error).message}) — FAILED`);
    failed++;
    continue;
  }
  if (!(await runOn(target))) failed++;
}
console.log(failed === 0 ? 'crash test: every acknowledged report stored exactly once' : 'crash test FAILED');
process.exit(failed === 0 ? 0 : 1);
