// `npm run bench -- flood` (issue 21): a sign-up flood from one IPv6 /64 while observers report.
// The server runs behind a (simulated) reverse proxy on loopback, TRUST_PROXY=1, so each sign-up
// carries its own address of 2001:db8:66:1::/64 in X-Forwarded-For — what a phone on one carrier
// subscription can do. 100 sign-ups a second, each with its own valid form token (fetched ahead and
// aged past the minimum fill time) and its own phone number, for FLOOD_SECONDS; meanwhile
// FLOOD_OBSERVERS phones send reports one after another. Printed: how many sign-ups got in (the
// /64's hourly limit) and were refused, and the reports' latency beside the same load without the
// flood, measured first in the same run. The ingest goal is p99 < 100 ms.
//   FLOOD_SECONDS=10   FLOOD_OBSERVERS=20   FLOOD_RATE=100 (sign-ups per second)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@pollwatch/db';
import { seedVotingDay, serveApp, type VotingDay } from './voting-day-setup.ts';

const seconds = Number(process.env.FLOOD_SECONDS ?? 10);
const observerCount = Number(process.env.FLOOD_OBSERVERS ?? 20);
const rate = Number(process.env.FLOOD_RATE ?? 100);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** Observers send reports one after another until `until`; returns each report's latency in ms. */
async function reportLoad(base: string, day: VotingDay, until: number) {
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    day.observers.map(async (observer) => {
      while (Date.now() < until) {
        const started = performance.now();
        const r = await fetch(`${base}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: observer.cookie, origin: base },
          body: JSON.stringify({
            id: randomUUID(),
            revision: 1,
            stationId: observer.stationId,
            formId: day.voting.formId,
            formVersion: day.voting.version,
            answers: day.answers,
          }),
        });
        await r.arrayBuffer();
        if (r.status === 200) latencies.push(performance.now() - started);
        else failed++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, failed };
}

async function flood(base: string, count: number) {
  // Tokens fetched ahead, as a script would, and aged past the minimum fill time.
  const tokens: { token: string; consentVersion: string }[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push((await (await fetch(`${base}/api/v1/join/token`)).json()) as { token: string; consentVersion: string });
  }
  await sleep(3500);
  return tokens;
}

async function sendFlood(base: string, tokens: { token: string; consentVersion: string }[]) {
  const outcomes = new Map<number, number>();
  const interval = 1000 / rate;
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const due = started + i * interval;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const token = tokens[i] as { token: string; consentVersion: string };
    inFlight.push(
      fetch(`${base}/api/v1/join`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: base,
          'x-forwarded-for': `2001:db8:66:1:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}:${i % 7}:1`,
        },
        body: JSON.stringify({
          token: token.token,
          consentVersion: token.consentVersion,
          fullName: 'Флуд Флудов',
          phone: `+7 705 ${String(1_000_000 + i).slice(-7, -4)} ${String(i % 10_000)
            .padStart(4, '0')
            .slice(0, 2)} ${String(i % 100).padStart(2, '0')}`,
          birthDate: '1990-03-15',
          languages: ['ru'],
          availability: ['election_day'],
          consent: true,
        }),
      }).then(async (r) => {
        await r.arrayBuffer();
        outcomes.set(r.status, (outcomes.get(r.status) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(inFlight);
  return { outcomes, seconds: (Date.now() - started) / 1000 };
}

process.env.TRUST_PROXY = '1';
const dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-flood-'));
const db = openDatabase({ sqliteFile: join(dataDir, 'pollwatch.db') });
// Seeded in this process, then served by a process of its own (as in production), so that this
// script's own requests do not share the server's event loop.
const seeded = await serveApp(db, dataDir);
const day = await seedVotingDay(seeded.base, observerCount);
await seeded.app.close();
const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;
const server = spawn(
  process.execPath,
  [fileURLToPath(new URL('../../apps/server/bin/pollwatch.js', import.meta.url)), 'serve'],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      TRUST_PROXY: '1',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
process.on('exit', () => server.kill('SIGKILL'));
for (let ready = false; !ready; ) {
  await sleep(200);
  ready = await fetch(`${base}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
}
// Warm-up: the writer thread starts with the first report.
await reportLoad(base, day, Date.now() + 2000);

const baseline = await reportLoad(base, day, Date.now() + seconds * 1000);
const tokens = await flood(base, rate * seconds);
const [during, signUps] = await Promise.all([
  reportLoad(base, day, Date.now() + seconds * 1000),
  sendFlood(base, tokens),
]);
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
const applicants = Number(
  (
    await db.kysely
      .selectFrom('applicants')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
await db.close();

const line = (label: string, r: { latencies: number[]; failed: number }) =>
  `${label.padEnd(34)} ${String(r.latencies.length).padStart(6)} reports (${(r.latencies.length / seconds).toFixed(0)}/s), ` +
  `p50 ${quantile(r.latencies, 0.5).toFixed(1)} ms, p95 ${quantile(r.latencies, 0.95).toFixed(1)} ms, ` +
  `p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms, max ${(r.latencies.at(-1) ?? Number.NaN).toFixed(1)} ms, refused ${r.failed}`;
console.log(`SQLite, ${observerCount} observers reporting one after another, ${seconds} s each:`);
console.log(line('reports alone (baseline)', baseline));
console.log(line(`reports under ${rate} sign-ups/s`, during));
const statuses = [...signUps.outcomes.entries()].map(([status, n]) => `${n} × ${status}`).join(', ');
console.log(
  `sign-ups from one /64: ${tokens.length} sent in ${signUps.seconds.toFixed(1)} s (${(tokens.length / signUps.seconds).toFixed(0)}/s): ${statuses}; applicants stored ${applicants}`,
);
const p99 = quantile(during.latencies, 0.99);
console.log(
  `ingest goal p99 < 100 ms under the flood: ${p99 < 100 ? 'met' : 'NOT met'} (${p99.toFixed(1)} ms; baseline ${quantile(baseline.latencies, 0.99).toFixed(1)} ms)`,
);
