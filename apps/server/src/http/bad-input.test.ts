import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ORIGIN, rowCounts, startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('bad input', (db) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  async function expectNothingWritten(
    send: () => Promise<{ statusCode: number; body: string }>,
    status: number,
    code: string,
  ) {
    const before = await rowCounts(t.store);
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(await rowCounts(t.store)).toEqual(before);
    return body;
  }

  it('rejects malformed JSON', async () => {
    await expectNothingWritten(
      () => t.request({ method: 'POST', url: '/api/v1/users', cookie: admin, body: '{"role": "observer",' }),
      400,
      'malformed_json',
    );
  });

  it('rejects wrong types without coercing them', async () => {
    const body = await expectNothingWritten(
      () =>
        t.request({ method: 'POST', url: '/api/v1/users', cookie: admin, body: { role: 'observer', displayName: 42 } }),
      400,
      'validation_failed',
    );
    expect(body.error.details).toContainEqual({ in: 'body', path: '/displayName', keyword: 'type' });
  });

  it('rejects unknown fields, naming them', async () => {
    const body = await expectNothingWritten(
      () =>
        t.request({
          method: 'POST',
          url: '/api/v1/users',
          cookie: admin,
          body: { role: 'observer', displayName: 'Асель', isAdmin: true },
        }),
      400,
      'validation_failed',
    );
    expect(body.error.details).toContainEqual({ in: 'body', path: '/isAdmin', keyword: 'additionalProperties' });
  });

  it('reports every missing and invalid field at once', async () => {
    const body = await expectNothingWritten(
      () => t.request({ method: 'POST', url: '/api/v1/users', cookie: admin, body: { role: 'chief' } }),
      400,
      'validation_failed',
    );
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/role', '/displayName']));
  });

  it('rejects a blank name', async () => {
    await expectNothingWritten(
      () =>
        t.request({
          method: 'POST',
          url: '/api/v1/users',
          cookie: admin,
          body: { role: 'observer', displayName: '   ' },
        }),
      400,
      'validation_failed',
    );
  });

  it('rejects a body over 1 MiB', async () => {
    const huge = { role: 'observer', displayName: 'x'.repeat(1024 * 1024 + 10) };
    await expectNothingWritten(
      () => t.request({ method: 'POST', url: '/api/v1/users', cookie: admin, body: huge }),
      413,
      'payload_too_large',
    );
  });

  it('rejects a body that is not JSON', async () => {
    await expectNothingWritten(
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: { cookie: admin, origin: ORIGIN, 'content-type': 'text/plain' },
          payload: 'role=observer',
        }),
      415,
      'unsupported_media_type',
    );
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/nothing-here'],
      ['DELETE', '/api/v1/users'],
      ['GET', '/api'],
    ] as const) {
      await expectNothingWritten(() => t.request({ method, url, cookie: admin }), 404, 'not_found');
    }
  });

  it('rejects a malformed id in the path', async () => {
    await expectNothingWritten(
      () => t.request({ method: 'PATCH', url: '/api/v1/users/not-a-uuid', cookie: admin, body: { displayName: 'A' } }),
      400,
      'validation_failed',
    );
  });

  it('rejects an unknown audit action or bad dates in a query', async () => {
    for (const query of ['action=drop%20table', 'from=yesterday', 'limit=100000', 'before=-1']) {
      await expectNothingWritten(
        () => t.request({ method: 'GET', url: `/api/v1/audit?${query}`, cookie: admin }),
        400,
        'validation_failed',
      );
    }
  });

  it('rejects an empty patch', async () => {
    await expectNothingWritten(
      () => t.request({ method: 'PATCH', url: '/api/v1/me', cookie: admin, body: {} }),
      400,
      'validation_failed',
    );
  });

  it('never leaks a stack trace or SQL text', async () => {
    // Break the database under the running app: every query on users now fails inside the driver.
    const { sql } = await import('kysely');
    await sql`alter table users rename to users_gone`.execute(db().kysely);
    const response = await t.request({ method: 'GET', url: '/api/v1/users', cookie: admin });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    const text = response.body.toLowerCase();
    for (const leak of ['select', 'users', 'sqlite', 'relation', 'at ', '.ts:', 'stack'])
      expect(text).not.toContain(leak);
  });
});
