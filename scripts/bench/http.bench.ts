// Signed-in API throughput over real HTTP: GET /api/v1/me (session lookup + user load) and
// PATCH /api/v1/me (a write with its audit entry), 20 concurrent clients, on SQLite in a file (or
// PostgreSQL with DATABASE_URL). Prints requests per second and latency percentiles.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, Store } from '@pollwatch/db';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = 20;
const config = loadConfig({ ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'pw-bench-')), LOG_LEVEL: 'silent' });
const db = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: join(config.dataDir, 'pollwatch.db') });
await migrateToLatest(db.kysely);
const { app } = await buildApp({ store: Store.over(db), config, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const origin = base;

const setup = await fetch(`${base}/api/v1/setup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin },
  body: JSON.stringify({ email: 'bench@example.org', displayName: 'Bench', password: 'benchmark password' }),
});
const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

async function run(label: string, send: () => Promise<Response>) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        const response = await send();
        await response.arrayBuffer();
        if (!response.ok) errors += 1;
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);
  console.log(
    `${label}: ${(latencies.length / seconds).toFixed(0)} req/s, p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, errors ${errors}`,
  );
}

console.log(`database: ${db.dialect}; ${concurrency} clients for ${seconds} s each`);
await run('GET /api/v1/me', () => fetch(`${base}/api/v1/me`, { headers: { cookie } }));
let i = 0;
await run('PATCH /api/v1/me (write + audit)', () =>
  fetch(`${base}/api/v1/me`, {
    method: 'PATCH',
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: `Bench ${i++}` }),
  }),
);
console.log(`rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
await app.close();
await db.close();
