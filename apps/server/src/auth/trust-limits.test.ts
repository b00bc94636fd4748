import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../testing/test-app.ts';
import { parseTrustProxy, throttleKeyForAddress } from './client-address.ts';
import { throttleLimits } from './sign-in-throttle.ts';

// Issue 21: each finding of the review, with the request that got through before the fix.

describe('client addresses for throttling', () => {
  it('counts IPv6 per /64, an IPv4-mapped address as IPv4, and IPv4 per address', () => {
    expect(throttleKeyForAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(throttleKeyForAddress('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(throttleKeyForAddress('[2001:db8:1:3::9]')).toBe('2001:db8:1:3::/64');
    expect(throttleKeyForAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleKeyForAddress('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(throttleKeyForAddress('10.1.2.3')).toBe('10.1.2.3');
  });

  it('reads TRUST_PROXY as hops or proxy addresses, never as "believe every hop"', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    const one = parseTrustProxy('true');
    expect(typeof one).toBe('function');
    expect((one as (a: string, i: number) => boolean)('1.2.3.4', 0)).toBe(true);
    expect((one as (a: string, i: number) => boolean)('1.2.3.4', 1)).toBe(false);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1, loopback')).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback']);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/);
  });
});

describeEachDialect('trust limits (issue 21)', (db) => {
  let t: TestApp;
  afterEach(() => t.close());

  const signIn = (password: string, headers: Record<string, string> = {}, cookie?: string) =>
    t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password },
      headers,
      ...(cookie ? { cookie } : {}),
    });

  it('behind a proxy, limits the right-most untrusted address, not the client-written left-most', async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    await t.setupAdmin();
    // The attacker writes a fresh left-most entry each time; the proxy appends the real address.
    for (let i = 0; i < throttleLimits.ip; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: `guess${i}@example.org`, password: 'a guessed password' },
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
      });
    }
    const limited = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: 'guess-more@example.org', password: 'a guessed password' },
      headers: { 'x-forwarded-for': '198.51.100.250, 203.0.113.7' },
    });
    expect(limited.statusCode).toBe(429);
  });

  it('a trusted-proxy list lets the proxies through and stops at the first untrusted hop', async () => {
    t = await startTestApp(db(), { TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    await t.setupAdmin();
    for (let i = 0; i < throttleLimits.ip; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: `guess${i}@example.org`, password: 'a guessed password' },
        // client-written junk, the client, then two internal proxies
        headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9, 10.1.1.1, 10.2.2.2` },
      });
    }
    const limited = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: 'x@example.org', password: 'a guessed password' },
      headers: { 'x-forwarded-for': '203.0.113.9, 10.1.1.1' },
    });
    expect(limited.statusCode).toBe(429);
  });

  it('counts sign-in failures from one IPv6 /64 together, whatever the addresses in it', async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    await t.setupAdmin();
    for (let i = 0; i < throttleLimits.ip; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: `guess${i}@example.org`, password: 'a guessed password' },
        headers: { 'x-forwarded-for': `2001:db8:5:6:${i.toString(16)}::1` },
      });
    }
    const limited = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: 'another@example.org', password: 'a guessed password' },
      headers: { 'x-forwarded-for': '2001:db8:5:6:ffff:1:2:3' },
    });
    expect(limited.statusCode).toBe(429);
    const otherNetwork = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: ADMIN.password },
      headers: { 'x-forwarded-for': '2001:db8:5:7::1' },
    });
    expect(otherNetwork.statusCode).toBe(200);
  });

  it('wrong passwords from strangers do not lock the right person out on a browser they used before', async () => {
    t = await startTestApp(db());
    await t.setupAdmin();
    const first = await signIn(ADMIN.password);
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'pw_device');
    expect(device?.httpOnly).toBe(true);
    expect(device?.path).toBe('/api/v1/auth/sign-in');
    const deviceCookie = `pw_device=${device?.value}`;
    // An attacker elsewhere keeps the account's lockout going.
    for (let i = 0; i < 8; i++) await signIn(`wrong password ${i}`, { 'x-forwarded-for': '203.0.113.1' });
    expect((await signIn(ADMIN.password)).statusCode).toBe(429);
    // The coordinator's own browser still signs in with the right password.
    const own = await signIn(ADMIN.password, {}, deviceCookie);
    expect(own.statusCode).toBe(200);
    // A device cookie for another account, or a forged one, counts as an unknown browser.
    expect((await signIn(ADMIN.password, {}, 'pw_device=abc.def')).statusCode).toBe(429);
    // A known browser that guesses wrong is limited on its own.
    for (let i = 0; i < throttleLimits.device; i++)
      expect((await signIn(`wrong ${i}`, {}, deviceCookie)).statusCode).toBe(401);
    expect((await signIn(ADMIN.password, {}, deviceCookie)).statusCode).toBe(429);
  });

  describe('the join form', () => {
    const origin = 'https://observe.example.kz';
    const body = (token: { token: string; consentVersion: string }, phone: string) => ({
      token: token.token,
      consentVersion: token.consentVersion,
      fullName: 'Әсем Өмірзақова',
      phone,
      birthDate: '1990-03-15',
      languages: ['kk'],
      availability: ['election_day'],
      consent: true,
      locale: 'kk',
    });
    const newToken = async () => (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json();
    const join = (token: { token: string; consentVersion: string }, phone: string, ip: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/join',
        body: body(token, phone),
        headers: { 'x-forwarded-for': ip, origin },
      });

    it('accepts one sign-up per form token', async () => {
      t = await startTestApp(db(), { TRUST_PROXY: 'true', PUBLIC_URL: origin });
      const token = await newToken();
      t.advance(5_000);
      expect((await join(token, '+7 701 000 00 01', '10.3.0.1')).statusCode).toBe(202);
      const replay = await join(token, '+7 701 000 00 02', '10.3.0.2');
      expect(replay.statusCode).toBe(400);
      expect(replay.json().error.code).toBe('join_token_invalid');
      // A mistake in the form does not spend it.
      const fresh = await newToken();
      t.advance(5_000);
      expect((await join(fresh, '12', '10.3.0.3')).statusCode).toBe(422);
      expect((await join(fresh, '+7 701 000 00 03', '10.3.0.3')).statusCode).toBe(202);
    });

    it('limits sign-ups per IPv6 /64', async () => {
      t = await startTestApp(db(), { TRUST_PROXY: 'true', PUBLIC_URL: origin });
      let limited = 0;
      for (let i = 0; i < 30; i++) {
        const token = await newToken();
        t.advance(4_000);
        const r = await join(
          token,
          `+7 702 000 ${String(i).padStart(2, '0')} 00`,
          `2001:db8:77:1:${i.toString(16)}::5`,
        );
        if (r.statusCode === 429) limited += 1;
      }
      expect(limited).toBe(10);
    });

    it('purges old sign-up attempts and spent tokens', async () => {
      t = await startTestApp(db(), { TRUST_PROXY: 'true', PUBLIC_URL: origin });
      const token = await newToken();
      t.advance(5_000);
      expect((await join(token, '+7 703 000 00 01', '10.4.0.1')).statusCode).toBe(202);
      const count = async () =>
        Number(
          (
            (await (t.store as unknown as { kysely: any }).kysely
              .selectFrom('join_attempts')
              .select((eb: any) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()) as { n: number | string }
          ).n,
        );
      expect(await count()).toBe(3);
      t.advance(26 * 3600_000);
      await t.auth.purgeExpired();
      expect(await count()).toBe(0);
    });
  });
});

describeEachDialect('first-run setup (issue 21)', (db) => {
  let t: TestApp;
  afterEach(() => t.close());

  it('needs the one-time token the server printed, when serve asked for one', async () => {
    t = await startTestApp(db());
    t.auth.requireSetupToken('s3cret-token');
    const body = ADMIN;
    expect((await t.request({ method: 'POST', url: '/api/v1/setup', body })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: '/api/v1/setup?token=guess', body })).statusCode).toBe(403);
    expect(await t.auth.setupNeeded()).toBe(true);
    expect((await t.request({ method: 'POST', url: '/api/v1/setup?token=s3cret-token', body })).statusCode).toBe(201);
  });
});
