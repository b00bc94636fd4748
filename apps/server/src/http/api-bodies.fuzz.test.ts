// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import { describeEachDialect } from '@pollwatch/db/testing';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

// Issue 21, fuzzing the API's outside input: arbitrary and near-valid bodies sent to the join form,
// report submission and the import wizard are answered with a 2xx or a 4xx carrying a problem body
// ({ error: { code, message } }), never a 5xx. Bounded runs, so it costs seconds per dialect.

/** Any JSON value, a few levels deep, with the strings most likely to upset a parser. */
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '𝕏',
  '${q}',
  '=1+1',
  "'; drop table applicants; --",
  '../../etc/passwd',
  '9'.repeat(40),
  '-0',
  '1e309',
  'NaN',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  '+7 701 123 45 67',
);
const scalar = fc.oneof(
  nasty,
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nasty), tie('value'), { maxKeys: 5 }),
})).value;

/** A body shaped like a valid one, each field possibly replaced by anything, dropped, or extra keys added. */
function nearly(valid: Record<string, unknown>) {
  const fields = Object.fromEntries(
    Object.entries(valid).map(([key, value]) => [
      key,
      fc.oneof({ weight: 3, arbitrary: fc.constant(value) }, { weight: 2, arbitrary: json }),
    ]),
  );
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 2 }))
    .map(([body, extra]) => ({ ...extra, ...body }));
}

function expectProblemOrSuccess(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, response.body).toBe('string');
    expect(typeof body.error?.message, response.body).toBe('string');
  }
}

describeEachDialect('API bodies under arbitrary input (fuzz)', (db) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  it('the join form answers anything with 202 or a problem', async () => {
    const token = (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json() as {
      token: string;
      consentVersion: string;
    };
    t.advance(5_000);
    let ip = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          json,
          nearly({
            token: token.token,
            consentVersion: token.consentVersion,
            fullName: 'Әсем Өмірзақова',
            phone: '8 (701) 123-45-67',
            birthDate: '1990-03-15',
            iin: '900315400123',
            languages: ['kk'],
            availability: ['counting'],
            consent: true,
            locale: 'kk',
          }),
        ),
        async (body) => {
          const response = await t.request({
            method: 'POST',
            url: '/api/v1/join',
            body,
            headers: { 'x-forwarded-for': `10.9.${(ip >> 8) & 255}.${ip++ & 255}` },
          });
          expectProblemOrSuccess(response);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('report submission answers anything with a receipt or a problem', async () => {
    const observer = await t.signInAs('observer', admin);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          json,
          nearly({
            id: '5b0b7a8e-3a38-4a4e-9b7c-0d0a8c1e2f3a',
            revision: 1,
            stationId: '00000000-0000-4000-8000-000000000001',
            formId: '00000000-0000-4000-8000-000000000002',
            formVersion: 1,
            answers: { voters: 10 },
            clientTime: '2026-11-10T08:00:00+05:00',
          }),
        ),
        async (body) => {
          const response = await t.request({ method: 'POST', url: '/api/v1/reports', cookie: observer.cookie, body });
          expectProblemOrSuccess(response);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the import wizard answers any upload, query and mapping with a preview or a problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('stations', 'areas', 'applicants', 'assignments', 'results', 'bogus'),
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
          fc
            .array(fc.array(fc.oneof(fc.string({ maxLength: 12 }), nasty), { maxLength: 5 }), { maxLength: 6 })
            .map((rows) => Buffer.from(rows.map((r) => r.join(';')).join('\r\n'))),
        ),
        fc.oneof(json, fc.record({ mapping: fc.dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 4 }) })),
        async (kind, file, options) => {
          const uploaded = await t.request({
            method: 'POST',
            url: `/api/v1/imports?kind=${kind}&fileName=fuzz.csv`,
            cookie: admin,
            body: file,
          });
          expectProblemOrSuccess(uploaded);
          if (uploaded.statusCode !== 201) return;
          const id = (uploaded.json() as { id: string }).id;
          expectProblemOrSuccess(
            await t.request({ method: 'POST', url: `/api/v1/imports/${id}/dry-run`, cookie: admin, body: options }),
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
