// The load generator of the HTTP benchmarks, run as its own process so that it does not steal the
// server's event loop. Reads its job from BENCH_LOAD (JSON) and prints one JSON line with the
// figures.
//
// It shares the machine's two cores with the server, so whatever it spends per request is taken
// from the server. HTTP client libraries spent more CPU per request than the echo server itself
// (undici 162 µs, autocannon with a fresh body per request 215–280 µs, against the echo's 106 µs),
// so this generator does the least HTTP/1.1 a keep-alive benchmark needs: one socket per
// connection, each request a copy of prebuilt bytes with a fresh UUID written in place, each
// response read up to its Content-Length. It understands nothing else and says so.
import { randomUUID } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { newReportId } from '@pollwatch/core';

export interface LoadJob {
  base: string;
  seconds: number;
  connections: number;
  kind: 'echo' | 'reports';
  origin: string;
  observers?: { cookie: string; stationId: string }[];
  formId?: string;
  formVersion?: number;
  answers?: unknown;
  /** v7: report ids as the field app makes them (time-ordered); v4: random ones. */
  ids?: 'v7' | 'v4';
  /**
   * The HQ's live stream to listen to while the load runs, as the HQ console does (in its own
   * process, as a browser would be, not on the server's thread).
   */
  events?: { path: string; cookie: string };
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU the generator itself spent per request, on the same cores as the server. */
  generatorCpuMicros: number;
  /** Accepted-report notifications the HQ's live stream delivered (with `events`). */
  notified?: number;
}

const ID_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

/** The request's bytes, and where in them the report's UUID goes (-1: the same body every time). */
function template(job: LoadJob, lane: number): { bytes: Buffer; idAt: number } {
  const url = new URL(job.base);
  const o = job.observers?.[lane % job.observers.length];
  const answers = JSON.stringify(job.answers);
  const reports = job.kind === 'reports';
  const body = reports
    ? `{"id":"${ID_PLACEHOLDER}","revision":1,"stationId":${JSON.stringify(o?.stationId)},"formId":${JSON.stringify(job.formId)},"formVersion":${job.formVersion},"answers":${answers}}`
    : JSON.stringify({ id: randomUUID(), answers: job.answers });
  const head = [
    `POST ${reports ? '/api/v1/reports' : '/echo'} HTTP/1.1`,
    `host: ${url.host}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    `origin: ${job.origin}`,
    ...(reports && o ? [`cookie: ${o.cookie}`] : []),
    '',
    '',
  ].join('\r\n');
  const bytes = Buffer.from(head + body);
  return { bytes, idAt: reports ? bytes.indexOf(ID_PLACEHOLDER) : -1 };
}

/** Reads keep-alive responses off one socket; calls back with each one's status code. */
function responses(socket: Socket, onResponse: (status: number) => void) {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = pending.toString('latin1', 0, end);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) throw new Error(`load generator: a response without content-length:\n${head}`);
      const total = end + 4 + Number(length[1]);
      if (pending.length < total) return;
      onResponse(Number(head.slice(9, 12)));
      pending = pending.subarray(total);
    }
  });
}

async function lane(job: LoadJob, index: number, until: number, latencies: number[]): Promise<number> {
  const { bytes, idAt } = template(job, index);
  const newId = job.ids === 'v4' ? randomUUID : newReportId;
  const url = new URL(job.base);
  const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let errors = 0;
  let started = 0;
  return new Promise<number>((resolve, reject) => {
    const send = () => {
      const request = idAt < 0 ? bytes : Buffer.from(bytes);
      if (idAt >= 0) request.write(newId(), idAt, 'latin1');
      started = performance.now();
      socket.write(request);
    };
    responses(socket, (status) => {
      const now = performance.now();
      latencies.push(now - started);
      if (status !== 200) errors += 1;
      if (now < until) send();
      else {
        socket.end();
        resolve(errors);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('load generator: the server closed a connection')));
    send();
  });
}

/** Counts `report.accepted` events on the HQ's live stream until stopped. */
async function listen(job: LoadJob, events: { path: string; cookie: string }) {
  // node:http rather than fetch: web streams spent ~40 µs of this process per event.
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(
      new URL(events.path, job.base),
      { headers: { cookie: events.cookie, accept: 'text/event-stream' } },
      resolve,
    ).on('error', reject);
  });
  if (response.statusCode !== 200) throw new Error(`load generator: the live stream answered ${response.statusCode}`);
  const marker = Buffer.from('event: report.accepted');
  let count = 0;
  let tail: Buffer = Buffer.alloc(0);
  response.on('data', (chunk: Buffer) => {
    const data = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    for (let at = data.indexOf(marker); at >= 0; at = data.indexOf(marker, at + marker.length)) count += 1;
    // Too short to hold a whole name: an event name cut between two chunks is counted once.
    tail = data.subarray(Math.max(0, data.length - marker.length + 1));
  });
  response.on('error', () => {});
  return {
    count: () => count,
    stop: () => response.destroy(),
  };
}

async function run(job: LoadJob): Promise<LoadResult> {
  const stream = job.events ? await listen(job, job.events) : undefined;
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + job.seconds * 1000;
  const errors = await Promise.all(Array.from({ length: job.connections }, (_, i) => lane(job, i, until, latencies)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  let notified: number | undefined;
  if (stream) {
    // Notifications follow the acknowledgements by a moment.
    const waitUntil = performance.now() + 3000;
    while (stream.count() < latencies.length && performance.now() < waitUntil) {
      await new Promise((r) => setTimeout(r, 20));
    }
    notified = stream.count();
    stream.stop();
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: pct(50),
    p99: pct(99),
    errors: errors.reduce((a, b) => a + b, 0),
    generatorCpuMicros: (cpu.user + cpu.system) / Math.max(1, latencies.length),
    ...(notified === undefined ? {} : { notified }),
  };
}

if (process.env.BENCH_LOAD) {
  const result = await run(JSON.parse(process.env.BENCH_LOAD) as LoadJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
