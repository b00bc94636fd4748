// The HQ's dashboard APIs on a voting day of national size (issue 17, Performance): 10,000 stations
// and 1,000,000 stored report revisions; the overview, coverage, readiness, alerts and verification
// queue answered at p95 under 50 ms on SQLite and on PostgreSQL, idle and while reports arrive at
// 1,000/s through the real POST /api/v1/reports. Each figure is printed beside a bare Fastify echo
// measured in the same run and the same way, because machines differ 2–5x.
//
// The data is written in bulk (a few big transactions straight into the tables, not through HTTP),
// shaped like an evening of voting day in a country of two time zones: the west still votes (local
// time ~18:00: openings, turnout checkpoints, observation rounds, incidents, silent phones), the east
// has closed (~23:00: closings and protocols arriving, missing protocols due). Readiness visits from
// the ten monitoring days, applicants at every step, one to three observers per covered station, a
// few % of reports flagged (the verification queue fills itself by the schema's triggers, then some
// entries are decided, followed up or claimed). Report ids are time-ordered UUIDs as the field app
// makes them; the hash chain's hashes are placeholders (the bench never verifies the chain).
//
// The requests come from a separate process (as a browser would), one keep-alive connection, one
// request at a time, as a signed-in national coordinator and as a regional coordinator (one region
// of 20: the area-scope queries), round-robin over the endpoints, BENCH_REQUESTS each per phase. The
// background ingest runs in a third process: paced, raw keep-alive sockets, voting rounds, turnout
// and incidents from 50 signed-in observers.
//   BENCH_STATIONS=10000      stations
//   BENCH_REVISIONS=1000000   stored report revisions (reports ≈ a third of it)
//   BENCH_REQUESTS=30         measured requests per endpoint and actor in each phase (+3 warm-up)
//   BENCH_ENDPOINT_SECONDS=20 an endpoint that has taken this long in a phase is not asked again
//   BENCH_RATE=1000           background reports per second in the second phase
//   BENCH_ONLY=sqlite|postgres
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (a scratch schema, dropped after)
//   BENCH_KEEP=1              keep the SQLite file / PostgreSQL schema for EXPLAIN (printed)
//   BENCH_SEED=bulk|triggers  bulk (default): reports and revisions written with their triggers off,
//                             the kept tables rebuilt set-based after; triggers: row by row through them
//   BENCH_SEED_ONLY=1         stop after the seed and its fingerprint (no requests)
//   BENCH_NOW=ISO time        the campaign's "now" (two runs at the same BENCH_NOW print the same
//                             kept-tables fingerprint, whichever BENCH_SEED)
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newReportId } from '@pollwatch/core';
import { type Db, openDatabase, Store } from '@pollwatch/db';
import Fastify from 'fastify';
import { type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { ElectionsService } from '../../apps/server/src/elections/elections.service.ts';
import { AlertsService } from '../../apps/server/src/operations/alerts.service.ts';
import { CoverageService } from '../../apps/server/src/operations/coverage.service.ts';
import { OverviewService } from '../../apps/server/src/operations/overview.service.ts';
import { ReadinessService } from '../../apps/server/src/operations/readiness.service.ts';
import { VerificationService } from '../../apps/server/src/operations/verification.service.ts';
import { insertRows } from '../../packages/db/src/bulk-insert.ts';
import { serveApp } from './voting-day-setup.ts';

const STATIONS = Number(process.env.BENCH_STATIONS ?? 10_000);
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const WARMUP_REQUESTS = 3;
/** An endpoint that has spent this long in a phase gets no more requests (its n is printed). */
const ENDPOINT_SECONDS = Number(process.env.BENCH_ENDPOINT_SECONDS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const LANES = 50;
const GOAL_MS = 50;
const REGIONS = 20;
const DISTRICTS = 10;
/** Regions 16–20 lie five hours east of the election's zone: their stations carry their own zone. */
const EAST_FROM = 15;
/** `bulk`: reports and revisions written with their triggers off, kept tables rebuilt; `triggers`: through them. */
const SEED_MODE = (process.env.BENCH_SEED ?? 'bulk') as 'bulk' | 'triggers';
if (SEED_MODE !== 'bulk' && SEED_MODE !== 'triggers') throw new Error('BENCH_SEED must be bulk or triggers');
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const keep = Boolean(process.env.BENCH_KEEP);
const ID_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// Child processes: the dashboard prober and the paced ingest.

interface ProbeTarget {
  label: string;
  url: string;
  cookie?: string;
}
interface ProbeJob {
  targets: ProbeTarget[];
  requests: number;
  warmup: number;
  budgetSeconds: number;
}
interface Figures {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  bytes: number;
  firstError?: string;
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? 0 };
}

async function probe(job: ProbeJob): Promise<Record<string, Figures>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (t: ProbeTarget) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(t.url, { agent, headers: t.cookie ? { cookie: t.cookie } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const times = new Map<string, number[]>(job.targets.map((t) => [t.label, []]));
  const out: Record<string, Figures> = {};
  for (const t of job.targets) out[t.label] = { n: 0, p50: 0, p95: 0, p99: 0, max: 0, errors: 0, bytes: 0 };
  const spent = new Map<string, number>();
  // An endpoint so slow that its budget ran out during the warm-up is judged by the warm-up.
  const warm = new Map<string, number[]>(job.targets.map((t) => [t.label, []]));
  for (let i = 0; i < job.warmup + job.requests; i++) {
    for (const t of job.targets) {
      if ((spent.get(t.label) ?? 0) > job.budgetSeconds * 1000) continue;
      const started = performance.now();
      const { status, body } = await get(t);
      const ms = performance.now() - started;
      spent.set(t.label, (spent.get(t.label) ?? 0) + ms);
      const f = out[t.label] as Figures;
      if (status !== 200) {
        f.errors += 1;
        f.firstError ??= `${status} ${body.slice(0, 300)}`;
      }
      f.bytes = body.length;
      if (i >= job.warmup) times.get(t.label)?.push(ms);
      else warm.get(t.label)?.push(ms);
    }
  }
  agent.destroy();
  for (const t of job.targets) {
    const f = out[t.label] as Figures;
    const measured = times.get(t.label) ?? [];
    const list = measured.length > 0 ? measured : (warm.get(t.label) ?? []);
    const p = percentiles(list);
    Object.assign(f, { n: list.length, p50: p.p50, p95: p.p95, p99: p.p99, max: p.max });
  }
  return out;
}

interface IngestJob {
  base: string;
  origin: string;
  /** One lane per observer: its session and its report bodies (with the id placeholder). */
  lanes: { cookie: string; bodies: string[] }[];
  rate: number;
  maxSeconds: number;
}
interface IngestResult {
  sent: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
  seconds: number;
}

/**
 * Reports at `rate` per second over raw keep-alive sockets, each lane paced at rate/lanes (a lane
 * that falls behind sends at once, so a slow server shows as a lower rate, not a queue). Runs
 * until stdin closes or `maxSeconds` passes.
 */
async function ingest(job: IngestJob): Promise<IngestResult> {
  const url = new URL(job.base);
  const interval = (1000 * job.lanes.length) / job.rate;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let stopping = false;
  const started = performance.now();
  const stopAt = started + job.maxSeconds * 1000;
  process.stdin.on('end', () => {
    stopping = true;
  });
  const lane = (spec: IngestJob['lanes'][number], index: number) =>
    new Promise<void>((resolve, reject) => {
      const templates = spec.bodies.map((body) => {
        const head = [
          'POST /api/v1/reports HTTP/1.1',
          `host: ${url.host}`,
          'content-type: application/json',
          `content-length: ${Buffer.byteLength(body)}`,
          `origin: ${job.origin}`,
          `cookie: ${spec.cookie}`,
          '',
          '',
        ].join('\r\n');
        const bytes = Buffer.from(head + body);
        return { bytes, idAt: bytes.indexOf(ID_PLACEHOLDER) };
      });
      const socket: Socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
      let k = index;
      let sentAt = 0;
      let next = started + (interval * index) / job.lanes.length;
      let pending: Buffer = Buffer.alloc(0);
      const send = () => {
        if (stopping || performance.now() >= stopAt) {
          socket.end();
          resolve();
          return;
        }
        const t = templates[k++ % templates.length] as { bytes: Buffer; idAt: number };
        const bytes = Buffer.from(t.bytes);
        bytes.write(newReportId(), t.idAt, 'latin1');
        sentAt = performance.now();
        socket.write(bytes);
      };
      const schedule = () => {
        next += interval;
        const wait = next - performance.now();
        if (wait > 0) setTimeout(send, wait);
        else {
          next = performance.now();
          send();
        }
      };
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        for (;;) {
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = pending.toString('latin1', 0, end);
          const length = /\r\ncontent-length: *(\d+)/i.exec(head);
          if (!length) throw new Error(`ingest: a response without content-length:\n${head}`);
          const total = end + 4 + Number(length[1]);
          if (pending.length < total) return;
          const status = Number(head.slice(9, 12));
          latencies.push(performance.now() - sentAt);
          if (status !== 200) {
            errors += 1;
            firstError ??= `${status} ${pending.toString('utf8', end + 4, total).slice(0, 300)}`;
          }
          pending = pending.subarray(total);
          schedule();
        }
      });
      socket.on('error', reject);
      socket.once('connect', () => {
        const wait = next - performance.now();
        if (wait > 0) setTimeout(send, wait);
        else send();
      });
    });
  await Promise.all(job.lanes.map((l, i) => lane(l, i)));
  const seconds = (performance.now() - started) / 1000;
  const p = percentiles(latencies);
  return {
    sent: latencies.length,
    perSecond: latencies.length / seconds,
    p50: p.p50,
    p99: p.p99,
    errors,
    ...(firstError ? { firstError } : {}),
    seconds,
  };
}

function child(role: 'probe' | 'ingest', job: unknown) {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_DASHBOARD_CHILD: role },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // The job on the first line of stdin (too big for the environment); closing stdin stops the ingest.
  proc.stdin.write(`${JSON.stringify(job)}\n`);
  let out = '';
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const done = new Promise<unknown>((resolve, reject) =>
    proc.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim())) : reject(new Error(`${role} process exited with ${code}`)),
    ),
  );
  return { stop: () => proc.stdin.end(), done };
}

// ---------------------------------------------------------------------------------------------
// The data.

/** Seeded generator (mulberry32): the same campaign on both databases. */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(a: number, b: number): number {
    return a + this.int(b - a + 1);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
}

/** A UUIDv7 at `ms`, as the field app would have made it then. */
function uuidAt(ms: number): string {
  return newReportId(ms);
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Fixed-offset zones (Etc/GMT-5 is UTC+5): local wall time is UTC plus the offset. */
const zoneName = (offset: number) => (offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`);

/**
 * The election's zone, where it is now ~18:00 (polls open until 20:00), and the east's, five hours
 * ahead (~23:00: closed, protocols due at 23:00).
 */
function chooseZones(now: Date): { west: number; east: number } {
  const h = now.getUTCHours();
  for (const local of [18, 17, 16, 15]) {
    let offset = (((local - h) % 24) + 24) % 24;
    if (offset > 9) offset -= 24;
    if (offset >= -12 && offset + 5 <= 14) return { west: offset, east: offset + 5 };
  }
  throw new Error('no zone pair fits the current hour');
}

interface Campaign {
  electionId: string;
  formByKind: Map<string, { formId: string; version: number }>;
  votingDate: string;
  /** Midnight of voting day in the election's (west) zone, as an instant. */
  westMidnight: number;
  zones: { west: number; east: number };
  regionIds: string[];
  /** Observers with a voting-day assignment in the west, for the background ingest. */
  westObservers: { id: string; stationId: string }[];
  counts: Record<string, number>;
}

type Row = unknown[];

/**
 * Writes the campaign into the tables in bulk. Stations, people and assignments first, then the
 * reports and their revisions station by station in transactions of ~100,000 revisions.
 */
async function seed(
  db: Db,
  electionId: string,
  formByKind: Map<string, { formId: string; version: number }>,
  votingDate: string,
  zones: { west: number; east: number },
  regionIds: string[],
  coordinatorId: string,
  now: Date,
): Promise<Campaign> {
  const k = db.kysely;
  const dialect = db.dialect;
  const random = new Random(17);
  const bool = (b: boolean) => (dialect === 'postgres' ? b : b ? 1 : 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  const nowMs = now.getTime();
  const [y, m, d] = votingDate.split('-').map(Number) as [number, number, number];
  const westMidnight = Date.UTC(y, m - 1, d) - zones.west * 3_600_000;
  const eastMidnight = Date.UTC(y, m - 1, d) - zones.east * 3_600_000;
  // Minutes since the local midnight of voting day, in each zone (east past midnight: > 1440).
  const westNow = Math.floor((nowMs - westMidnight) / MINUTE);
  const eastNow = Math.floor((nowMs - eastMidnight) / MINUTE);
  const counts: Record<string, number> = {};
  const at = iso(nowMs - 12 * 86_400_000);

  // Districts under the regions made through the API.
  const districts: { id: string; regionId: string; region: number }[] = [];
  const areaRows: Row[] = [];
  for (const [r, regionId] of regionIds.entries()) {
    for (let j = 0; j < DISTRICTS; j++) {
      const id = randomUUID();
      districts.push({ id, regionId, region: r });
      areaRows.push([
        id,
        regionId,
        'district',
        `R${r + 1}-D${j + 1}`,
        JSON.stringify({
          ru: `Район ${r + 1}.${j + 1}`,
          kk: `${r + 1}.${j + 1} ауданы`,
          en: `District ${r + 1}.${j + 1}`,
        }),
        bool(false),
        at,
        at,
      ]);
    }
  }

  interface StationSpec {
    id: string;
    east: boolean;
    regionId: string;
    districtId: string;
    registered: number;
    observers: string[];
  }
  const stations: StationSpec[] = [];
  const stationRows: Row[] = [];
  const perRegion = new Map<string, number>();
  for (let i = 0; i < STATIONS; i++) {
    const district = districts[i % districts.length] as (typeof districts)[number];
    const number = (perRegion.get(district.regionId) ?? 0) + 1;
    perRegion.set(district.regionId, number);
    const east = district.region >= EAST_FROM;
    const registered = random.between(600, 3000);
    const address = `ул. Школьная, ${number}, школа № ${(number % 90) + 1}`;
    const id = randomUUID();
    stations.push({ id, east, regionId: district.regionId, districtId: district.id, registered, observers: [] });
    stationRows.push([
      id,
      electionId,
      district.id,
      district.regionId,
      number,
      address,
      registered,
      east ? zoneName(zones.east) : null,
      address.toLowerCase(),
      bool(false),
      at,
      at,
    ]);
  }

  // Observers: one to three per covered station (92% covered), 5% more in reserve; an applicant
  // record each, plus applicants still in the pipeline or out of it.
  const userRows: Row[] = [];
  const applicantRows: Row[] = [];
  const assignmentRows: Row[] = [];
  const visitRows: Row[] = [];
  const sessionRows: Row[] = [];
  const readinessObserver = new Map<string, string>();
  const disabledIds = new Set<string>();
  let observerNo = 0;
  const applicant = (userId: string | null, areaId: string, status: string) => {
    const n = applicantRows.length;
    applicantRows.push([
      randomUUID(),
      random.chance(0.9) ? electionId : null,
      `Наблюдатель Тестовый ${n}`,
      `+7700${String(1_000_000 + n).slice(-7)}`,
      areaId,
      random.chance(0.7) ? ',kk,ru,' : ',ru,',
      random.chance(0.5) ? ',pre_election,election_day,counting,' : ',election_day,',
      status,
      'ru',
      userId,
      random.pick(['join', 'join', 'import', 'hq']),
      `наблюдатель тестовый ${n}`,
      at,
      at,
    ]);
  };
  const newObserver = (s: StationSpec | null, areaId: string) => {
    const id = randomUUID();
    observerNo += 1;
    const disabled = random.chance(0.01);
    if (disabled) disabledIds.add(id);
    userRows.push([
      id,
      'observer',
      `Наблюдатель ${observerNo}`,
      'ru',
      disabled ? 'disabled' : 'active',
      areaId,
      at,
      at,
    ]);
    applicant(id, areaId, random.pick(['certified', 'accredited', 'active', 'active']));
    if (s) {
      const last = nowMs - (random.chance(0.08) ? random.between(120, 360) : random.int(50)) * MINUTE;
      sessionRows.push([
        createHash('sha256').update(id).digest('hex'),
        id,
        iso(westMidnight + 6 * 60 * MINUTE),
        iso(last),
        iso(nowMs + 30 * 86_400_000),
      ]);
    }
    return id;
  };
  for (const s of stations) {
    if (!random.chance(0.92)) continue;
    const n = 1 + (random.chance(0.7) ? 1 : 0) + (random.chance(0.3) ? 1 : 0);
    for (let j = 0; j < n; j++) {
      const observerId = newObserver(s, s.districtId);
      s.observers.push(observerId);
      assignmentRows.push([randomUUID(), electionId, observerId, s.id, 'voting_day', null, at]);
    }
    const first = s.observers[0] as string;
    if (random.chance(0.85)) {
      readinessObserver.set(s.id, first);
      assignmentRows.push([randomUUID(), electionId, first, s.id, 'readiness', null, at]);
      const day = random.between(1, 10);
      const date = new Date(Date.UTC(y, m - 1, d) - day * 86_400_000).toISOString().slice(0, 10);
      visitRows.push([randomUUID(), electionId, first, s.id, date, coordinatorId, at]);
    }
    if (random.chance(0.05)) assignmentRows.push([randomUUID(), electionId, first, s.id, 'counting', null, at]);
  }
  for (let i = 0; i < Math.round(STATIONS * 0.1); i++) newObserver(null, random.pick(districts).id);
  for (let i = 0; i < Math.round(STATIONS * 0.8); i++) {
    applicant(
      null,
      random.pick(districts).id,
      random.pick(['applied', 'applied', 'contacted', 'in_training', 'withdrawn', 'rejected']),
    );
  }

  // The reports, as skeletons first: which, where, by whom, when (local minutes of voting day;
  // readiness visits a day of the monitoring period).
  interface Skeleton {
    kind: string;
    station: StationSpec;
    observerId: string;
    /** Milliseconds of creation and of the latest revision. */
    created: number;
    updated: number;
    minute: number;
    extraWeight: number;
    index: number;
  }
  const skeletons: Skeleton[] = [];
  for (const s of stations) {
    const midnight = s.east ? eastMidnight : westMidnight;
    const localNow = s.east ? eastNow : westNow;
    const add = (kind: string, observerId: string, minute: number, lastMinute: number, extraWeight: number) => {
      if (minute >= localNow - 1 || !formByKind.has(kind)) return;
      const created = midnight + minute * MINUTE + random.int(59_000);
      const updated = Math.max(created, midnight + Math.min(lastMinute, localNow - 1) * MINUTE);
      skeletons.push({ kind, station: s, observerId, created, updated, minute, extraWeight, index: 0 });
    };
    const readiness = readinessObserver.get(s.id);
    if (readiness && random.chance(0.85)) {
      const minute = -random.between(1, 10) * 1440 + random.between(600, 1020);
      add('readiness', readiness, minute, minute + random.int(120), 1);
    }
    for (const o of s.observers) {
      if (random.chance(0.95)) add('opening', o, random.between(390, 460), 470, 0.5);
      for (const checkpoint of [10, 12, 14, 16, 18, 20]) {
        if (random.chance(0.93)) add('turnout', o, checkpoint * 60 + random.between(2, 20), checkpoint * 60 + 40, 0.5);
      }
      // Rounds of observation, a report every two hours or so, each revised as visits are added.
      for (let start = 480 + random.int(60); start < 1200; start += random.between(100, 140)) {
        if (random.chance(0.9)) add('voting', o, start, start + 100, 2);
      }
      if (random.chance(0.15)) add('incident', o, random.between(420, 1200), 1210, 1);
      if (random.chance(0.9)) add('closing', o, random.between(1205, 1290), 1300, 0.5);
      if (random.chance(0.85)) add('protocol', o, random.between(1280, 1430), 1440, 1.5);
      if (random.chance(0.1)) add('custom', o, random.between(480, 1200), 1210, 1);
    }
  }
  // Reports ≈ a third of the revisions: drop skeletons at random when there are too many.
  const wantReports = Math.max(1, Math.round(REVISIONS / 3));
  const kept =
    skeletons.length > wantReports ? skeletons.filter(() => random.chance(wantReports / skeletons.length)) : skeletons;
  const weight = kept.reduce((sum, s) => sum + s.extraWeight, 0);
  const extraScale = Math.max(0, REVISIONS - kept.length) / Math.max(1, weight);

  // The background ingest's observers sign in through an invite, which a live session refuses.
  const westObservers = stations
    .filter((s) => !s.east && s.observers.length > 0 && !disabledIds.has(s.observers[0] as string))
    .slice(0, LANES)
    .map((s) => ({ id: s.observers[0] as string, stationId: s.id }));
  const signingIn = new Set(westObservers.map((o) => o.id));
  const sessionRowsKept = sessionRows.filter((r) => !signingIn.has(r[1] as string));

  const started = performance.now();
  await k.transaction().execute(async (tx) => {
    await insertRows(
      tx,
      dialect,
      'areas',
      ['id', 'parent_id', 'level', 'code', 'name', 'is_demo', 'created_at', 'updated_at'],
      areaRows,
    );
    await insertRows(
      tx,
      dialect,
      'stations',
      [
        'id',
        'election_id',
        'area_id',
        'region_id',
        'number',
        'address',
        'registered_voters',
        'time_zone',
        'search_text',
        'is_demo',
        'created_at',
        'updated_at',
      ],
      stationRows,
    );
    await insertRows(
      tx,
      dialect,
      'users',
      ['id', 'role', 'display_name', 'locale', 'status', 'area_id', 'created_at', 'updated_at'],
      userRows,
    );
    await insertRows(
      tx,
      dialect,
      'applicants',
      [
        'id',
        'election_id',
        'full_name',
        'phone',
        'area_id',
        'languages',
        'availability',
        'status',
        'locale',
        'user_id',
        'source',
        'search_text',
        'created_at',
        'updated_at',
      ],
      applicantRows,
    );
    await insertRows(
      tx,
      dialect,
      'assignments',
      ['id', 'election_id', 'observer_id', 'station_id', 'shift', 'created_by', 'created_at'],
      assignmentRows,
    );
    await insertRows(
      tx,
      dialect,
      'readiness_visits',
      ['id', 'election_id', 'observer_id', 'station_id', 'visit_date', 'created_by', 'created_at'],
      visitRows,
    );
    await insertRows(
      tx,
      dialect,
      'sessions',
      ['token_hash', 'user_id', 'created_at', 'last_seen_at', 'expires_at'],
      sessionRowsKept,
    );
  });
  Object.assign(counts, {
    areas: areaRows.length + regionIds.length,
    stations: stationRows.length,
    observers: userRows.length,
    applicants: applicantRows.length,
    assignments: assignmentRows.length,
    readinessVisits: visitRows.length,
    sessions: sessionRowsKept.length,
  });

  // Reports and revisions, in transactions of ~100,000 revisions: in bulk (the default) with the
  // triggers of reports and revisions off and their kept tables rebuilt afterwards, set-based
  // (rebuildKept); with BENCH_SEED=triggers through the triggers, row by row, as ingest writes.
  const bulk = SEED_MODE === 'bulk';
  const restoreTriggers = bulk ? await suspendTriggers(db) : async () => {};
  const loadStarted = performance.now();
  const queued: { id: string; incident: boolean }[] = [];
  let seq = 0;
  let reports: Row[] = [];
  let revisions: Row[] = [];
  const kindCounts: Record<string, number> = {};
  const flush = async () => {
    if (reports.length === 0) return;
    const r = reports;
    const v = revisions;
    reports = [];
    revisions = [];
    await k.transaction().execute(async (tx) => {
      // PostgreSQL: this transaction's rows fire no trigger (the kept tables are rebuilt after).
      if (bulk && dialect === 'postgres') await sql`set local session_replication_role = replica`.execute(tx);
      await insertRows(
        tx,
        dialect,
        'reports',
        [
          'id',
          'election_id',
          'station_id',
          'form_id',
          'form_kind',
          'observer_id',
          'channel',
          'latest_revision',
          'flags',
          'created_at',
          'updated_at',
        ],
        r,
      );
      await insertRows(
        tx,
        dialect,
        'report_revisions',
        [
          'report_id',
          'revision',
          'form_version',
          'answers',
          'photos',
          'flags',
          'client_time',
          'received_at',
          'chain_seq',
          'chain_hash',
        ],
        v,
      );
    });
  };
  for (const s of kept) {
    const form = formByKind.get(s.kind) as { formId: string; version: number };
    const id = uuidAt(s.created);
    const expected = s.extraWeight * extraScale;
    const revisionCount = 1 + Math.floor(expected) + (random.chance(expected - Math.floor(expected)) ? 1 : 0);
    const flags = flagsFor(s.kind, random);
    if (flags !== '[]' || s.kind === 'incident') queued.push({ id, incident: s.kind === 'incident' });
    const answers = JSON.stringify(answersFor(s.kind, s.minute, s.station.registered, random));
    reports.push([
      id,
      electionId,
      s.station.id,
      form.formId,
      s.kind,
      s.observerId,
      'app',
      revisionCount,
      flags,
      iso(s.created),
      iso(s.updated),
    ]);
    for (let rev = 1; rev <= revisionCount; rev++) {
      const received =
        revisionCount === 1 ? s.updated : s.created + ((s.updated - s.created) * (rev - 1)) / (revisionCount - 1);
      seq += 1;
      revisions.push([
        id,
        rev,
        form.version,
        answers,
        '[]',
        rev === revisionCount ? flags : '[]',
        null,
        iso(received),
        seq,
        createHash('sha256').update(String(seq)).digest('hex'),
      ]);
    }
    kindCounts[s.kind] = (kindCounts[s.kind] ?? 0) + 1;
    if (revisions.length >= 100_000) await flush();
  }
  await flush();
  counts.loadSeconds = Math.round((performance.now() - loadStarted) / 1000);
  if (bulk) {
    const t = performance.now();
    await rebuildKept(db, electionId, restoreTriggers);
    counts.rebuildSeconds = Math.round((performance.now() - t) / 1000);
  }
  await k
    .updateTable('chain_head')
    .set({ seq, hash: createHash('sha256').update(String(seq)).digest('hex') })
    .where('id', '=', 1)
    .execute();

  // Decisions already taken in the queue: verified, rejected, asked to follow up, claimed now.
  const decided: Record<string, string[]> = { verified: [], rejected: [], follow_up: [], claimed: [] };
  for (const q of queued) {
    const x = random.next();
    if (x < 0.35) decided.verified?.push(q.id);
    else if (x < 0.43) decided.rejected?.push(q.id);
    else if (x < 0.5) decided.follow_up?.push(q.id);
    else if (x < 0.55) decided.claimed?.push(q.id);
  }
  await k.transaction().execute(async (tx) => {
    for (const [state, ids] of Object.entries(decided)) {
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000);
        const set =
          state === 'claimed'
            ? { claimed_by: coordinatorId, claimed_until: iso(nowMs + 10 * MINUTE) }
            : {
                status: state,
                decided_by: coordinatorId,
                decided_at: iso(nowMs - random.int(300) * MINUTE),
                comment: state === 'follow_up' ? 'Уточните, пожалуйста.' : null,
              };
        await tx.updateTable('report_verifications').set(set).where('report_id', 'in', chunk).execute();
      }
    }
  });
  const seconds = (performance.now() - started) / 1000;
  Object.assign(counts, {
    reports: kept.length,
    revisions: seq,
    queued: queued.length,
    ...Object.fromEntries(Object.entries(kindCounts).map(([kind, n]) => [`reports.${kind}`, n])),
  });
  counts.seedSeconds = Math.round(seconds);

  return { electionId, formByKind, votingDate, westMidnight, zones, regionIds, westObservers, counts };
}

/** A few % of reports carry a flag; which flags depends on the form. */
function flagsFor(kind: string, random: Random): string {
  if (!random.chance(0.035)) return '[]';
  const codes: Record<string, string[]> = {
    readiness: ['missing_required', 'outside_window', 'not_assigned'],
    opening: ['missing_required', 'not_assigned', 'outside_window'],
    turnout: ['turnout_decreasing', 'turnout_over_100', 'outside_window'],
    voting: ['not_assigned', 'missing_required', 'outside_window'],
    incident: ['not_assigned'],
    closing: ['missing_required', 'outside_window'],
    protocol: ['protocol_relation', 'protocol_conflict', 'protocol_conflict', 'missing_required'],
    custom: ['missing_required'],
  };
  const code = random.pick(codes[kind] ?? ['missing_required']);
  return JSON.stringify([code === 'missing_required' ? { code, ref: 'remarks' } : { code }]);
}

/** Answers of the standard forms, the size the field app sends. */
function answersFor(kind: string, minute: number, registered: number, random: Random): Record<string, unknown> {
  switch (kind) {
    case 'readiness': {
      const accessible = !random.chance(0.2);
      return {
        check_date: '2026-01-01',
        station_open: !random.chance(0.04),
        commission_present: true,
        members_present: random.between(3, 11),
        voter_lists_available: !random.chance(0.07),
        candidate_info_posted: !random.chance(0.1),
        booths_in_place: !random.chance(0.04),
        boxes_in_place: !random.chance(0.02),
        accessible,
        cameras: random.chance(0.08) ? 'no' : random.chance(0.2) ? 'not_required' : 'yes',
        premises_fit: !random.chance(0.07),
        ...(accessible ? {} : { remarks: 'Нет пандуса, вход по ступенькам.' }),
      };
    }
    case 'opening':
      return {
        arrival_time: hhmm(minute - 30),
        admitted: true,
        opened_on_time: !random.chance(0.08),
        boxes_empty_sealed: !random.chance(0.03),
        ballots_announced: Math.ceil((registered * 1.01) / 50) * 50,
      };
    case 'turnout':
      return {
        checkpoint_time: hhmm(Math.floor(minute / 60) * 60),
        voters_received: Math.round(registered * (minute / 1440) * 0.7),
        source: random.chance(0.7) ? 'own_count' : 'commission',
      };
    case 'voting':
      return {
        visit: Array.from({ length: random.between(1, 3) }, (_, i) => ({
          visit_time: hhmm(minute + i * 30),
          voters_in_queue: random.int(25),
          secrecy_respected: !random.chance(0.04),
          id_checked: !random.chance(0.05),
          unauthorised_present: random.chance(0.06),
          observer_obstructed: random.chance(0.03),
          remarks: 'Наблюдение ведётся, нарушений не замечено.',
        })),
      };
    case 'incident':
      return {
        category: random.pick(['ballot_stuffing', 'carousel_voting', 'group_voting', 'pressure_on_voters', 'other']),
        severity: random.pick(['low', 'medium', 'medium', 'high']),
        incident_time: hhmm(minute - 5),
        description: 'Член комиссии опустил в ящик пачку бюллетеней, наблюдатель снял на видео.',
        complaint_filed: random.chance(0.5),
      };
    case 'closing':
      return {
        closing_time: '20:00',
        queue_voted: 'no_queue',
        unused_cancelled: true,
        count_visible: !random.chance(0.05),
        ballots_shown: !random.chance(0.12),
        copy_received: !random.chance(0.05),
        count_end_time: hhmm(minute + 60),
      };
    case 'protocol': {
      const issued = Math.round(registered * 0.6);
      const votes = [0.62, 0.14, 0.09, 0.06, 0.05].map((share) => Math.round(issued * share));
      return {
        voters_on_lists: registered,
        ballots_received: Math.ceil((registered * 1.01) / 50) * 50,
        voters_received_ballots: issued,
        ballots_cancelled: Math.ceil((registered * 1.01) / 50) * 50 - issued,
        voters_took_part: issued,
        invalid_ballots: issued - votes.reduce((a, b) => a + b, 0),
        ...Object.fromEntries(votes.map((v, i) => [`option_c${i + 1}`, v])),
      };
    }
    default:
      return { remarks: 'Заметка наблюдателя.' };
  }
}

// ---------------------------------------------------------------------------------------------
// Bulk load: the triggers that keep the dashboard's tables off while reports and revisions are
// written, then those tables rebuilt from what was written, one set-based statement each. What
// the rebuild writes is what the triggers of migrations 20261206110000 (verification queue),
// 20261206140000 (turnout checkpoints), 20261207010000 / 20261208100000 (dashboard counts),
// 20261208010000 (alert counts) and 20261210300000 (planned visits done) would have written row
// by row; BENCH_SEED=triggers loads through them instead, and the fingerprint printed after the
// seed (BENCH_NOW fixes the clock) shows that both ways give the same counts.

/** The tables whose triggers the bulk load turns off, and the triggers it knows on them. */
const SUSPENDED: Record<string, string[]> = {
  reports: [
    'reports_verification_insert',
    'reports_verification_update',
    'reports_turnout_checkpoint_gone',
    'reports_dashboard_insert',
    'reports_dashboard_insert_flags',
    'reports_dashboard_insert_readiness',
    'reports_dashboard_delete',
    'reports_dashboard_delete_readiness',
    'reports_dashboard_move',
    'reports_dashboard_flags',
    'reports_dashboard_heard',
    'reports_dashboard_update',
    'reports_dashboard_update_readiness',
    'reports_dashboard_update_readiness_new',
    'reports_verification_queue',
    'reports_readiness_visits_insert',
    'reports_readiness_visits_delete',
    'reports_readiness_visits_update',
  ],
  report_revisions: [
    'report_revisions_verification_severity',
    'report_revisions_turnout_checkpoint',
    'report_revisions_dashboard',
  ],
  station_marks: ['station_marks_alerts_insert', 'station_marks_alerts_delete'],
  alert_turnout_checkpoints: ['alert_checkpoints_insert', 'alert_checkpoints_update', 'alert_checkpoints_delete'],
};

/**
 * Turns the triggers of SUSPENDED's tables off until the function returned is called. SQLite has
 * no switch: the triggers are dropped and created again from their stored SQL. PostgreSQL: the
 * loading transactions set `session_replication_role = replica` themselves; nothing to do here.
 * A trigger this bench does not know of is reported: its table may then be missing from the rebuild.
 */
async function suspendTriggers(db: Db): Promise<() => Promise<void>> {
  const tables = Object.keys(SUSPENDED);
  const found =
    db.dialect === 'sqlite'
      ? await sql<{ name: string; table: string; sql: string }>`select name, tbl_name as "table", sql from sqlite_master
          where type = 'trigger' and tbl_name in (${sql.join(tables)})`.execute(db.kysely)
      : await sql<{ name: string; table: string; sql: string }>`select t.tgname as name, c.relname as "table", '' as sql
          from pg_trigger t join pg_class c on c.oid = t.tgrelid
          where not t.tgisinternal and c.relname in (${sql.join(tables)}) and pg_table_is_visible(c.oid)`.execute(
          db.kysely,
        );
  const unknown = found.rows.filter((t) => !SUSPENDED[t.table]?.includes(t.name));
  if (unknown.length > 0) {
    console.log(
      `bulk load: triggers this bench does not rebuild for: ${unknown.map((t) => `${t.table}.${t.name}`).join(', ')} — check rebuildKept, or run with BENCH_SEED=triggers`,
    );
  }
  if (db.dialect === 'postgres') return async () => {};
  for (const t of found.rows) await sql.raw(`drop trigger "${t.name}"`).execute(db.kysely);
  return async () => {
    for (const t of found.rows) await sql.raw(t.sql).execute(db.kysely);
  };
}

/**
 * The kept tables of the election's reports, rebuilt from the reports and revisions written in
 * bulk, as the suspended triggers would have kept them; then the triggers back on, and the alerts'
 * station marks recomputed for the whole election by its own trigger (a change of the election's
 * turnout checkpoints refreshes every station: set to [] and back).
 */
async function rebuildKept(db: Db, electionId: string, restoreTriggers: () => Promise<void>) {
  const pg = db.dialect === 'postgres';
  const e = electionId;
  const bucketOf = (t: string) =>
    pg
      ? sql.raw(`date_bin('15 minutes', ${t}, timestamptz '2000-01-01 00:00:00+00')`)
      : sql.raw(
          `(substr(${t}, 1, 14) || printf('%02d', (cast(substr(${t}, 15, 2) as integer) / 15) * 15) || ':00.000Z')`,
        );
  const latestAnswer = (key: string) =>
    pg ? sql.raw(`v.answers ->> '${key}'`) : sql.raw(`json_extract(v.answers, '$.${key}')`);
  const steps: [string, RawBuilder<unknown>][] = [
    ['station marks', sql`delete from station_marks where election_id = ${e} and mark like 'r:%'`],
    [
      'station marks',
      sql`insert into station_marks (election_id, mark, station_id, n)
        select election_id, 'r:' || form_kind, station_id, count(*) from reports where election_id = ${e}
        group by election_id, form_kind, station_id`,
    ],
    ['area marks', sql`delete from area_marks where election_id = ${e} and mark like 'r:%'`],
    [
      'area marks',
      sql`insert into area_marks (election_id, area_id, mark, stations)
        select m.election_id, st.area_id, m.mark, count(*) from station_marks m join stations st on st.id = m.station_id
        where m.election_id = ${e} and m.mark like 'r:%' group by m.election_id, st.area_id, m.mark`,
    ],
    ['report buckets', sql`delete from report_buckets where election_id = ${e}`],
    [
      'report buckets',
      sql`insert into report_buckets (election_id, area_id, bucket, n)
        select r.election_id, st.area_id, ${bucketOf('r.created_at')}, count(*) from reports r join stations st on st.id = r.station_id
        where r.election_id = ${e} group by r.election_id, st.area_id, ${bucketOf('r.created_at')}`,
    ],
    ['flag codes', sql`delete from report_flag_codes where election_id = ${e}`],
    [
      'flag codes',
      pg
        ? sql`insert into report_flag_codes (election_id, code, report_id)
            select distinct r.election_id, f ->> 'code', r.id from reports r cross join jsonb_array_elements(r.flags) f
            where r.election_id = ${e} and r.flags <> '[]'::jsonb and f ->> 'code' is not null on conflict do nothing`
        : sql`insert or ignore into report_flag_codes (election_id, code, report_id)
            select r.election_id, json_extract(f.value, '$.code'), r.id from reports r, json_each(r.flags) f
            where r.election_id = ${e} and r.flags <> '[]' and json_extract(f.value, '$.code') is not null`,
    ],
    ['readiness', sql`delete from readiness_answer_counts where election_id = ${e}`],
    ['readiness', sql`delete from readiness_answers where election_id = ${e}`],
    ['readiness', sql`delete from readiness_latest where election_id = ${e}`],
    [
      'readiness',
      sql`insert into readiness_latest (election_id, station_id, report_id)
        select r.election_id, r.station_id, r.id from reports r
        where r.election_id = ${e} and r.form_kind = 'readiness' and not exists (select 1 from reports r2
          where r2.election_id = r.election_id and r2.form_kind = 'readiness' and r2.station_id = r.station_id
            and (r2.updated_at > r.updated_at or (r2.updated_at = r.updated_at and r2.id > r.id)))`,
    ],
    [
      'readiness',
      pg
        ? sql`insert into readiness_answers (election_id, station_id, question_id, value)
            select l.election_id, l.station_id, a.key, a.value #>> '{}'
            from readiness_latest l join reports r on r.id = l.report_id
            join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
            cross join lateral jsonb_each(v.answers) a
            where jsonb_typeof(a.value) in ('boolean', 'string') and l.election_id = ${e}`
        : sql`insert into readiness_answers (election_id, station_id, question_id, value)
            select l.election_id, l.station_id, a.key,
              case a.type when 'true' then 'true' when 'false' then 'false' else a.value end
            from readiness_latest l join reports r on r.id = l.report_id
            join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
            join json_each(v.answers) a
            where a.type in ('true', 'false', 'text') and l.election_id = ${e}`,
    ],
    [
      'readiness',
      sql`insert into readiness_answer_counts (election_id, area_id, question_id, value, stations)
        select x.election_id, st.area_id, x.question_id, x.value, count(*)
        from readiness_answers x join stations st on st.id = x.station_id
        where x.election_id = ${e} group by x.election_id, st.area_id, x.question_id, x.value`,
    ],
    [
      'planned visits done',
      sql`update readiness_visits set done = (case when exists (select 1 from reports r
          where r.election_id = readiness_visits.election_id and r.form_kind = 'readiness'
            and r.station_id = readiness_visits.station_id and r.observer_id = readiness_visits.observer_id) then 1 else 0 end)
        where election_id = ${e}`,
    ],
    ['turnout checkpoints', sql`delete from alert_turnout_checkpoints where election_id = ${e}`],
    [
      'turnout checkpoints',
      sql`insert into alert_turnout_checkpoints (report_id, election_id, station_id, checkpoint)
        select r.id, r.election_id, r.station_id, ${latestAnswer('checkpoint_time')}
        from reports r join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
        where r.election_id = ${e} and r.form_kind = 'turnout'`,
    ],
  ];
  // With their own triggers on: observers' last report (their watch follows) and the verification
  // queue (its counts follow); the incident's severity from its latest revision.
  const cascading: [string, RawBuilder<unknown>][] = [
    [
      'observer heard',
      sql`insert into observer_heard (election_id, observer_id, last_report_at)
        select election_id, observer_id, max(updated_at) from reports where election_id = ${e}
        group by election_id, observer_id
        on conflict (election_id, observer_id) do update set last_report_at = excluded.last_report_at
        where excluded.last_report_at > observer_heard.last_report_at`,
    ],
    [
      'verification queue',
      sql`insert into report_verifications (report_id, election_id, station_id, form_kind, changed_at)
        select id, election_id, station_id, form_kind, updated_at from reports
        where election_id = ${e} and (flags <> ${pg ? sql`'[]'::jsonb` : sql`'[]'`} or form_kind = 'incident')
        on conflict (report_id) do nothing`,
    ],
    [
      'verification queue',
      sql`update report_verifications set incident_severity = (select ${latestAnswer('severity')}
          from reports r join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
          where r.id = report_verifications.report_id)
        where election_id = ${e} and form_kind = 'incident'`,
    ],
  ];
  const timings = new Map<string, number>();
  const timed = async (name: string, run: () => Promise<unknown>) => {
    const t = performance.now();
    await run();
    timings.set(name, (timings.get(name) ?? 0) + performance.now() - t);
  };
  // PostgreSQL plans the rebuild's joins by the statistics of what was just loaded.
  if (pg)
    await timed('analyze', () => sql`analyze reports, report_revisions, stations, station_marks`.execute(db.kysely));
  await db.kysely.transaction().execute(async (tx) => {
    if (pg) await sql`set local session_replication_role = replica`.execute(tx);
    for (const [name, statement] of steps) await timed(name, () => statement.execute(tx));
  });
  await restoreTriggers();
  await db.kysely.transaction().execute(async (tx) => {
    for (const [name, statement] of cascading) await timed(name, () => statement.execute(tx));
  });
  await timed('alerts (election refresh)', async () => {
    const election = await db.kysely
      .selectFrom('elections')
      .select('turnout_checkpoints')
      .where('id', '=', e)
      .executeTakeFirstOrThrow();
    const original = election.turnout_checkpoints;
    const text = typeof original === 'string' ? original : JSON.stringify(original);
    const other = JSON.stringify(JSON.parse(text).length === 0 ? ['00:00'] : []);
    for (const value of [other, text]) {
      await db.kysely
        .updateTable('elections')
        .set({ turnout_checkpoints: pg ? sql`${value}::jsonb` : value })
        .where('id', '=', e)
        .execute();
    }
  });
  console.log(
    `rebuild of the kept tables: ${[...timings].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}`,
  );
}

/**
 * The kept tables' contents in numbers that do not depend on ids (per mark, kind, status,
 * question…): two seeds of the same campaign at the same BENCH_NOW print the same fingerprint
 * whether loaded through the triggers or in bulk.
 */
async function keptFingerprint(db: Db, electionId: string): Promise<string> {
  const e = electionId;
  const queries = [
    sql`select mark, count(*), sum(n) from station_marks where election_id = ${e} group by mark order by mark`,
    sql`select mark, count(*), sum(stations) from area_marks where election_id = ${e} group by mark order by mark`,
    sql`select count(*), sum(n) from report_buckets where election_id = ${e}`,
    sql`select code, count(*) from report_flag_codes where election_id = ${e} group by code order by code`,
    sql`select count(*) from readiness_latest where election_id = ${e}`,
    sql`select done, count(*) from readiness_visits where election_id = ${e} group by done order by done`,
    sql`select question_id, value, count(*) from readiness_answers where election_id = ${e} group by question_id, value order by question_id, value`,
    sql`select question_id, value, count(*), sum(stations) from readiness_answer_counts where election_id = ${e} group by question_id, value order by question_id, value`,
    sql`select count(*), count(distinct last_report_at) from observer_heard where election_id = ${e}`,
    sql`select count(*), count(heard_at), count(distinct heard_at) from observer_watch where election_id = ${e}`,
    sql`select checkpoint, count(*) from alert_turnout_checkpoints where election_id = ${e} group by checkpoint order by checkpoint`,
    sql`select mark, schedule, count(*) from station_alerts where election_id = ${e} group by mark, schedule order by mark, schedule`,
    sql`select mark, schedule, count(*), sum(stations) from area_alerts where election_id = ${e} and stations <> 0 group by mark, schedule order by mark, schedule`,
    sql`select status, form_kind, incident_severity, count(*) from report_verifications where election_id = ${e} group by status, form_kind, incident_severity order by status, form_kind, incident_severity`,
    sql`select status, count(*), sum(n) from verification_counts where election_id = ${e} and n <> 0 group by status order by status`,
    sql`select status, n from verification_totals where election_id = ${e} and n <> 0 order by status`,
    sql`select status, sum(n) from applicant_counts where election_id = ${e} group by status order by status`,
  ];
  const hash = createHash('sha256');
  for (const q of queries) {
    const rows = (await q.execute(db.kysely)).rows as Record<string, unknown>[];
    hash.update(JSON.stringify(rows.map((r) => Object.values(r).map((v) => (v === null ? null : String(v))))));
  }
  return hash.digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// One database: set up, measure idle, measure under ingest.

interface PhaseResult {
  figures: Record<string, Figures>;
  ingest?: IngestResult;
  eventLoopBusy?: number;
}

async function run(
  label: string,
  db: Db,
  dataDir: string,
): Promise<{ idle: PhaseResult; load: PhaseResult } | undefined> {
  const { app, base } = await serveApp(db, dataDir);
  const echo = Fastify({ logger: false });
  echo.get('/echo', async () => ({ ok: true }));
  await echo.listen({ port: 0, host: '127.0.0.1' });
  const echoAddress = echo.server.address();
  const echoBase = `http://127.0.0.1:${typeof echoAddress === 'object' && echoAddress ? echoAddress.port : 0}`;
  try {
    const origin = base;
    const call = async (method: string, path: string, body?: unknown, cookie?: string) => {
      const send = () =>
        fetch(`${base}${path}`, {
          method,
          headers: {
            origin,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(cookie ? { cookie } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      // A keep-alive connection left idle through a long bulk load may have been closed by the
      // server just as it is reused (ECONNRESET): ask again once, on a new connection.
      const r = await send().catch((error: Error & { cause?: { code?: string } }) => {
        if (error.cause?.code === 'ECONNRESET') return send();
        throw error;
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 400)}`);
      return { json: JSON.parse(text) as any, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
    };
    // BENCH_NOW: the same campaign twice (the fingerprint of the kept tables compares bulk and trigger loads).
    const now = process.env.BENCH_NOW ? new Date(process.env.BENCH_NOW) : new Date();
    const zones = chooseZones(now);
    const votingDate = new Date(now.getTime() + zones.west * 3_600_000).toISOString().slice(0, 10);
    const admin = (
      await call('POST', '/api/v1/setup', {
        email: 'bench@example.org',
        displayName: 'Bench',
        password: 'benchmark password',
      })
    ).cookie;
    const election = (
      await call(
        'POST',
        '/api/v1/elections',
        {
          name: { ru: 'Бенчмарк панели' },
          kind: 'presidential',
          votingDate,
          timeZone: zoneName(zones.west),
          ballotOptions: [1, 2, 3, 4, 5].map((i) => ({
            code: `c${i}`,
            kind: 'candidate',
            name: { ru: `Кандидат ${i}` },
          })),
        },
        admin,
      )
    ).json.election;
    const regionIds: string[] = [];
    for (let r = 0; r < REGIONS; r++) {
      const area = (
        await call(
          'POST',
          '/api/v1/areas',
          { parentId: null, level: 'region', code: `R${r + 1}`, name: { ru: `Регион ${r + 1}` } },
          admin,
        )
      ).json.area;
      regionIds.push(area.id);
    }
    const staff = async (role: string, email: string, areaId: string | null) => {
      const user = (
        await call(
          'POST',
          '/api/v1/users',
          { role, displayName: role, email, password: 'benchmark password', areaId },
          admin,
        )
      ).json.user;
      const cookie = (await call('POST', '/api/v1/auth/sign-in', { email, password: 'benchmark password' })).cookie;
      return { id: user.id as string, cookie };
    };
    const coordinator = await staff('coordinator', 'hq@example.org', null);
    const regional = await staff('regional_coordinator', 'region@example.org', regionIds[0] as string);

    const store = Store.over(db);
    const formByKind = new Map<string, { formId: string; version: number }>();
    for (const form of await store.forms.listByElection(election.id)) {
      const published = (await store.forms.versions(form.id)).filter((v) => v.status === 'published');
      const latest = published.sort((a, b) => b.version - a.version)[0];
      if (latest && !formByKind.has(form.kind)) formByKind.set(form.kind, { formId: form.id, version: latest.version });
    }
    const campaign = await seed(db, election.id, formByKind, votingDate, zones, regionIds, coordinator.id, now);
    if (db.dialect === 'postgres') {
      // What autovacuum does on its own soon after a bulk insert (PostgreSQL 13+ vacuums inserted
      // tables too): statistics, and the visibility map without which index-only scans visit the heap.
      const t = performance.now();
      await sql`vacuum analyze`.execute(db.kysely);
      console.log(
        `${label}: vacuum analyze ${((performance.now() - t) / 1000).toFixed(1)} s, as autovacuum does after a bulk insert`,
      );
    }
    const c = campaign.counts;
    console.log(
      `${label}: ${c.stations} stations in ${c.areas} areas, ${c.observers} observers (${c.assignments} assignments, ${c.sessions} sessions), ${c.applicants} applicants, ${c.readinessVisits} planned visits; ${c.reports} reports with ${c.revisions} revisions (${Object.entries(
        c,
      )
        .filter(([key]) => key.startsWith('reports.'))
        .map(([key, n]) => `${key.slice(8)} ${n}`)
        .join(
          ', ',
        )}); ${c.queued} in the verification queue; written in ${c.seedSeconds} s (${SEED_MODE}: reports and revisions ${c.loadSeconds} s${SEED_MODE === 'bulk' ? `, kept tables rebuilt ${c.rebuildSeconds} s` : ''})`,
    );
    console.log(`${label}: kept tables fingerprint ${await keptFingerprint(db, campaign.electionId)}`);
    if (process.env.BENCH_SEED_ONLY) return undefined;
    console.log(
      `${label}: voting day ${votingDate} in ${zoneName(zones.west)} (local ${hhmm(Math.floor((now.getTime() - campaign.westMidnight) / MINUTE))}, polls open) and ${zoneName(zones.east)} (local ${hhmm(Math.floor((now.getTime() - campaign.westMidnight) / MINUTE) + 300)}, closed)`,
    );

    // Observers of the west, signed in through the invite, each sending to their own station.
    const lanes: IngestJob['lanes'] = [];
    const bodies = (stationId: string) => {
      const body = (kind: string, answers: unknown) => {
        const form = formByKind.get(kind) as { formId: string; version: number };
        return JSON.stringify({
          id: ID_PLACEHOLDER,
          revision: 1,
          stationId,
          formId: form.formId,
          formVersion: form.version,
          answers,
        });
      };
      const visit = {
        visit: [
          {
            visit_time: '17:30',
            voters_in_queue: 4,
            secrecy_respected: true,
            id_checked: true,
            unauthorised_present: false,
            observer_obstructed: false,
            remarks: 'Наблюдение ведётся. '.repeat(20),
          },
        ],
      };
      const turnout = { checkpoint_time: '16:00', voters_received: 700, source: 'own_count' };
      const incident = {
        category: 'group_voting',
        severity: 'medium',
        incident_time: '17:10',
        description: 'Семья голосует вместе в одной кабине.',
        complaint_filed: false,
      };
      // 75% observation rounds, 20% turnout, 5% incidents (each joins the verification queue).
      return [
        ...Array.from({ length: 15 }, () => body('voting', visit)),
        ...Array.from({ length: 4 }, () => body('turnout', turnout)),
        body('incident', incident),
      ];
    };
    for (const o of campaign.westObservers) {
      const code = (await call('POST', `/api/v1/users/${o.id}/invites`, {}, admin)).json.code;
      const cookie = (await call('POST', '/api/v1/auth/invite', { code })).cookie;
      lanes.push({ cookie, bodies: bodies(o.stationId) });
    }
    // Every kind the background sends is accepted as it is.
    const first = lanes[0];
    if (first) {
      for (const template of new Set(first.bodies)) {
        await call('POST', '/api/v1/reports', JSON.parse(template.replace(ID_PLACEHOLDER, randomUUID())), first.cookie);
      }
    }

    const e = `/api/v1/elections/${campaign.electionId}`;
    const endpoints: [string, string][] = [
      ['overview', `${e}/overview`],
      ['coverage', `${e}/coverage`],
      ['readiness', `${e}/readiness`],
      ['alerts', `${e}/alerts`],
      ['queue', `${e}/verification-queue`],
      ['queue ?flag=', `${e}/verification-queue?flag=protocol_conflict`],
    ];
    const targets: ProbeTarget[] = [{ label: 'bare echo', url: `${echoBase}/echo` }];
    for (const [who, actor] of [
      ['coordinator', coordinator],
      ['regional', regional],
    ] as const) {
      for (const [name, path] of endpoints)
        targets.push({ label: `${who} ${name}`, url: `${base}${path}`, cookie: actor.cookie });
    }
    const job: ProbeJob = { targets, requests: REQUESTS, warmup: WARMUP_REQUESTS, budgetSeconds: ENDPOINT_SECONDS };

    const idle = { figures: (await child('probe', job).done) as Record<string, Figures> };
    print(label, 'idle', idle);
    await timeInProcess(label, db, campaign.electionId, { coordinator: coordinator.id, regional: regional.id });

    const ingestJob: IngestJob = { base, origin, lanes, rate: RATE, maxSeconds: 600 };
    const eluBefore = performance.eventLoopUtilization();
    const background = child('ingest', ingestJob);
    await new Promise((r) => setTimeout(r, 3000));
    const figures = (await child('probe', job).done) as Record<string, Figures>;
    background.stop();
    const ingestResult = (await background.done) as IngestResult;
    const elu = performance.eventLoopUtilization(eluBefore);
    const load = { figures, ingest: ingestResult, eventLoopBusy: elu.utilization };
    print(label, `while reports arrive (${RATE}/s asked)`, load);
    const stored = await db.kysely
      .selectFrom('report_revisions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`${label}: ${Number(stored.n)} report revisions stored at the end`);
    return { idle, load };
  } finally {
    await echo.close();
    await app.close();
  }
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/**
 * The same endpoints' services called in this process, with no HTTP in between, beside a bare
 * `select 1` through the same store: what the database work itself costs (the SQL of each
 * repository call), apart from the network, JSON and the server's event loop.
 */
async function timeInProcess(label: string, db: Db, electionId: string, actors: Record<string, string>) {
  const store = Store.over(db);
  const now = () => new Date();
  const elections = new ElectionsService(store, now);
  const services = {
    overview: new OverviewService(store, elections, now),
    alerts: new AlertsService(store, elections, now),
    coverage: new CoverageService(store, elections),
    readiness: new ReadinessService(store, elections, now),
    verification: new VerificationService(store, elections, now),
  };
  const times = async (f: () => Promise<unknown>) => {
    const list: number[] = [];
    for (let i = 0; i < WARMUP_REQUESTS + REQUESTS; i++) {
      const started = performance.now();
      await f();
      if (i >= WARMUP_REQUESTS) list.push(performance.now() - started);
    }
    return percentiles(list);
  };
  const [one, five, fifteen] = loadavg().map((x) => x.toFixed(2));
  console.log(
    `\n${label}, in process (services and their SQL, no HTTP) — ms per call, p50 / p95 over ${REQUESTS} calls (load average ${one} ${five} ${fifteen})`,
  );
  const line = (name: string, p: { p50: number; p95: number }) =>
    console.log(`  ${name.padEnd(24)} ${fmt(p.p50).padStart(6)} / ${fmt(p.p95).padStart(6)}`);
  line('select 1', await times(() => sql`select 1`.execute(db.kysely)));
  for (const [who, id] of Object.entries(actors)) {
    const user = await store.users.findById(id);
    if (!user) throw new Error(`no user ${id}`);
    const actor = { user, audited: false };
    line(`${who} overview`, await times(() => services.overview.overview(actor, electionId)));
    line(`${who} alerts`, await times(() => services.alerts.alerts(actor, electionId)));
    line(`${who} coverage`, await times(() => services.coverage.view(actor, electionId, {})));
    line(`${who} readiness`, await times(() => services.readiness.view(actor, electionId, {})));
    line(`${who} queue`, await times(() => services.verification.queue(actor, electionId, {})));
  }
}

function print(label: string, phase: string, r: PhaseResult) {
  const [one, five, fifteen] = loadavg().map((x) => x.toFixed(2));
  console.log(
    `\n${label}, ${phase} — ms per request, p50 / p95 / p99 / max over ${REQUESTS} requests (load average ${one} ${five} ${fifteen})`,
  );
  if (r.ingest) {
    const i = r.ingest;
    console.log(
      `  background ingest: ${i.sent} reports in ${i.seconds.toFixed(1)} s = ${i.perSecond.toFixed(0)}/s, p50 ${fmt(i.p50)} ms, p99 ${fmt(i.p99)} ms, errors ${i.errors}${i.firstError ? ` (${i.firstError})` : ''}; server event loop busy ${((r.eventLoopBusy ?? 0) * 100).toFixed(0)}%`,
    );
  }
  for (const [name, f] of Object.entries(r.figures)) {
    const verdict = name === 'bare echo' ? '' : f.p95 <= GOAL_MS ? 'ok' : `OVER ${GOAL_MS} ms`;
    console.log(
      `  ${name.padEnd(24)} ${fmt(f.p50).padStart(6)} / ${fmt(f.p95).padStart(6)} / ${fmt(f.p99).padStart(6)} / ${fmt(f.max).padStart(6)}  n ${String(f.n).padStart(3)}  ${String(f.bytes).padStart(7)} B  ${verdict}${f.errors ? `  errors ${f.errors}: ${f.firstError}` : ''}`,
    );
  }
}

async function onSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-dashboard-'));
  const file = join(dir, 'pollwatch.db');
  const db = openDatabase({ sqliteFile: file });
  try {
    return await run('sqlite', db, dir);
  } finally {
    await db.close();
    if (keep) console.log(`sqlite: kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres() {
  const schema = `bench_dashboard_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    console.log(`postgres: skipped (${(error as Error).message}); set BENCH_DATABASE_URL`);
    return undefined;
  }
  const db = openDatabase({ databaseUrl: pgUrl, searchPath: schema });
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-dashboard-'));
  try {
    return await run('postgres', db, dir);
  } finally {
    await db.close();
    if (keep) console.log(`postgres: kept schema ${schema}`);
    else await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_DASHBOARD_CHILD) {
  // The first line of stdin is the job; the rest of stdin stays open until the parent closes it.
  let buffered = '';
  const line = await new Promise<string>((resolve) => {
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
  // Keep reading (and dropping) so that 'end' arrives when the parent closes stdin.
  process.stdin.on('data', () => {});
  const job = JSON.parse(line);
  const result = process.env.BENCH_DASHBOARD_CHILD === 'probe' ? await probe(job) : await ingest(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  const runs = { sqlite: onSqlite, postgres: onPostgres };
  const only = process.env.BENCH_ONLY as keyof typeof runs | undefined;
  if (only && !(only in runs)) throw new Error(`BENCH_ONLY must be one of ${Object.keys(runs).join(', ')}`);
  const started = performance.now();
  const results: Record<string, { idle: PhaseResult; load: PhaseResult } | undefined> = {};
  for (const [name, go] of Object.entries(runs)) {
    if (!only || only === name) results[name] = await go();
  }
  // The summary: p95 of each endpoint beside the bare echo's, idle and under ingest.
  console.log(`\nsummary: p95 in ms (goal ${GOAL_MS}); bare echo p95 in the same phase for scale`);
  for (const [name, r] of Object.entries(results)) {
    if (!r) continue;
    const echoIdle = r.idle.figures['bare echo']?.p95 ?? 0;
    const echoLoad = r.load.figures['bare echo']?.p95 ?? 0;
    console.log(
      `  ${name}: idle (echo ${fmt(echoIdle)}) | at ${r.load.ingest?.perSecond.toFixed(0)} reports/s (echo ${fmt(echoLoad)})`,
    );
    for (const label of Object.keys(r.idle.figures)) {
      if (label === 'bare echo') continue;
      const a = r.idle.figures[label]?.p95 ?? 0;
      const b = r.load.figures[label]?.p95 ?? 0;
      const mark = (x: number) => (x <= GOAL_MS ? '' : ' ✗');
      console.log(
        `    ${label.padEnd(24)} ${fmt(a).padStart(6)}${mark(a).padEnd(2)} | ${fmt(b).padStart(6)}${mark(b)}`,
      );
    }
  }
  const [one, five, fifteen] = loadavg().map((x) => x.toFixed(2));
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${one} ${five} ${fifteen}`);
}
