import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { JOIN_WINDOW_MS, joinLimits } from './join.service.ts';

// Issue 21's flood: once a /64 is over its limit, its further sign-ups are refused from memory,
// without a query, until the moment the database said; then the database decides again.
describeEachDialect('join flood (issue 21)', (db) => {
  let t: TestApp;
  afterEach(() => t.close());
  const origin = 'https://observe.example.kz';

  it('refuses a flooding /64 from memory until its window ends', async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true', PUBLIC_URL: origin });
    let phone = 0;
    const join = async (ip: string) => {
      const token = (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json();
      t.advance(4_000);
      phone += 1;
      return t.request({
        method: 'POST',
        url: '/api/v1/join',
        headers: { 'x-forwarded-for': ip, origin },
        body: {
          token: token.token,
          consentVersion: token.consentVersion,
          fullName: 'Флуд Флудов',
          phone: `+7 705 000 ${String(Math.floor(phone / 100)).padStart(2, '0')} ${String(phone % 100).padStart(2, '0')}`,
          birthDate: '1990-03-15',
          languages: ['ru'],
          availability: ['election_day'],
          consent: true,
        },
      });
    };
    const limit = joinLimits['join-ip'];
    for (let i = 0; i < limit; i++) expect((await join(`2001:db8:66:1::${i + 1}`)).statusCode).toBe(202);
    const refused = await join('2001:db8:66:1::ff');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // The rows that counted are gone (as if purged), yet the /64 is still refused: from memory.
    const kysely = (t.store as unknown as { kysely: any }).kysely;
    await kysely.deleteFrom('join_attempts').where('scope', '=', 'join-ip').execute();
    expect((await join('2001:db8:66:1::fe')).statusCode).toBe(429);
    // Another /64 is not affected.
    expect((await join('2001:db8:67:1::1')).statusCode).toBe(202);

    // Once the window has passed, the database decides again.
    t.advance(JOIN_WINDOW_MS);
    expect((await join('2001:db8:66:1::fd')).statusCode).toBe(202);
  });
});
