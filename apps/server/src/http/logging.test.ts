import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Store } from '@pollwatch/db';
import { describeEachDialect } from '@pollwatch/db/testing';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { loggerOptions } from './logging.ts';

describeEachDialect('logs', (db) => {
  it('carry no personal data: no emails, names, passwords, cookies or search terms', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'pw-log-')), WEB_DIST: '/nonexistent' });
    const { app } = await buildApp({
      store: Store.over(db()),
      config,
      logger: { ...(loggerOptions('trace') as object), stream } as never,
    });
    const origin = 'http://localhost:80';
    const json = { 'content-type': 'application/json', origin };
    const secret = {
      email: 'private.person@example.org',
      displayName: 'Жанар Секретова',
      password: 'never log this passphrase',
    };
    const setup = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: json,
      payload: JSON.stringify(secret),
    });
    expect(setup.statusCode).toBe(201);
    const token = setup.cookies.find((c) => c.name === 'pw_session')?.value ?? '';
    const cookie = `pw_session=${token}`;
    await app.inject({ method: 'GET', url: '/api/v1/users?q=Секретова', headers: { cookie } });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: json,
      payload: JSON.stringify({ email: secret.email, password: 'wrong guess here' }),
    });
    // A database failure is logged with its stack, but without PostgreSQL's `detail` values.
    await sql`alter table users rename to users_gone`.execute(db().kysely);
    const failed = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
    expect(failed.statusCode).toBe(500);
    await app.close();

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('unhandled error');
    for (const leak of [secret.email, secret.displayName, 'Секретова', secret.password, token, 'wrong guess']) {
      expect(log).not.toContain(leak);
    }
  });
});
