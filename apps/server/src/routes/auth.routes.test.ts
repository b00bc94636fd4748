import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { throttleLimits } from '../auth/sign-in-throttle.ts';
import { ADMIN, cookieFrom, ORIGIN, STAFF_PASSWORD, startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('setup, sign-in and sessions', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(db());
  });
  afterEach(() => t.close());

  it('creates the first admin once; afterwards /setup is gone', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    const created = await t.request({ method: 'POST', url: '/api/v1/setup', body: ADMIN });
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({ role: 'admin', email: ADMIN.email, displayName: ADMIN.displayName });
    const cookie = created.cookies.find((c) => c.name === 'pw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();

    expect((await t.request({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: false });
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/setup',
      body: { ...ADMIN, email: 'other@example.org' },
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('setup_done');
    expect(await t.store.users.count()).toBe(1);

    const page = await t.request({ method: 'GET', url: '/setup' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in');
  });

  it('lets only one of two simultaneous setups win', async () => {
    const [a, b] = await Promise.all([
      t.request({ method: 'POST', url: '/api/v1/setup', body: ADMIN }),
      t.request({ method: 'POST', url: '/api/v1/setup', body: { ...ADMIN, email: 'second@example.org' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 410]);
    expect(await t.store.users.count()).toBe(1);
  });

  it('refuses a weak first password and writes nothing', async () => {
    const weak = await t.request({ method: 'POST', url: '/api/v1/setup', body: { ...ADMIN, password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'password_too_weak', details: { reason: 'too_short' } });
    const same = await t.request({
      method: 'POST',
      url: '/api/v1/setup',
      body: { ...ADMIN, password: ADMIN.email.toUpperCase() },
    });
    expect(same.json().error.details).toEqual({ reason: 'same_as_identity' });
    expect(await t.store.users.count()).toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
  });

  it('signs staff in with email and password, case-insensitively, and out again', async () => {
    await t.setupAdmin();
    const wrong = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');

    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: 'nobody@example.org', password: 'whatever it is here' },
    });
    // An unknown account looks exactly like a wrong password.
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());

    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: '  ADMIN@Example.ORG ', password: ADMIN.password },
    });
    expect(ok.statusCode).toBe(200);
    const cookie = cookieFrom(ok);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).json().user.email).toBe(ADMIN.email);

    const out = await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', cookie });
    expect(out.statusCode).toBe(204);
    const after = await t.request({ method: 'GET', url: '/api/v1/me', cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('stores no password or session token in clear', async () => {
    const cookie = await t.setupAdmin();
    const token = cookie.split('=')[1] ?? '';
    const found = await t.store.users.findWithPasswordByEmail(ADMIN.email);
    expect(found?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(found?.passwordHash).not.toContain(ADMIN.password);
    expect(await t.store.users.withSession(token, t.now())).toBeUndefined();
  });

  it('expires a staff session after 12 idle hours and keeps a used one alive', async () => {
    const cookie = await t.setupAdmin();
    t.advance(11 * 3600_000);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
    t.advance(11 * 3600_000);
    // Used 11 hours ago, so still valid: the expiry rolled forward on use.
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(200);
    t.advance(12 * 3600_000 + 1000);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
  });

  it('rate-limits failed sign-ins per account with 429 and Retry-After', async () => {
    await t.setupAdmin();
    for (let i = 0; i < 5; i++) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: ADMIN.email, password: `wrong password ${i}` },
      });
      expect(r.statusCode).toBe(401);
    }
    const limited = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBe(15 * 60);

    t.advance(10 * 60_000);
    const stillLimited = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(Number(stillLimited.headers['retry-after'])).toBe(5 * 60);

    t.advance(5 * 60_000 + 1000);
    const after = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(after.statusCode).toBe(200);
  });

  it('rate-limits failed sign-ins per IP across accounts', async () => {
    await t.setupAdmin();
    for (let i = 0; i < throttleLimits.ip; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: `guess${i}@example.org`, password: 'a guessed password' },
      });
    }
    const limited = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('signs an observer in with a one-time invite code that works once', async () => {
    const admin = await t.setupAdmin();
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { role: 'observer', displayName: 'Ерлан Абаев', locale: 'kk' },
    });
    expect(created.statusCode).toBe(201);
    const observer = created.json().user;
    expect(observer).toMatchObject({ role: 'observer', email: null, locale: 'kk' });

    const invite = await t.request({ method: 'POST', url: `/api/v1/users/${observer.id}/invites`, cookie: admin });
    expect(invite.statusCode).toBe(201);
    const { code, path, expiresAt } = invite.json();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(path).toBe(`/invite#${code.replaceAll('-', '')}`);
    expect(new Date(expiresAt).getTime() - t.now().getTime()).toBe(14 * 24 * 3600_000);

    // Typed by hand: lower case, spaces instead of dashes.
    const typed = code.toLowerCase().replaceAll('-', ' ');
    const redeemed = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: typed } });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json().user.id).toBe(observer.id);
    const phone = cookieFrom(redeemed);

    const reused = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code } });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('invite_invalid');

    // The observer stays signed in on the phone for weeks.
    t.advance(30 * 24 * 3600_000);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: phone })).statusCode).toBe(200);
  });

  it('rate-limits wrong invite codes per IP', async () => {
    for (let i = 0; i < throttleLimits['invite-ip']; i++) {
      const r = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: `WRONG-CODE-${i}` } });
      expect(r.statusCode).toBe(401);
    }
    const limited = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: 'ABCD-EFGH-JKMN' } });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBe(15 * 60);
    // Another address is not affected.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invite',
      remoteAddress: '10.1.2.3',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:80' },
      payload: JSON.stringify({ code: 'ABCD-EFGH-JKMN' }),
    });
    expect(other.statusCode).toBe(401);
  });

  it('rejects an expired invite and an older invite once a new one is issued', async () => {
    const admin = await t.setupAdmin();
    const observer = (
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { role: 'observer', displayName: 'Дана' },
      })
    ).json().user;
    const first = (
      await t.request({ method: 'POST', url: `/api/v1/users/${observer.id}/invites`, cookie: admin })
    ).json();
    const second = (
      await t.request({ method: 'POST', url: `/api/v1/users/${observer.id}/invites`, cookie: admin })
    ).json();
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: first.code } })).statusCode,
    ).toBe(401);
    t.advance(15 * 24 * 3600_000);
    expect(
      (await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: second.code } })).statusCode,
    ).toBe(401);
  });

  it('refuses invites for staff accounts', async () => {
    const admin = await t.setupAdmin();
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user;
    const r = await t.request({ method: 'POST', url: `/api/v1/users/${me.id}/invites`, cookie: admin });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('role_not_allowed');
  });

  it('refuses cross-site writes (CSRF) and cookie writes without an Origin', async () => {
    const cookie = await t.setupAdmin();
    const body = { displayName: 'Changed' };
    const evil = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      body,
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('csrf_rejected');
    const fetchSite = await t.request({
      method: 'PATCH',
      url: '/api/v1/me',
      cookie,
      body,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.statusCode).toBe(403);
    const noOrigin = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(noOrigin.statusCode).toBe(403);
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie })).json().user;
    expect(me.displayName).toBe(ADMIN.displayName);

    const same = await t.request({ method: 'PATCH', url: '/api/v1/me', cookie, body, headers: { origin: ORIGIN } });
    expect(same.statusCode).toBe(200);
    expect(same.json().user.displayName).toBe('Changed');
  });

  it('changes a password, signing out other devices but not this one', async () => {
    const first = await t.setupAdmin();
    const second = cookieFrom(
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        body: { email: ADMIN.email, password: ADMIN.password },
      }),
    );
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/me/password',
      cookie: first,
      body: { currentPassword: ADMIN.password, newPassword: STAFF_PASSWORD },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: first })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: second })).statusCode).toBe(401);
    const old = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(old.statusCode).toBe(401);
  });

  it('throttles guessing the current password through an open session', async () => {
    const cookie = await t.setupAdmin();
    for (let i = 0; i < throttleLimits.account; i++) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/me/password',
        cookie,
        body: { currentPassword: `guess number ${i}`, newPassword: STAFF_PASSWORD },
      });
      expect(r.statusCode).toBe(401);
    }
    const limited = await t.request({
      method: 'POST',
      url: '/api/v1/me/password',
      cookie,
      body: { currentPassword: ADMIN.password, newPassword: STAFF_PASSWORD },
    });
    expect(limited.statusCode).toBe(429);
  });

  it('signs out a disabled account at once and refuses its sign-in', async () => {
    const admin = await t.setupAdmin();
    const { cookie, user } = await t.signInAs('coordinator', admin);
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      cookie: admin,
      body: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
    const again = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: user.email, password: STAFF_PASSWORD },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('account_disabled');
  });
});
