// The load generator of the HTTP benchmarks, run as its own process so that it has its own core
// and does not steal the server's event loop. Reads its job from BENCH_LOAD (JSON) and prints one
// JSON line with the figures.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';

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
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ connections: job.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const echoBody = JSON.stringify({ id: randomUUID(), answers: job.answers });
  const until = performance.now() + job.seconds * 1000;
  // Each lane's report body is serialised once; only the id changes, so the generator spends its
  // core on sending rather than on JSON.stringify.
  const answers = JSON.stringify(job.answers);
  await Promise.all(
    Array.from({ length: job.connections }, async (_, lane) => {
      const o = job.observers?.[lane % job.observers.length];
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        origin: job.origin,
        ...(job.kind === 'reports' && o ? { cookie: o.cookie } : {}),
      };
      const rest = `,"revision":1,"stationId":${JSON.stringify(o?.stationId)},"formId":${JSON.stringify(job.formId)},"formVersion":${job.formVersion},"answers":${answers}}`;
      const path = job.kind === 'reports' ? '/api/v1/reports' : '/echo';
      while (performance.now() < until) {
        counter += 1;
        const body = job.kind === 'reports' ? `{"id":"${randomUUID()}"${rest}` : echoBody;
        const start = performance.now();
        const response = await request(`${job.base}${path}`, { method: 'POST', body, headers, dispatcher: agent });
        await response.body.arrayBuffer();
        latencies.push(performance.now() - start);
        if (response.statusCode !== 200) errors += 1;
      }
    }),
  );
  await agent.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { requests: counter, perSecond: latencies.length / job.seconds, p50: pct(50), p99: pct(99), errors };
}

if (process.env.BENCH_LOAD) {
  const result = await run(JSON.parse(process.env.BENCH_LOAD) as LoadJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
