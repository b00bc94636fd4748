import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Role, UserDto } from '@pollwatch/core';
import { Store } from '@pollwatch/db';
import type { TestDb } from '@pollwatch/db/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { loggerOptions } from '../http/logging.ts';

export const ORIGIN = 'http://localhost:80';
export const ADMIN = {
  email: 'admin@example.org',
  displayName: 'Айгерим Сапарова',
  password: 'correct horse battery staple',
};
export const STAFF_PASSWORD = 'a long enough passphrase';

export interface TestApp extends App {
  store: Store;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  now(): Date;
  request(options: {
    method: InjectOptions['method'];
    url: string;
    body?: unknown;
    cookie?: string | undefined;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  /** Runs setup and returns the admin's cookie. */
  setupAdmin(): Promise<string>;
  /** Creates an account of the role (through the API, as the admin) and returns its cookie. */
  signInAs(role: Role, adminCookie: string): Promise<{ cookie: string; user: UserDto }>;
  /** Uploads a file to the import wizard; returns its preview (throws unless it was accepted). */
  uploadImport(upload: ImportUpload): Promise<ImportPreview>;
  /** Upload, then apply with the suggested mapping; returns the preview and the apply report. */
  importFile(upload: ImportUpload): Promise<{ preview: ImportPreview; report: any }>;
  close(): Promise<void>;
}

export interface ImportUpload {
  kind: string;
  file: Buffer;
  cookie: string;
  electionId?: string;
  fileName?: string;
}

export interface ImportPreview {
  id: string;
  suggestedMapping: Record<string, string>;
  [more: string]: any;
}

export function cookieFrom(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'pw_session');
  if (!cookie) throw new Error(`no session cookie in response ${response.statusCode}: ${response.body}`);
  return `pw_session=${cookie.value}`;
}

let counter = 0;

export async function startTestApp(
  db: TestDb,
  env: Record<string, string> = {},
  /** Where the server's log lines go (every level, with the production serializers); none by default. */
  options: { log?: Writable } = {},
): Promise<TestApp> {
  let clock = new Date('2026-11-10T06:00:00.000Z').getTime();
  const now = () => new Date(clock);
  const config = loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'pollwatch-test-')),
    WEB_DIST: join(tmpdir(), 'pollwatch-no-web-build'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const store = Store.over(db);
  const logger = options.log ? ({ ...(loggerOptions('trace') as object), stream: options.log } as never) : false;
  const built = await buildApp({ store, config, now, logger });

  const request: TestApp['request'] = async ({ method, url, body, cookie, headers }) => {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(String(method));
    return built.app.inject({
      method,
      url,
      headers: {
        ...(unsafe ? { origin: ORIGIN } : {}),
        ...(body !== undefined
          ? { 'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json' }
          : {}),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }
        : {}),
    });
  };

  const setupAdmin = async () => {
    const response = await request({ method: 'POST', url: '/api/v1/setup', body: ADMIN });
    if (response.statusCode !== 201) throw new Error(`setup failed: ${response.body}`);
    return cookieFrom(response);
  };

  const signInAs: TestApp['signInAs'] = async (role, adminCookie) => {
    counter += 1;
    const email = `${role}.${counter}@example.org`;
    const created = await request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: adminCookie,
      body:
        role === 'observer'
          ? { role, displayName: `Наблюдатель ${counter}` }
          : { role, displayName: `Сотрудник ${counter}`, email, password: STAFF_PASSWORD },
    });
    if (created.statusCode !== 201) throw new Error(`create ${role} failed: ${created.body}`);
    const user = (created.json() as { user: UserDto }).user;
    if (role === 'observer') {
      const invite = await request({ method: 'POST', url: `/api/v1/users/${user.id}/invites`, cookie: adminCookie });
      const code = (invite.json() as { code: string }).code;
      const redeemed = await request({ method: 'POST', url: '/api/v1/auth/invite', body: { code } });
      return { cookie: cookieFrom(redeemed), user };
    }
    const signedIn = await request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email, password: STAFF_PASSWORD },
    });
    return { cookie: cookieFrom(signedIn), user };
  };

  const uploadImport: TestApp['uploadImport'] = async ({ kind, file, cookie, electionId, fileName }) => {
    const query = new URLSearchParams({
      kind,
      ...(electionId ? { electionId } : {}),
      fileName: fileName ?? `${kind}.csv`,
    });
    const preview = await request({ method: 'POST', url: `/api/v1/imports?${query}`, cookie, body: file });
    if (preview.statusCode !== 201) throw new Error(`upload ${kind} failed: ${preview.statusCode} ${preview.body}`);
    return preview.json() as ImportPreview;
  };

  const importFile: TestApp['importFile'] = async (upload) => {
    const preview = await uploadImport(upload);
    const applied = await request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie: upload.cookie,
      body: { mapping: preview.suggestedMapping },
    });
    if (applied.statusCode !== 200)
      throw new Error(`apply ${upload.kind} failed: ${applied.statusCode} ${applied.body}`);
    return { preview, report: applied.json() };
  };

  return {
    ...built,
    store,
    now,
    advance: (ms) => {
      clock += ms;
    },
    request,
    setupAdmin,
    signInAs,
    uploadImport,
    importFile,
    close: () => built.app.close(),
  };
}

/** Counts rows of a table, to prove a rejected request wrote nothing. */
export async function rowCounts(store: Store): Promise<Record<string, number>> {
  const users = await store.users.count();
  const audit = (await store.audit.list({ limit: 10_000 })).items.length;
  const elections = await store.elections.list();
  const areas = (await store.areas.list()).length;
  let stations = 0;
  for (const e of elections) stations += (await store.stations.listAll(e.id)).length;
  return { users, audit, elections: elections.length, areas, stations };
}
