import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb, type TestDb } from '@pollwatch/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from './testing/test-app.ts';
import { jpeg, opening, protocol, seedTwoRegions, type TwoRegions } from './testing/two-regions-fixture.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;
const bin = resolve(fileURLToPath(new URL('.', import.meta.url)), '../bin/pollwatch.js');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

interface Server {
  base: string;
  child: ChildProcess;
  output: string[];
  call(
    method: string,
    path: string,
    cookie?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/** A real `pollwatch serve` process: its own data folder (another host), the shared database. */
async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'pollwatch-host-')),
      WEB_DIST: join(tmpdir(), 'pollwatch-no-web-build'),
      BLOB_STORE: 'database',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  const call: Server['call'] = (method, path, cookie, body, headers = {}) =>
    fetch(base + path, {
      method,
      headers: {
        ...(method !== 'GET' ? { origin: base } : {}),
        ...(body !== undefined
          ? { 'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json' }
          : {}),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
    });
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`server stopped: ${output.join('')}`);
    try {
      await fetch(`${base}/api/v1/chain/head`);
      break;
    } catch {
      if (tries > 300) throw new Error(`server did not start: ${output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { base, child, output, call };
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const late = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(late);
}

/** Issue 23, Done when: two server processes on one PostgreSQL behave as one. */
describe.skipIf(!postgresUrl)('two server processes on one PostgreSQL (issue 23)', () => {
  let db: TestDb;
  let t: TestApp;
  let w: TwoRegions;
  let a: Server;
  let b: Server;
  let adminCookie: string;
  const photo = jpeg(42);

  beforeAll(async () => {
    db = await createTestDb('postgres');
    // The test's own app runs no jobs: the job test proves B runs what A queued.
    t = await startTestApp(db, { BLOB_STORE: 'database', RUN_JOBS: 'false' });
    w = await seedTwoRegions(t);
    // A protocol whose photo is still to come: it will be uploaded through process A.
    await w.submit(w.observers.aAssigned, 'protocol', w.stations.a2, protocol(401, [sha256(photo)]));
    // The servers run on the real clock: the election is today, so reports are still open.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(new Date());
    await db.kysely.updateTable('elections').set({ voting_date: today }).where('id', '=', w.electionId).execute();
    // The test database's own address (a database, or a schema of one, of its own).
    const url = new URL(db.connection?.databaseUrl ?? (postgresUrl as string));
    if (db.connection?.searchPath) url.searchParams.set('options', `-c search_path=${db.connection.searchPath}`);
    // A only serves requests; B also runs the background jobs.
    // Every process of a deployment holds the same data keys (personal data is sealed with them).
    const keys = { DATA_KEYS: db.connection?.dataKeys ?? '' };
    [a, b] = await Promise.all([
      startServer(url.toString(), { ...keys, RUN_JOBS: 'false' }),
      startServer(url.toString(), keys),
    ]);
    const signIn = await a.call('POST', '/api/v1/auth/sign-in', undefined, {
      email: ADMIN.email,
      password: ADMIN.password,
    });
    expect(signIn.status).toBe(200);
    adminCookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 60_000);

  afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    await t?.close();
    await db?.dispose();
  });

  it('a session made on one works on the other', async () => {
    expect(adminCookie).toMatch(/^pw_session=/);
    const me = await b.call('GET', '/api/v1/me', adminCookie);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email: ADMIN.email } });
  });

  it('a report sent to one appears on the live stream of the other; the same report sent to both is stored once', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${b.base}/api/v1/elections/${w.electionId}/events`, {
      headers: { cookie: adminCookie },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let heard = '';
    const id = randomUUID();
    const form = w.forms.opening as { formId: string; version: number };
    const report = {
      id,
      revision: 1,
      stationId: w.stations.a1,
      formId: form.formId,
      formVersion: form.version,
      answers: opening,
    };
    try {
      const send = async (server: Server) => {
        const r = await server.call('POST', '/api/v1/reports', w.observers.both.cookie, report);
        return `${r.status} ${await r.text()}`;
      };
      // Sent to A only: B hears it through the database (LISTEN/NOTIFY), not from its own ingest.
      expect(await send(a)).toMatch(/^20\d /);
      const deadline = Date.now() + 10_000;
      while (!heard.includes(id) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        heard += Buffer.from(value).toString();
      }
      expect(heard).toContain(id);
      // The outbox sends it again, to B this time, and to both at once: accepted, stored once.
      for (const answer of [await send(b), ...(await Promise.all([send(a), send(b)]))])
        expect(answer).toMatch(/^20\d /);
    } finally {
      controller.abort();
    }
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from report_revisions where report_id = ${id}`.execute(db.kysely);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('a photo uploaded through one is served by the other', async () => {
    const hash = sha256(photo);
    const path = `/api/v1/photos/${hash}`;
    const cookie = w.observers.aAssigned.cookie;
    expect((await a.call('POST', path, cookie, undefined, { 'upload-length': String(photo.length) })).status).toBe(200);
    const sent = await a.call('PATCH', path, cookie, photo, { 'upload-offset': '0' });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ complete: true });
    const served = await b.call('GET', `${path}/content`, adminCookie);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('an import previewed on one is applied on the other (the upload waits in the shared store)', async () => {
    const csv = Buffer.from('code;parent;level;nameRu\nMPT;;country;Страна процессов\nMPT-1;MPT;region;Регион\n');
    const uploaded = await a.call('POST', '/api/v1/imports?kind=areas&fileName=areas.csv', adminCookie, csv, {
      'content-type': 'text/csv',
    });
    expect(uploaded.status).toBe(201);
    const preview = (await uploaded.json()) as { id: string; suggestedMapping: Record<string, string> };
    const applied = await b.call('POST', `/api/v1/imports/${preview.id}/apply`, adminCookie, {
      mapping: preview.suggestedMapping,
    });
    expect(applied.status, await applied.clone().text()).toBe(200);
    expect(await applied.json()).toMatchObject({ applied: true, added: 2 });
  });

  it('a job queued on one runs on the other, and its file is served by either', async () => {
    const queued = await a.call('POST', `/api/v1/elections/${w.electionId}/exports`, adminCookie, {
      kind: 'reports',
      format: 'csv',
    });
    expect(queued.status).toBeLessThan(300);
    const { job } = (await queued.json()) as { job: { id: string } };
    let status = '';
    for (let tries = 0; tries < 100 && status !== 'done'; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      status = ((await (await a.call('GET', `/api/v1/exports/${job.id}`, adminCookie)).json()) as any).job?.status;
    }
    expect(status).toBe('done');
    const row = await db.kysely.selectFrom('export_jobs').select('runner').where('id', '=', job.id).executeTakeFirst();
    expect(row?.runner).toContain(`:${b.child.pid}:`);
    // The file B wrote is in the shared store: A (another host, no copy of its own) hands it out.
    const file = await a.call('GET', `/api/v1/exports/${job.id}/file`, adminCookie);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain(w.reports.aOpening);
  });
});
