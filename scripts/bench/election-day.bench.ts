// `npm run bench -- election-day` (issue 23): a voting day of a whole country replayed at speed
// against real `pollwatch serve` processes — one on SQLite, N (`--workers`) on PostgreSQL.
//
// The election is made through the API (setup, election with its standard forms, regions), then
// stations, observers, their voting-day assignments and their phones' sessions are written in bulk
// (20,000 sign-ins through the API would take longer than the day). The seeding server is then
// closed and the real server started as production starts it, in processes of its own.
//
// The day, in the election's local time, as the field app would send it (every report a new
// UUIDv7, sent from the observer's own session to their own station):
//   07:30-08:30  opening checklists (95% of observers), peaking around 07:50
//   c:00-c:30    a turnout burst at every checkpoint c (93% of observers, most within 10 minutes),
//                with observation rounds (25% of observers in each window) and incidents (15% of
//                observers once a day, spread over the windows)
//   20:00-20:45  the 20:00 turnout and the closing checklists (90%)
//   21:00-23:00  protocols (85%), each with a photo of the protocol uploaded after it
// Time between these windows is skipped (nothing is scheduled then). Inside a window time runs
// SIM_SPEED times faster than real: at 60x the 10:00 burst of 18,600 turnout reports arrives
// within ~10 s instead of ~10 min. With SIM_REPLAY_SECONDS (or SIM_FLOOR, reports/s), a second
// of the day that sends at least the floor runs at SIM_SPEED and a quieter one is sped up to the
// floor (see `timeline`): the `--kz` preset (10,000 stations, 20,000 observers, SIM_SPEED=1,
// 600 s, so a floor of 328/s) keeps the real day's peaks and fits the day in ten minutes.
// Field conditions: SIM_OFFLINE of observers lose the network from 11:00 to 16:20 and flush their
// outbox at 16:20-16:30 (every report they kept, at once); SIM_RETRIES of reports are sent again
// after their answer (the phone did not see the acknowledgement), and SIM_DOUBLES are sent twice at
// once on two connections. Each resend must get the first send's receipt, and nothing is stored twice.
//
// SIM_READERS HQ screens hold the live stream open (as a coordinator's console does); the delay
// from a report's send to its arrival on each screen is the report-to-screen figure.
//
// Printed per database: reports/s in the busiest second, latency p50/p95/p99 per report type
// (from the moment the phone meant to send: waiting for a free connection counts),
// errors, duplicates stored (must be 0), report-to-screen p50/p99, and how far the load generator
// fell behind its schedule (a server that cannot keep up shows here and in the latencies). A bare
// Fastify echo is measured first with the same generator, as the scale of this machine now.
//   SIM_STATIONS=10000  SIM_OBSERVERS=20000  SIM_SPEED=60
//   SIM_CHECKPOINTS=10,12,14,16,18,20  (the 20:00 one falls in the closing window)
//   SIM_CONNECTIONS=200   keep-alive connections of the phones' traffic (a proxy's upstream pool)
//   SIM_READERS=5  SIM_OFFLINE=0.05  SIM_RETRIES=0.03  SIM_DOUBLES=0.01
//   SIM_PHOTO_KB=30       size of each protocol photo (real ones are 1-3 MB: see the sizing guide)
//   SIM_WORKERS=2         server processes on PostgreSQL
//   SIM_BLOB_STORE=disk   where the servers keep the photos' bytes (BLOB_STORE): disk (their data
//                         folder), database (blob chunks in the database) or s3 (the tests' fake
//                         S3 server, in a process of its own as an object store would be)
//   SIM_DATABASES=sqlite,postgres   SIM_DATABASE_URL (default the local test database, scratch schema)
//   SIM_PHASES=all | opening,10,12,...,closing,protocols   only these windows (a quick look)
//   SIM_PG_FUNCTIONS=1    print PostgreSQL's time per trigger function after the run
//   SIM_PG_OPTIONS='-c …' more settings for the servers' PostgreSQL connections
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDateTime, newReportId } from '@pollwatch/core';
import { type Db, openDatabase, Store } from '@pollwatch/db';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { type FakeS3, startFakeS3 } from '../../apps/server/src/storage/fake-s3-server.ts';
import { insertRows } from '../../packages/db/src/bulk-insert.ts';
import type { LoadResult } from './load-generator.ts';
import { serveApp } from './voting-day-setup.ts';

const env = process.env;
// Presets (`npm run bench -- election-day --kz`, or SIM_PRESET=kz); a SIM_* variable set by hand
// wins over its preset. They are written into the environment so that the generator process,
// started with the same environment, sees the same day.
const PRESETS: Record<string, Record<string, string>> = {
  // A Kazakhstan-sized day at the arrival rate of the real day (see `timeline`): ~10 min a database.
  kz: { SIM_STATIONS: '10000', SIM_OBSERVERS: '20000', SIM_SPEED: '1', SIM_REPLAY_SECONDS: '600' },
  // The scaled runs of the sizing guide: 1,000 stations, 2,000 observers at 60x (~6 min a database).
  scaled: { SIM_STATIONS: '1000', SIM_OBSERVERS: '2000', SIM_SPEED: '60' },
  // A quick look while developing: ~1 min a database.
  quick: { SIM_STATIONS: '500', SIM_OBSERVERS: '1000', SIM_SPEED: '60', SIM_PHASES: 'opening,10,closing' },
};
const presetName = process.argv.find((a) => a.startsWith('--'))?.slice(2) ?? env.SIM_PRESET;
if (presetName) {
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`election-day: no preset "${presetName}" (${Object.keys(PRESETS).join(', ')})`);
  env.SIM_PRESET = presetName;
  for (const [k, v] of Object.entries(preset)) env[k] ??= v;
}
const STATIONS = Number(env.SIM_STATIONS ?? 10_000);
const OBSERVERS = Number(env.SIM_OBSERVERS ?? 20_000);
const SPEED = Number(env.SIM_SPEED ?? 60);
const CHECKPOINTS = (env.SIM_CHECKPOINTS ?? '10,12,14,16,18,20').split(',').map(Number);
const CONNECTIONS = Number(env.SIM_CONNECTIONS ?? 200);
const READERS = Number(env.SIM_READERS ?? 5);
const OFFLINE = Number(env.SIM_OFFLINE ?? 0.05);
const RETRIES = Number(env.SIM_RETRIES ?? 0.03);
const DOUBLES = Number(env.SIM_DOUBLES ?? 0.01);
const PHOTO_KB = Number(env.SIM_PHOTO_KB ?? 30);
const WORKERS = Number(env.SIM_WORKERS ?? 2);
const BLOB_STORE = env.SIM_BLOB_STORE ?? 'disk';
const DATABASES = (env.SIM_DATABASES ?? 'sqlite,postgres').split(',').filter(Boolean);
const PG_URL = env.SIM_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PHASES = env.SIM_PHASES ?? 'all';
/**
 * Replay length to aim for, in seconds (0: none, every window at SIM_SPEED). With a target, the
 * day runs at SIM_SPEED wherever it sends at least FLOOR reports a second and is sped up to FLOOR
 * reports a second wherever it sends fewer, FLOOR chosen so that the replay lasts this long.
 */
const REPLAY_SECONDS = Number(env.SIM_REPLAY_SECONDS ?? 0);
/** The floor itself, in reports/s (wins over SIM_REPLAY_SECONDS): the kz day's is 328. */
const FLOOR = Number(env.SIM_FLOOR ?? 0);
const REGIONS = 17;
const DISTRICTS_PER_REGION = 12;
const PHOTO_PLACEHOLDER = 'f'.repeat(64);
/** The field app's upload piece (PHOTO_CHUNK_BYTES of apps/web's field-api.ts): a 1 MB photo is 16 requests. */
const PHOTO_PIECE_BYTES = 64 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Random {
  constructor(private state: number) {}
  next(): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  between(a: number, b: number): number {
    return a + this.next() * (b - a);
  }
}

// ---------------------------------------------------------------------------------------------
// The day's schedule (shared by the parent, which prints it, and the generator, which sends it).

type Kind = 'opening' | 'turnout' | 'voting' | 'incident' | 'closing' | 'protocol';

interface Window {
  name: string;
  from: number;
  to: number;
}

/** Local minutes of voting day. */
function windowsOf(): Window[] {
  const all: Window[] = [{ name: 'opening', from: 450, to: 510 }];
  for (const c of CHECKPOINTS) if (c < 20) all.push({ name: String(c), from: c * 60, to: c * 60 + 30 });
  all.push({ name: 'closing', from: 1200, to: 1245 }, { name: 'protocols', from: 1260, to: 1380 });
  if (PHASES === 'all') return all;
  const wanted = new Set(PHASES.split(','));
  return all.filter((w) => wanted.has(w.name));
}

interface SimEvent {
  /** Local minute of voting day. */
  minute: number;
  kind: Kind;
  observer: number;
  checkpoint?: number;
  offline?: boolean;
  resend?: 'retry' | 'double';
}

function schedule(observers: number): SimEvent[] {
  const random = new Random(23);
  const events: SimEvent[] = [];
  const windows = windowsOf();
  const inWindows = (m: number) => windows.some((w) => m >= w.from && m < w.to);
  const rounds = windows.filter((w) => /^\d+$/.test(w.name) || w.name === 'opening');
  for (let o = 0; o < observers; o++) {
    const offline = random.chance(OFFLINE);
    const add = (minute: number, kind: Kind, checkpoint?: number) => {
      let at = minute;
      let wasOffline = false;
      if (offline && at >= 660 && at < 980) {
        at = 980 + random.next() * 10;
        wasOffline = true;
      }
      if (!inWindows(at)) return;
      const r = random.next();
      const resend = r < DOUBLES ? 'double' : r < DOUBLES + RETRIES ? 'retry' : undefined;
      events.push({
        minute: at,
        kind,
        observer: o,
        ...(checkpoint === undefined ? {} : { checkpoint }),
        ...(wasOffline ? { offline: true } : {}),
        ...(resend ? { resend } : {}),
      });
    };
    // Peaked arrivals: most early in their span (a phone reports as soon as the moment comes).
    const early = (from: number, span: number) => from + span * random.next() ** 2;
    if (random.chance(0.95)) add(460 + (random.next() + random.next()) * 20, 'opening');
    for (const c of CHECKPOINTS) if (random.chance(0.93)) add(early(c * 60 + 2, 18), 'turnout', c);
    for (const w of rounds) if (random.chance(0.25)) add(random.between(w.from, w.to), 'voting');
    if (random.chance(0.15) && rounds.length) {
      const w = rounds[Math.floor(random.next() * rounds.length)] as Window;
      add(random.between(w.from, w.to), 'incident');
    }
    if (random.chance(0.9)) add(early(1205, 35), 'closing');
    if (random.chance(0.85)) add(1260 + 120 * random.next() ** 1.5, 'protocol');
  }
  events.sort((a, b) => a.minute - b.minute);
  return events;
}

interface Timeline {
  /** Milliseconds after the start at which each scheduled event is sent (schedule order). */
  due: Float64Array;
  /** Index in `windowsOf()` of each event's window. */
  windowOf: Int32Array;
  /** Each window's replay: when it starts and ends (ms), its busiest second (reports scheduled). */
  spans: { name: string; start: number; end: number; reports: number; peakSecond: number; atSpeed: number }[];
  total: number;
  /** Reports a second below which the day was sped up (0: every window at SIM_SPEED). */
  floor: number;
  /** Share of the reports sent at SIM_SPEED rather than sped up to the floor. */
  atSpeedShare: number;
}

/**
 * When each report is sent. Quiet time between windows is always skipped. Inside the windows,
 * each second of the day (SIM_SPEED seconds of it at SIM_SPEED > 1) is replayed in
 * 1000 / SIM_SPEED ms if it sends at least the floor's rate, else in the time its reports take at
 * the floor's rate (an empty second in none): the bursts keep the real day's shape and rate, the
 * quiet stretches are compressed. Without SIM_REPLAY_SECONDS there is no floor.
 */
function timeline(events: SimEvent[], windows: Window[]): Timeline {
  const perBin = 1000 / SPEED;
  const windowIndex = new Int32Array(events.length);
  const bins: { counts: Int32Array }[] = windows.map((w) => ({
    counts: new Int32Array(Math.ceil((w.to - w.from) * 60)),
  }));
  const binOf = new Int32Array(events.length);
  let wi = 0;
  for (const [i, e] of events.entries()) {
    while (wi < windows.length && e.minute >= (windows[wi] as Window).to) wi++;
    const w = windows[wi] as Window;
    const b = Math.min(Math.floor((e.minute - w.from) * 60), (bins[wi] as { counts: Int32Array }).counts.length - 1);
    windowIndex[i] = wi;
    binOf[i] = b;
    const { counts } = bins[wi] as { counts: Int32Array };
    counts[b] = (counts[b] ?? 0) + 1;
  }
  const length = (n: number, floor: number) => (floor > 0 ? Math.min(perBin, (n * 1000) / floor) : perBin);
  const total = (floor: number) => {
    let t = 0;
    for (const { counts } of bins) for (const n of counts) t += length(n, floor);
    return t;
  };
  let floor = FLOOR;
  if (!floor && REPLAY_SECONDS > 0 && total(0) > REPLAY_SECONDS * 1000) {
    // The larger the floor, the shorter the replay: bisect (on a log scale) for the target.
    let low = 0.01;
    let high = 1e6;
    for (let k = 0; k < 60; k++) {
      const mid = Math.sqrt(low * high);
      if (total(mid) > REPLAY_SECONDS * 1000) low = mid;
      else high = mid;
    }
    floor = high;
  }
  // Each bin's start, then each event inside its bin by its own second's fraction.
  const starts = bins.map(() => [] as number[]);
  let t = 0;
  const spans: Timeline['spans'] = [];
  let atSpeed = 0;
  for (const [k, { counts }] of bins.entries()) {
    const start = t;
    let windowAtSpeed = 0;
    for (const n of counts) {
      (starts[k] as number[]).push(t);
      t += length(n, floor);
      if (length(n, floor) === perBin) windowAtSpeed += n;
    }
    atSpeed += windowAtSpeed;
    const reports = counts.reduce((a, b) => a + b, 0);
    spans.push({
      name: (windows[k] as Window).name,
      start,
      end: t,
      reports,
      peakSecond: 0,
      atSpeed: reports ? windowAtSpeed / reports : 1,
    });
  }
  const due = new Float64Array(events.length);
  for (const [i, e] of events.entries()) {
    const k = windowIndex[i] as number;
    const b = binOf[i] as number;
    const w = windows[k] as Window;
    const n = (bins[k] as { counts: Int32Array }).counts[b] as number;
    const fraction = Math.min(1, Math.max(0, (e.minute - w.from) * 60 - b));
    due[i] = ((starts[k] as number[])[b] as number) + fraction * length(n, floor);
  }
  // The busiest second of each window's replay, as scheduled (resends and photos not counted).
  for (const [k, span] of spans.entries()) {
    const perSecond = new Map<number, number>();
    for (let i = 0; i < events.length; i++) {
      if (windowIndex[i] !== k) continue;
      const second = Math.floor((due[i] as number) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    span.peakSecond = Math.max(0, ...perSecond.values());
  }
  return {
    due,
    windowOf: windowIndex,
    spans,
    total: t,
    floor,
    atSpeedShare: events.length ? atSpeed / events.length : 1,
  };
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.floor(m % 60)).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// The generator: its own process, as phones on the network would be.

interface GeneratorJob {
  base: string;
  observers: { cookie: string; stationId: string }[];
  forms: Record<Kind, { formId: string; version: number }>;
  answers: Record<Kind, string>;
  readers: { path: string; cookie: string }[];
}

interface TypeFigures {
  sent: number;
  latencies: number[];
  errors: Record<string, number>;
}

interface GeneratorResult {
  seconds: number;
  perType: Record<string, { n: number; p50: number; p95: number; p99: number; errors: Record<string, number> }>;
  busiestSecond: number;
  acknowledged: number;
  uniqueAcknowledged: number;
  resends: number;
  resendsMatching: number;
  toScreen: {
    n: number;
    expected: number;
    p50: number;
    p95: number;
    p99: number;
    afterAckP50: number;
    afterAckP99: number;
  };
  behindP99: number;
  behindMax: number;
  generatorCpuMicros: number;
  unanswered: number;
  reconnects: number;
  /** Responses that came on a connection with no request in flight (the server closing it), by status line. */
  unsolicited: Record<string, number>;
  uniqueSent: number;
  windows: {
    name: string;
    reports: number;
    seconds: number;
    peakSecond: number;
    atSpeed: number;
    p50: number;
    p99: number;
    max: number;
    errors: number;
    screenP99: number;
  }[];
}

interface Pending {
  kind: string;
  bytes: Buffer;
  due: number;
  /** The window of a scheduled report (not of its resends and photos). */
  window?: number;
  onDone?: (status: number, body: string) => void;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : NaN;
}

async function generator(job: GeneratorJob): Promise<GeneratorResult> {
  const url = new URL(job.base);
  const windows = windowsOf();
  const events = schedule(job.observers.length);
  const plan = timeline(events, windows);
  // Per window (each checkpoint's burst separately): the scheduled reports' latencies and errors,
  // and their report-to-screen delays.
  const perWindow = windows.map(() => ({ latencies: [] as number[], errors: 0, screens: [] as number[] }));
  const windowOfReport = new Map<string, number>();
  const figures = new Map<string, TypeFigures>();
  const figure = (kind: string) => {
    let f = figures.get(kind);
    if (!f) {
      f = { sent: 0, latencies: [], errors: {} };
      figures.set(kind, f);
    }
    return f;
  };
  const sentAt = new Map<string, number>();
  const receipts = new Map<string, string[]>();
  const acknowledgedIds = new Set<string>();
  let acknowledged = 0;
  let resends = 0;
  let resendsMatching = 0;
  let uniqueSent = 0;
  const behind: number[] = [];
  const perSecond = new Map<number, number>();
  const head = (method: string, path: string, cookie: string, length: number, extra: string[] = []) =>
    Buffer.from(
      [
        `${method} ${path} HTTP/1.1`,
        `host: ${url.host}`,
        `content-length: ${length}`,
        `origin: ${job.base}`,
        `cookie: ${cookie}`,
        ...extra,
        '',
        '',
      ].join('\r\n'),
    );

  // The HQ's screens.
  const screens: number[] = [];
  // From the phone's answer to the screen: the fan-out's own part of the delay, without queueing.
  const afterAck: number[] = [];
  const ackedAt = new Map<string, number>();
  const streams = await Promise.all(
    job.readers.map(
      (reader) =>
        new Promise<IncomingMessage>((resolve, reject) => {
          get(
            new URL(reader.path, job.base),
            { headers: { cookie: reader.cookie, accept: 'text/event-stream' } },
            resolve,
          ).on('error', reject);
        }),
    ),
  );
  const marker = /"reportId":"([0-9a-f-]{36})"/g;
  for (const stream of streams) {
    if (stream.statusCode !== 200) throw new Error(`election-day: the live stream answered ${stream.statusCode}`);
    let tail = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const now = performance.now();
      const text = tail + chunk;
      const cut = text.lastIndexOf('\n\n');
      if (cut < 0) {
        tail = text;
        return;
      }
      tail = text.slice(cut + 2);
      for (const m of text.slice(0, cut).matchAll(marker)) {
        const sent = sentAt.get(m[1] as string);
        if (sent !== undefined) {
          screens.push(now - sent);
          const acked = ackedAt.get(m[1] as string);
          if (acked !== undefined) afterAck.push(now - acked);
          const w = windowOfReport.get(m[1] as string);
          if (w !== undefined) perWindow[w]?.screens.push(now - sent);
        }
      }
    });
    stream.on('error', () => {});
  }

  // The phones' traffic: keep-alive sockets, each request on the first idle one.
  const queue: Pending[] = [];
  let queueAt = 0;
  const idle: (Socket & { current?: Pending & { started: number } })[] = [];
  let inFlight = 0;
  const sockets: Socket[] = [];
  let allSent = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const pump = () => {
    while (idle.length && queueAt < queue.length) {
      const socket = idle.pop() as Socket;
      const request = queue[queueAt++] as Pending;
      (socket as Socket & { current?: Pending & { started: number } }).current = {
        ...request,
        started: performance.now(),
      };
      behind.push(performance.now() - request.due);
      inFlight++;
      socket.write(request.bytes);
    }
    if (queueAt > 10_000) {
      queue.splice(0, queueAt);
      queueAt = 0;
    }
    if (allSent && inFlight === 0 && queueAt >= queue.length) finish();
  };
  type Lane = Socket & { current?: Pending & { started: number } };
  let reconnects = 0;
  const unsolicited: Record<string, number> = {};
  const open = async (): Promise<void> => {
    const socket: Lane = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) break;
        const headText = pending.toString('latin1', 0, end);
        const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
        if (!length) throw new Error(`election-day: a response without content-length:\n${headText}`);
        const total = end + 4 + Number(length[1]);
        if (pending.length < total) break;
        const status = Number(headText.slice(9, 12));
        const body = pending.toString('utf8', end + 4, total);
        pending = pending.subarray(total);
        const current = socket.current;
        if (!current) {
          // Node answers a connection it is closing even when no request is in flight: 408 for one
          // that has sent no headers within headersTimeout (60 s since it opened, so a connection
          // opened before a quiet hour); a phone or proxy sees a closed connection and opens anew.
          const line = headText.split('\r\n')[0] as string;
          unsolicited[line] = (unsolicited[line] ?? 0) + 1;
          socket.destroy();
          return;
        }
        socket.current = undefined;
        answered(current, status, body);
        inFlight--;
        idle.push(socket);
      }
      pump();
    });
    // A connection the server closed: its request is answered as an error, and a new one opens.
    socket.on('error', () => {});
    socket.on('close', () => {
      const i = sockets.indexOf(socket);
      if (i >= 0) sockets.splice(i, 1);
      const j = idle.indexOf(socket);
      if (j >= 0) idle.splice(j, 1);
      if (socket.current) {
        answered(socket.current, 0, '');
        socket.current = undefined;
        inFlight--;
      }
      if (closing) return;
      reconnects++;
      void open().then(pump, () => {});
    });
    sockets.push(socket);
    idle.push(socket);
  };
  let closing = false;
  const answered = (request: Pending, status: number, body: string) => {
    // From the moment the phone meant to send: time waiting for a connection counts, as it would
    // for a phone behind a proxy whose upstreams are all busy.
    const latency = performance.now() - request.due;
    const f = figure(request.kind);
    f.sent++;
    if (status === 200) f.latencies.push(latency);
    else f.errors[status || 'closed'] = (f.errors[status || 'closed'] ?? 0) + 1;
    if (request.window !== undefined) {
      const w = perWindow[request.window];
      if (w && status === 200) w.latencies.push(latency);
      else if (w) w.errors++;
    }
    request.onDone?.(status, body);
  };
  for (let i = 0; i < CONNECTIONS; i++) await open();

  const reportBody = (e: SimEvent, id: string, photo?: string) => {
    const o = job.observers[e.observer] as { cookie: string; stationId: string };
    const form = job.forms[e.kind];
    let answers = job.answers[e.kind];
    if (e.kind === 'turnout') answers = answers.replace('"10:00"', `"${String(e.checkpoint).padStart(2, '0')}:00"`);
    if (photo) answers = answers.replace(PHOTO_PLACEHOLDER, photo);
    const body = `{"id":"${id}","revision":1,"stationId":"${o.stationId}","formId":"${form.formId}","formVersion":${form.version},"answers":${answers}}`;
    return Buffer.concat([
      head('POST', '/api/v1/reports', o.cookie, Buffer.byteLength(body), ['content-type: application/json']),
      Buffer.from(body),
    ]);
  };
  const receipt = (id: string, body: string) => {
    const seq = /"chainSeq":(\d+)/.exec(body)?.[1] ?? '';
    const list = receipts.get(id);
    if (list) list.push(seq);
    else receipts.set(id, [seq]);
  };

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const windowCounts = new Map<string, number>();
  const enqueue = (p: Pending) => {
    queue.push(p);
  };
  const send = (e: SimEvent, due: number, window: number) => {
    const id = newReportId();
    const o = job.observers[e.observer] as { cookie: string; stationId: string };
    let photo: Buffer | undefined;
    let photoHash: string | undefined;
    if (e.kind === 'protocol') {
      photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(PHOTO_KB * 1024 - 4)]);
      photoHash = createHash('sha256').update(photo).digest('hex');
    }
    const bytes = reportBody(e, id, photoHash);
    const kind = e.offline ? 'outbox flush' : e.kind;
    let handled = false;
    windowOfReport.set(id, window);
    enqueue({
      kind,
      bytes,
      due,
      window,
      onDone: (status, body) => {
        if (status !== 200) return;
        acknowledged++;
        acknowledgedIds.add(id);
        if (!ackedAt.has(id)) ackedAt.set(id, performance.now());
        const first = !handled;
        handled = true;
        receipt(id, body);
        const second = Math.floor((performance.now() - started) / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        if (e.resend === 'retry' && first) {
          setTimeout(() => {
            enqueue({ kind: 'resend', bytes, due: performance.now(), onDone: (st, b) => st === 200 && receipt(id, b) });
            pump();
          }, 1000);
        }
        if (photo && photoHash && first) {
          const path = `/api/v1/photos/${photoHash}`;
          const bytesOfPhoto = photo;
          enqueue({
            kind: 'photo announce',
            bytes: head('POST', path, o.cookie, 0, [`upload-length: ${bytesOfPhoto.length}`]),
            due: performance.now(),
            onDone: (s) => {
              if (s !== 200) return;
              // As the field app sends them (`uploadPhoto`): pieces of PHOTO_PIECE_BYTES, each
              // after the answer to the one before.
              const piece = (offset: number) => {
                const bytes = bytesOfPhoto.subarray(offset, offset + PHOTO_PIECE_BYTES);
                enqueue({
                  kind: 'photo bytes',
                  bytes: Buffer.concat([
                    head('PATCH', path, o.cookie, bytes.length, [
                      'content-type: application/octet-stream',
                      `upload-offset: ${offset}`,
                    ]),
                    bytes,
                  ]),
                  due: performance.now(),
                  onDone: (st) => {
                    if (st === 200 && offset + bytes.length < bytesOfPhoto.length) piece(offset + bytes.length);
                  },
                });
              };
              piece(0);
            },
          });
        }
      },
    });
    sentAt.set(id, performance.now());
    uniqueSent++;
    if (e.resend === 'double') enqueue({ kind: 'resend', bytes, due, onDone: (st, b) => st === 200 && receipt(id, b) });
  };

  let next = 0;
  // Progress on stderr, for a long run.
  const progress = setInterval(() => {
    process.stderr.write(
      `  … ${((performance.now() - started) / 1000).toFixed(0)} s: ${next}/${events.length} scheduled reports sent, ${acknowledged} acknowledged, ${inFlight} in flight, ${queue.length - queueAt} queued\n`,
    );
  }, 10_000);
  progress.unref();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - started;
      while (next < events.length && (plan.due[next] as number) <= now) {
        const i = next++;
        const w = plan.windowOf[i] as number;
        const name = (windows[w] as Window).name;
        windowCounts.set(name, (windowCounts.get(name) ?? 0) + 1);
        send(events[i] as SimEvent, started + (plan.due[i] as number), w);
      }
      pump();
      if (next >= events.length) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  // Retries come a second after their answer; photos after their report.
  await sleep(1500);
  allSent = true;
  pump();
  // A request whose answer never comes is reported, not waited for forever.
  await Promise.race([finished, sleep(30_000)]);
  const unanswered = inFlight + (queue.length - queueAt);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const waitUntil = performance.now() + 5000;
  while (screens.length < acknowledgedIds.size * streams.length && performance.now() < waitUntil) await sleep(50);
  closing = true;
  for (const s of streams) s.destroy();
  for (const s of sockets) s.end();
  for (const list of receipts.values()) {
    if (list.length < 2) continue;
    resends += list.length - 1;
    if (list.every((x) => x === list[0])) resendsMatching += list.length - 1;
  }

  const perType: GeneratorResult['perType'] = {};
  let requests = 0;
  for (const [kind, f] of figures) {
    f.latencies.sort((a, b) => a - b);
    requests += f.sent;
    perType[kind] = {
      n: f.sent,
      p50: pct(f.latencies, 50),
      p95: pct(f.latencies, 95),
      p99: pct(f.latencies, 99),
      errors: f.errors,
    };
  }
  screens.sort((a, b) => a - b);
  afterAck.sort((a, b) => a - b);
  behind.sort((a, b) => a - b);
  return {
    seconds,
    perType,
    busiestSecond: Math.max(0, ...perSecond.values()),
    acknowledged,
    uniqueAcknowledged: acknowledgedIds.size,
    resends,
    resendsMatching,
    toScreen: {
      n: screens.length,
      expected: acknowledgedIds.size * streams.length,
      p50: pct(screens, 50),
      p95: pct(screens, 95),
      p99: pct(screens, 99),
      afterAckP50: pct(afterAck, 50),
      afterAckP99: pct(afterAck, 99),
    },
    behindP99: pct(behind, 99),
    behindMax: behind.at(-1) ?? 0,
    generatorCpuMicros: (cpu.user + cpu.system) / Math.max(1, requests),
    unanswered,
    reconnects,
    unsolicited,
    uniqueSent,
    windows: plan.spans.map((span, k) => {
      const w = perWindow[k] as (typeof perWindow)[number];
      w.latencies.sort((a, b) => a - b);
      w.screens.sort((a, b) => a - b);
      return {
        name: span.name,
        reports: windowCounts.get(span.name) ?? 0,
        seconds: (span.end - span.start) / 1000,
        peakSecond: span.peakSecond,
        atSpeed: span.atSpeed,
        p50: pct(w.latencies, 50),
        p99: pct(w.latencies, 99),
        max: w.latencies.at(-1) ?? Number.NaN,
        errors: w.errors,
        screenP99: pct(w.screens, 99),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The parent: the echo baseline, then each database.

function child<T>(role: 'generator' | 'echo', job: unknown): Promise<T> {
  const file = join(mkdtempSync(join(tmpdir(), 'pw-sim-job-')), 'job.json');
  writeFileSync(file, JSON.stringify(job));
  const script =
    role === 'generator'
      ? fileURLToPath(import.meta.url)
      : fileURLToPath(new URL('./load-generator.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', script], {
    env: {
      ...env,
      ...(role === 'generator' ? { SIM_CHILD: file } : { BENCH_LOAD: JSON.stringify(job) }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) =>
    proc.once('exit', (code) => {
      rmSync(dirname(file), { recursive: true, force: true });
      if (code !== 0) reject(new Error(`election-day: the ${role} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as T);
    }),
  );
}

async function echoBaseline(): Promise<LoadResult> {
  const app = Fastify({ logger: false });
  app.post('/echo', async (req) => req.body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const result = await child<LoadResult>('echo', {
    base,
    kind: 'echo',
    origin: base,
    answers: { remarks: 'x'.repeat(400) },
    seconds: 5,
    connections: 50,
  });
  await app.close();
  return result;
}

const ANSWERS: Record<Kind, unknown> = {
  opening: {
    arrival_time: '07:10',
    admitted: true,
    opened_on_time: true,
    boxes_empty_sealed: true,
    ballots_announced: 2000,
  },
  turnout: { checkpoint_time: '10:00', voters_received: 420, source: 'own_count' },
  voting: {
    visit: [
      {
        visit_time: '11:00',
        voters_in_queue: 12,
        secrecy_respected: true,
        id_checked: true,
        unauthorised_present: false,
        observer_obstructed: false,
        remarks: 'Наблюдение ведётся. '.repeat(10),
      },
    ],
  },
  incident: {
    category: 'group_voting',
    severity: 'medium',
    incident_time: '11:10',
    description: 'Семья голосует вместе в одной кабине.',
    complaint_filed: false,
  },
  closing: {
    closing_time: '20:00',
    queue_voted: 'no_queue',
    unused_cancelled: true,
    count_visible: true,
    ballots_shown: true,
    copy_received: true,
  },
  protocol: {
    voters_on_lists: 2000,
    ballots_received: 2000,
    voters_received_ballots: 1300,
    ballots_cancelled: 700,
    voters_took_part: 1300,
    invalid_ballots: 20,
    option_c1: 700,
    option_c2: 400,
    option_c3: 180,
    protocol_photos: [PHOTO_PLACEHOLDER],
  },
};

interface Seeded {
  job: Omit<GeneratorJob, 'base' | 'readers'>;
  admin: string;
  electionId: string;
  stored: () => Promise<{ reports: number; revisions: number; photos: number }>;
  setupReports: number;
}

/** The election through the API (in this process), then its people in bulk. */
async function seed(db: Db, dataDir: string): Promise<{ seeded: Seeded }> {
  const { app, base } = await serveApp(db, dataDir);
  try {
    const call = async (path: string, body: unknown, cookie?: string) => {
      const r = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${path}: ${r.status} ${text.slice(0, 400)}`);
      return { json: JSON.parse(text) as any, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
    };
    const admin = (
      await call('/api/v1/setup', { email: 'sim@example.org', displayName: 'Sim', password: 'simulation password' })
    ).cookie;
    // Voting day is today (reports outside a phase's hours are flagged, not refused).
    const votingDate = localDateTime(new Date(), 'Asia/Almaty').date;
    const election = (
      await call(
        '/api/v1/elections',
        {
          name: { ru: 'Симуляция дня голосования' },
          kind: 'presidential',
          votingDate,
          timeZone: 'Asia/Almaty',
          ballotOptions: [1, 2, 3].map((i) => ({ code: `c${i}`, kind: 'candidate', name: { ru: `Кандидат ${i}` } })),
        },
        admin,
      )
    ).json.election;
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
    const store = Store.over(db);
    const forms = {} as Record<Kind, { formId: string; version: number }>;
    for (const form of await store.forms.listByElection(election.id)) {
      const published = (await store.forms.versions(form.id)).filter((v) => v.status === 'published');
      const latest = published.sort((a, b) => b.version - a.version)[0];
      if (latest && form.kind in ANSWERS && !(form.kind in forms)) {
        forms[form.kind as Kind] = { formId: form.id, version: latest.version };
      }
    }

    const k = db.kysely;
    const bool = (b: boolean) => (db.dialect === 'postgres' ? b : b ? 1 : 0);
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const areaRows: unknown[][] = [];
    const districts: { id: string; regionId: string }[] = [];
    for (const [r, regionId] of regions.entries()) {
      for (let d = 0; d < DISTRICTS_PER_REGION; d++) {
        const id = randomUUID();
        districts.push({ id, regionId });
        areaRows.push([
          id,
          regionId,
          'district',
          `R${r + 1}-D${d + 1}`,
          JSON.stringify({ ru: `Район ${r + 1}.${d + 1}` }),
          bool(false),
          at,
          at,
        ]);
      }
    }
    const stationRows: unknown[][] = [];
    const stationIds: string[] = [];
    for (let i = 0; i < STATIONS; i++) {
      const district = districts[i % districts.length] as (typeof districts)[number];
      const id = randomUUID();
      stationIds.push(id);
      const address = `ул. Школьная, ${i + 1}`;
      stationRows.push([
        id,
        election.id,
        district.id,
        district.regionId,
        i + 1,
        address,
        2000,
        null,
        address.toLowerCase(),
        bool(false),
        at,
        at,
      ]);
    }
    const userRows: unknown[][] = [];
    const assignmentRows: unknown[][] = [];
    const sessionRows: unknown[][] = [];
    const observers: GeneratorJob['observers'] = [];
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
    for (let i = 0; i < OBSERVERS; i++) {
      const id = randomUUID();
      const stationId = stationIds[i % stationIds.length] as string;
      const token = randomBytes(32).toString('base64url');
      userRows.push([id, 'observer', `Наблюдатель ${i + 1}`, 'ru', 'active', null, at, at]);
      assignmentRows.push([randomUUID(), election.id, id, stationId, 'voting_day', null, at]);
      sessionRows.push([createHash('sha256').update(token).digest('hex'), id, at, at, expires]);
      observers.push({ cookie: `pw_session=${token}`, stationId });
    }
    const t = performance.now();
    await k.transaction().execute(async (tx) => {
      await insertRows(
        tx,
        db.dialect,
        'areas',
        ['id', 'parent_id', 'level', 'code', 'name', 'is_demo', 'created_at', 'updated_at'],
        areaRows,
      );
      await insertRows(
        tx,
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
        db.dialect,
        'users',
        ['id', 'role', 'display_name', 'locale', 'status', 'area_id', 'created_at', 'updated_at'],
        userRows,
      );
      await insertRows(
        tx,
        db.dialect,
        'assignments',
        ['id', 'election_id', 'observer_id', 'station_id', 'shift', 'created_by', 'created_at'],
        assignmentRows,
      );
      await insertRows(
        tx,
        db.dialect,
        'sessions',
        ['token_hash', 'user_id', 'created_at', 'last_seen_at', 'expires_at'],
        sessionRows,
      );
    });
    const inserted = performance.now();
    // Fresh statistics for PostgreSQL's planner (autovacuum would get there later), of these tables
    // only: a bare `vacuum analyze` went through every schema of the shared test database (over
    // 3 min on a busy one). With them the kept counts the seed's triggers filled (station marks
    // and alerts, last heard from): autovacuum would have analyzed them too between the import of
    // the stations and voting day, and without statistics the planner took a single election's id
    // for a selective key (issue 23). SQLite is left as production leaves it.
    if (db.dialect === 'postgres')
      await sql`vacuum analyze areas, stations, users, assignments, sessions, elections, station_marks, area_marks,
        station_alerts, area_alerts, observer_watch`.execute(k);
    console.log(
      `  seeded ${STATIONS} stations in ${districts.length} districts of ${REGIONS} regions, ${OBSERVERS} observers assigned and signed in, in ${((performance.now() - t) / 1000).toFixed(1)} s (multi-row inserts in one transaction ${((inserted - t) / 1000).toFixed(1)} s, then analyze)`,
    );

    // Every kind the day sends is accepted as it is (a wrong template fails here, not 200,000 times).
    const answers = {} as Record<Kind, string>;
    let setupReports = 0;
    for (const kind of Object.keys(ANSWERS) as Kind[]) {
      answers[kind] = JSON.stringify(ANSWERS[kind]);
      const o = observers[0] as { cookie: string; stationId: string };
      const form = forms[kind];
      if (!form) throw new Error(`election-day: the election has no published ${kind} form`);
      await call(
        '/api/v1/reports',
        {
          id: newReportId(),
          revision: 1,
          stationId: o.stationId,
          formId: form.formId,
          formVersion: form.version,
          answers: ANSWERS[kind],
        },
        o.cookie,
      );
      setupReports++;
    }
    const count = async (table: 'reports' | 'report_revisions' | 'photos') =>
      Number(
        (
          await k
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      seeded: {
        job: { observers, forms, answers },
        admin,
        electionId: election.id,
        setupReports,
        stored: async () => ({
          reports: (await count('reports')) - setupReports,
          revisions: (await count('report_revisions')) - setupReports,
          photos: await count('photos'),
        }),
      },
    };
  } finally {
    await app.close();
  }
}

/** One observation round on a connection of its own (the cluster hands each to the next process). */
async function warmReport(base: string, job: Seeded['job']): Promise<void> {
  const o = job.observers[0] as { cookie: string; stationId: string };
  const form = job.forms.voting;
  const body = JSON.stringify({
    id: newReportId(),
    revision: 1,
    stationId: o.stationId,
    formId: form.formId,
    formVersion: form.version,
    answers: ANSWERS.voting,
  });
  const status = await new Promise<number>((resolve, reject) => {
    const r = httpRequest(
      `${base}/api/v1/reports`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          origin: base,
          cookie: o.cookie,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
  if (status !== 200) throw new Error(`election-day: a warm-up report was answered ${status}`);
}

/** `pollwatch serve` as production runs it; resolves once it answers /readyz. */
async function startServer(
  workers: number,
  envOf: Record<string, string>,
): Promise<{ base: string; pid: number | undefined; stop: () => Promise<void>; errors: () => string[] }> {
  // The server's error log (LOG_LEVEL=error) is kept, so that a 500 in the table can be explained.
  const logFile = join(mkdtempSync(join(tmpdir(), 'pw-sim-log-')), 'server.log');
  const log = openSync(logFile, 'w');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  const bin = fileURLToPath(new URL('../../apps/server/bin/pollwatch.js', import.meta.url));
  const server: ChildProcess = spawn(
    process.execPath,
    [
      // SIM_CPU_PROF=DIR: a V8 CPU profile of every server process (workers inherit the flag),
      // written when it stops.
      ...(env.SIM_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.SIM_CPU_PROF}`] : []),
      bin,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...(workers > 1 ? ['--workers', String(workers)] : []),
    ],
    {
      env: {
        ...env,
        LOG_LEVEL: 'error',
        WEB_DIST: join(tmpdir(), 'pollwatch-no-web-build'),
        ...envOf,
      },
      stdio: ['ignore', log, 'inherit'],
    },
  );
  const kill = () => server.kill('SIGKILL');
  process.on('exit', kill);
  for (let tries = 0; ; tries++) {
    await sleep(250);
    if (server.exitCode !== null) throw new Error(`election-day: the server stopped (${server.exitCode})`);
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (tries > 720) throw new Error('election-day: the server did not become ready in 180 s');
  }
  return {
    base,
    pid: server.pid,
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      process.off('exit', kill);
      closeSync(log);
    },
    errors: () => {
      // What the errors were, by message (no request bodies: observers' data stays out), most first.
      const counts = new Map<string, number>();
      for (const line of readFileSync(logFile, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let message = line.slice(0, 160);
        try {
          const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; code?: string } };
          message = [entry.msg, entry.err?.code, entry.err?.message].filter(Boolean).join(': ').slice(0, 160);
        } catch {}
        counts.set(message, (counts.get(message) ?? 0) + 1);
      }
      rmSync(dirname(logFile), { recursive: true, force: true });
      return [...counts].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${n} × ${m}`);
    },
  };
}

/** Every PostgreSQL connection of this run's servers says so (application_name): their CPU is counted. */
const appName = `pw-sim-${process.pid}`;

function availableCores(): number {
  return readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('processor')).length;
}

/** CPU ticks (1/100 s) of a process, from /proc; undefined once it is gone. */
function ticksOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    return fields ? Number(fields[11]) + Number(fields[12]) : undefined;
  } catch {
    return undefined;
  }
}

/** A process and its descendants (the server's workers), from /proc. */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {}
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/**
 * CPU used by the server processes and (PostgreSQL on this machine) their database backends while
 * the day runs, sampled every second: a backend that the pool closes keeps what it used until its
 * last sample. Linux only; undefined elsewhere.
 */
function cpuSampler(serverPid: number | undefined, application?: string) {
  if (serverPid === undefined || !existsSync('/proc/self/stat')) return { stop: async () => undefined };
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const kind = new Map<number, 'server' | 'backend'>();
  const admin = application ? new pg.Client({ connectionString: PG_URL }) : undefined;
  const connected = admin?.connect().then(
    () => true,
    () => false,
  );
  let busy = false;
  const sample = async (initial: boolean) => {
    if (busy) return;
    busy = true;
    try {
      const pids: [number, 'server' | 'backend'][] = processTree(serverPid).map((p) => [p, 'server']);
      if (admin && (await connected)) {
        const { rows } = await admin.query<{ pid: number }>(
          'select pid from pg_stat_activity where application_name = $1',
          [application],
        );
        for (const { pid } of rows) pids.push([pid, 'backend']);
      }
      for (const [pid, k] of pids) {
        const t = ticksOf(pid);
        if (t === undefined) continue;
        // A process first seen after the start (a new connection) counts from zero.
        if (!first.has(pid)) first.set(pid, initial ? t : 0);
        last.set(pid, t);
        kind.set(pid, k);
      }
    } finally {
      busy = false;
    }
  };
  const started = sample(true);
  const timer = setInterval(() => void sample(false), 1000);
  return {
    stop: async () => {
      await started;
      clearInterval(timer);
      await sample(false);
      await admin?.end().catch(() => {});
      const used = { server: 0, backends: application ? 0 : undefined } as { server: number; backends?: number };
      for (const [pid, t] of last) {
        const seconds = (t - (first.get(pid) ?? t)) / 100;
        if (kind.get(pid) === 'server') used.server += seconds;
        else used.backends = (used.backends ?? 0) + seconds;
      }
      return used;
    },
  };
}

async function simulate(label: string, db: Db, dataDir: string, workers: number, serverEnv: Record<string, string>) {
  console.log(`${label}:`);
  const { seeded } = await seed(db, dataDir);
  const server = await startServer(workers, serverEnv);
  // The stream admits 6 per account: each screen signs in anew (sessions are per browser).
  const readers = Array.from({ length: READERS }, () => ({
    path: `/api/v1/elections/${seeded.electionId}/events`,
    cookie: seeded.admin,
  }));
  try {
    // Each process starts its report writer with its first report: a few reports on fresh
    // connections (spread over the processes) before the day, not counted.
    const warmUp = 3 * workers + 2;
    for (let i = 0; i < warmUp; i++) await warmReport(server.base, seeded.job);
    const load0 = loadavg()[0] ?? 0;
    const cpu = cpuSampler(server.pid, db.dialect === 'postgres' ? appName : undefined);
    const result = await child<GeneratorResult>('generator', { ...seeded.job, base: server.base, readers });
    const used = await cpu.stop();
    const load1 = loadavg()[0] ?? 0;
    const counted = await seeded.stored();
    const stored = { ...counted, reports: counted.reports - warmUp, revisions: counted.revisions - warmUp };
    print(workers, result, stored, [load0, load1]);
    if (used) {
      const per = (seconds: number) => `${((seconds * 1e6) / Math.max(1, result.uniqueAcknowledged)).toFixed(0)} µs`;
      console.log(
        `  CPU per acknowledged report (photos' bytes included): server processes ${per(used.server)}${used.backends !== undefined ? `, PostgreSQL backends ${per(used.backends)}` : ''}, load generator ${result.generatorCpuMicros.toFixed(0)} µs per request; over the run ${used.server.toFixed(0)} s${used.backends !== undefined ? ` + ${used.backends.toFixed(0)} s` : ''} of CPU in ${result.seconds.toFixed(0)} s on ${availableCores()} cores`,
      );
    }
    const errors = server.errors();
    if (errors.length) console.log(`  the server logged: ${errors.slice(0, 5).join('; ')}`);
  } finally {
    await server.stop();
  }
}

function print(
  workers: number,
  r: GeneratorResult,
  stored: { reports: number; revisions: number; photos: number },
  load: [number, number],
) {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
  console.log(
    `  ${workers} server process${workers > 1 ? 'es' : ''}, ${CONNECTIONS} connections, ${READERS} HQ screens; load average ${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end`,
  );
  console.log('  Each window (every checkpoint burst separately), its scheduled reports (not resends or photos):');
  console.log(
    '  | window | reports | replayed in s | busiest second sent | at real rate | p50 ms | p99 ms | max ms | errors | to screen p99 ms |',
  );
  console.log('  |---|---|---|---|---|---|---|---|---|---|');
  for (const w of r.windows) {
    console.log(
      `  | ${w.name} | ${w.reports} | ${w.seconds.toFixed(0)} | ${w.peakSecond}/s | ${(w.atSpeed * 100).toFixed(0)}% | ${f(w.p50)} | ${f(w.p99)} | ${f(w.max)} | ${w.errors} | ${f(w.screenP99)} |`,
    );
  }
  console.log('  Each type of request:');
  console.log('  | type | requests | p50 ms | p95 ms | p99 ms | errors |');
  console.log('  |---|---|---|---|---|---|');
  const order = [
    'opening',
    'turnout',
    'voting',
    'incident',
    'closing',
    'protocol',
    'outbox flush',
    'resend',
    'photo announce',
    'photo bytes',
  ];
  for (const kind of order) {
    const t = r.perType[kind];
    if (!t) continue;
    const errors = Object.entries(t.errors)
      .map(([s, n]) => `${n} × ${s}`)
      .join(', ');
    console.log(`  | ${kind} | ${t.n} | ${f(t.p50)} | ${f(t.p95)} | ${f(t.p99)} | ${errors || 0} |`);
  }
  for (const [line, n] of Object.entries(r.unsolicited))
    console.log(`  ${n} × "${line}" on a connection with no request in flight (the connection was then closed)`);
  if (r.reconnects)
    console.log(`  the server closed ${r.reconnects} connections (their requests count as errors "closed")`);
  if (r.unanswered) console.log(`  ${r.unanswered} requests got no answer within 30 s of the end`);
  const reportsPerSecond = r.uniqueAcknowledged / r.seconds;
  // Each report's id is the phone's UUID: one stored beyond the distinct ids sent is a duplicate.
  const duplicates = Math.max(0, stored.revisions - r.uniqueSent);
  const lost = Math.max(0, r.uniqueAcknowledged - stored.revisions);
  console.log(
    `  reports: ${r.uniqueAcknowledged} acknowledged in ${r.seconds.toFixed(0)} s (${reportsPerSecond.toFixed(0)}/s on average, ${r.busiestSecond}/s in the busiest second); ${r.uniqueSent} distinct reports sent; stored ${stored.revisions} revisions of ${stored.reports} reports; duplicates stored ${duplicates} (must be 0); acknowledged but not stored ${lost} (must be 0); ${r.resends} resends answered, ${r.resendsMatching} with the first send's receipt; ${stored.photos} photos stored`,
  );
  console.log(
    `  report to HQ screen: p50 ${f(r.toScreen.p50)} ms, p95 ${f(r.toScreen.p95)} ms, p99 ${f(r.toScreen.p99)} ms (${r.toScreen.n} of ${r.toScreen.expected} deliveries); from the phone's answer to the screen p50 ${f(r.toScreen.afterAckP50)} ms, p99 ${f(r.toScreen.afterAckP99)} ms (the fan-out's own part)`,
  );
  console.log(
    `  load generator behind its schedule: p99 ${f(r.behindP99)} ms, max ${f(r.behindMax)} ms (a server that cannot keep up makes the phones queue); generator CPU ${r.generatorCpuMicros.toFixed(0)} µs per request`,
  );
  const p99s = [
    ...['opening', 'turnout', 'voting', 'incident', 'closing', 'protocol', 'outbox flush', 'resend'].map(
      (k) => r.perType[k]?.p99 ?? 0,
    ),
    ...r.windows.map((w) => (Number.isFinite(w.p99) ? w.p99 : 0)),
  ];
  const errors = Object.values(r.perType).reduce(
    (sum, t) => sum + Object.values(t.errors).reduce((a, b) => a + b, 0),
    0,
  );
  const worst = Math.max(...p99s);
  const ok =
    worst < 500 &&
    errors === 0 &&
    duplicates === 0 &&
    lost === 0 &&
    r.unanswered === 0 &&
    r.toScreen.p99 < 1000 &&
    r.toScreen.n >= r.toScreen.expected;
  console.log(
    `  goal (every window's and every report type's p99 < 500 ms, no error, 0 duplicates, 0 acknowledged missing, report-to-screen p99 < 1 s; photos not counted): ${ok ? 'met' : 'NOT met'} (worst report p99 ${f(worst)} ms, ${errors} errors, screen p99 ${f(r.toScreen.p99)} ms)`,
  );
}

/** PostgreSQL's time per function of the run's schema (SIM_PG_FUNCTIONS=1), the costliest first. */
async function printFunctionTimes(admin: pg.Client, schema: string): Promise<void> {
  // Statistics reach the shared counters when a backend is idle for a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await admin.query('select pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ funcname: string; calls: string; total_time: number; self_time: number }>(
    `select funcname, calls, total_time, self_time from pg_stat_user_functions
      where schemaname = $1 order by total_time desc limit 15`,
    [schema],
  );
  console.log('  PostgreSQL time per function (track_functions; total includes the functions it calls):');
  for (const r of rows) {
    console.log(
      `    ${r.funcname}: ${r.calls} calls, total ${(r.total_time / 1000).toFixed(2)} s, self ${(r.self_time / 1000).toFixed(2)} s`,
    );
  }
}

async function main() {
  const events = schedule(OBSERVERS);
  const windows = windowsOf();
  const plan = timeline(events, windows);
  console.log(
    `election day${env.SIM_PRESET ? ` (preset ${env.SIM_PRESET})` : ''}: ${STATIONS} stations, ${OBSERVERS} observers, ${events.length} reports scheduled (${windows.map((w) => `${w.name} ${hhmm(w.from)}-${hhmm(w.to)}`).join(', ')}); photos of ${PHOTO_KB} KB (BLOB_STORE=${BLOB_STORE})`,
  );
  console.log(
    plan.floor > 0
      ? `replay: ${(plan.total / 1000).toFixed(0)} s; the time between windows skipped; inside them each second of the day sending at least ${plan.floor.toFixed(0)} reports/s at ${SPEED}x real time (${(plan.atSpeedShare * 100).toFixed(0)}% of the reports), each quieter second sped up to ${plan.floor.toFixed(0)} reports/s`
      : `replay: ${(plan.total / 1000).toFixed(0)} s, the windows at ${SPEED}x real time back to back (the time between them skipped)`,
  );
  // SIM_DATABASES= (none): the plan only, to choose SIM_REPLAY_SECONDS.
  if (!DATABASES.length) return;
  const echo = await echoBaseline();
  const echoLine = (label: string, e: LoadResult) =>
    console.log(
      `${label}: ${e.perSecond.toFixed(0)} req/s, p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms (50 connections, 5 s); load average ${(loadavg()[0] ?? 0).toFixed(1)}`,
    );
  echoLine('bare Fastify JSON echo (baseline, same machine now)', echo);
  const blobs = await blobStoreFor(BLOB_STORE);
  try {
    await runDatabases(echoLine);
  } finally {
    await blobs.stop();
  }
  echoLine('bare Fastify JSON echo at the end', await echoBaseline());

  async function runDatabases(echoLine: (label: string, e: LoadResult) => void) {
    if (DATABASES.includes('sqlite')) {
      const dir = mkdtempSync(join(tmpdir(), 'pw-sim-sqlite-'));
      const db = openDatabase({ sqliteFile: join(dir, 'pollwatch.db') });
      try {
        await simulate('SQLite, one process', db, dir, 1, { DATA_DIR: dir, DATABASE_URL: '', ...blobs.env });
      } finally {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
        // The personal-data key file the server made beside its data directory.
        rmSync(`${dir}.keys`, { force: true });
      }
    }
    if (DATABASES.includes('postgres')) {
      if (DATABASES.includes('sqlite'))
        echoLine("bare Fastify JSON echo again (the machine's load changes)", await echoBaseline());
      const schema = `bench_sim_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const dir = mkdtempSync(join(tmpdir(), 'pw-sim-pg-'));
      const db = openDatabase({ databaseUrl: PG_URL, searchPath: schema });
      const url = new URL(PG_URL);
      // SIM_PG_FUNCTIONS=1: the servers' connections count time per function (track_functions, set
      // per connection by the superuser), printed after the run: where PostgreSQL's time went.
      const profile = env.SIM_PG_FUNCTIONS === '1';
      // SIM_PG_OPTIONS: more settings for the servers' connections (e.g. auto_explain's, to log slow
      // statements in PostgreSQL's own log).
      url.searchParams.set(
        'options',
        `-c search_path=${schema}${profile ? ' -c track_functions=all' : ''}${env.SIM_PG_OPTIONS ? ` ${env.SIM_PG_OPTIONS}` : ''}`,
      );
      url.searchParams.set('application_name', appName);
      try {
        await simulate(`PostgreSQL, ${WORKERS} processes`, db, dir, WORKERS, {
          DATA_DIR: dir,
          DATABASE_URL: url.toString(),
          ...blobs.env,
        });
        if (profile) await printFunctionTimes(admin, schema);
      } finally {
        await db.close();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
        rmSync(dir, { recursive: true, force: true });
        rmSync(`${dir}.keys`, { force: true });
      }
    }
  }
}

/** The servers' BLOB_STORE settings; with s3, the fake S3 server started in a process of its own. */
async function blobStoreFor(kind: string): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  if (kind === 'disk' || kind === 'database') return { env: { BLOB_STORE: kind }, stop: async () => {} };
  if (kind !== 's3') throw new Error(`election-day: SIM_BLOB_STORE must be disk, database or s3, got "${kind}"`);
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...env, SIM_FAKE_S3: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = () => proc.kill('SIGKILL');
  process.on('exit', kill);
  const config = await new Promise<FakeS3Config>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] as string) as FakeS3Config);
    });
    proc.once('exit', (code) => reject(new Error(`election-day: the fake S3 server stopped (${code})`)));
  });
  return {
    env: {
      BLOB_STORE: 's3',
      S3_ENDPOINT: config.endpoint,
      S3_BUCKET: config.bucket,
      S3_REGION: config.region,
      S3_ACCESS_KEY_ID: config.accessKeyId,
      S3_SECRET_ACCESS_KEY: config.secretAccessKey,
      S3_PATH_STYLE: 'true',
    },
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((resolve) => proc.once('exit', resolve));
      process.off('exit', kill);
    },
  };
}

type FakeS3Config = Pick<FakeS3, 'endpoint' | 'bucket' | 'region' | 'accessKeyId' | 'secretAccessKey'>;

if (env.SIM_FAKE_S3) {
  // The object store of SIM_BLOB_STORE=s3: its settings on the first line, then serves until stopped.
  const s3 = await startFakeS3();
  const { endpoint, bucket, region, accessKeyId, secretAccessKey } = s3;
  process.stdout.write(`${JSON.stringify({ endpoint, bucket, region, accessKeyId, secretAccessKey })}\n`);
  process.once('SIGTERM', () => void s3.close().then(() => process.exit(0)));
} else if (env.SIM_CHILD) {
  const result = await generator(JSON.parse(readFileSync(env.SIM_CHILD, 'utf8')) as GeneratorJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  await main();
}
