import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STAFF_PASSWORD, startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('accounts', (db) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  it('lets the admin create staff, who then sign in', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: {
        role: 'trainer',
        displayName: 'Гульнара',
        email: 'Trainer@Example.org',
        password: STAFF_PASSWORD,
        locale: 'en',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({
      role: 'trainer',
      email: 'trainer@example.org',
      locale: 'en',
      status: 'active',
    });
    const duplicate = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { role: 'editor', displayName: 'Другой', email: 'trainer@example.org', password: STAFF_PASSWORD },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('email_taken');
  });

  it('requires an email and a password for staff and refuses a password for observers', async () => {
    const staff = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { role: 'analyst', displayName: 'А' },
    });
    expect(staff.statusCode).toBe(400);
    expect(
      staff
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['/email', '/password']);
    const observer = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie: admin,
      body: { role: 'observer', displayName: 'Б', password: STAFF_PASSWORD },
    });
    expect(observer.statusCode).toBe(400);
    expect(observer.json().error.details).toEqual([{ in: 'body', path: '/password', keyword: 'not_allowed' }]);
  });

  it('lets coordinators create observers but not staff', async () => {
    const { cookie } = await t.signInAs('coordinator', admin);
    const observer = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie,
      body: { role: 'observer', displayName: 'Нурлан' },
    });
    expect(observer.statusCode).toBe(201);
    const staff = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      cookie,
      body: { role: 'admin', displayName: 'Захват', email: 'x@example.org', password: STAFF_PASSWORD },
    });
    expect(staff.statusCode).toBe(403);
    expect(staff.json().error.code).toBe('role_not_allowed');
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user;
    const promote = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      cookie,
      body: { displayName: 'X' },
    });
    expect(promote.statusCode).toBe(403);
  });

  it('shows a regional coordinator observers only', async () => {
    const { cookie } = await t.signInAs('regional_coordinator', admin);
    await t.request({ method: 'POST', url: '/api/v1/users', cookie, body: { role: 'observer', displayName: 'Айдос' } });
    const list = await t.request({ method: 'GET', url: '/api/v1/users', cookie });
    expect(list.json().items.map((u: { role: string }) => u.role)).toEqual(['observer']);
    const staffOnly = await t.request({ method: 'GET', url: '/api/v1/users?role=admin', cookie });
    expect(staffOnly.json().items).toEqual([]);
  });

  it('filters and searches accounts, case-insensitively in Cyrillic', async () => {
    for (const name of ['Әлия Қасымова', 'Бауыржан Өмiров', 'Carol Smith']) {
      await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { role: 'observer', displayName: name },
      });
    }
    const byRole = await t.request({ method: 'GET', url: '/api/v1/users?role=observer', cookie: admin });
    expect(byRole.json().items).toHaveLength(3);
    const search = await t.request({
      method: 'GET',
      url: `/api/v1/users?q=${encodeURIComponent('smith')}`,
      cookie: admin,
    });
    expect(search.json().items.map((u: { displayName: string }) => u.displayName)).toEqual(['Carol Smith']);
    for (const q of ['әлия', 'ҚАСЫМ']) {
      const cyrillic = await t.request({
        method: 'GET',
        url: `/api/v1/users?q=${encodeURIComponent(q)}`,
        cookie: admin,
      });
      expect(cyrillic.json().items.map((u: { displayName: string }) => u.displayName)).toEqual(['Әлия Қасымова']);
    }
    const wildcard = await t.request({
      method: 'GET',
      url: `/api/v1/users?q=${encodeURIComponent('%')}`,
      cookie: admin,
    });
    expect(wildcard.json().items).toEqual([]);
  });

  it('signs an account out on every device, for a lost phone', async () => {
    const { cookie, user } = await t.signInAs('observer', admin);
    const coordinator = await t.signInAs('coordinator', admin);
    const done = await t.request({
      method: 'POST',
      url: `/api/v1/users/${user.id}/sign-out`,
      cookie: coordinator.cookie,
    });
    expect(done.statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie })).statusCode).toBe(401);
    // A coordinator may not do it to staff.
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user;
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/users/${me.id}/sign-out`,
      cookie: coordinator.cookie,
    });
    expect(refused.statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).statusCode).toBe(200);
    const log = (await t.request({ method: 'GET', url: `/api/v1/audit?entityId=${user.id}`, cookie: admin })).json();
    expect(log.items[0]).toMatchObject({ action: 'user.signed_out_everywhere', actorId: coordinator.user.id });
  });

  it('records failed invite codes as refused, without the code', async () => {
    await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: 'ABCD-EFGH-JKMN' } });
    await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: 'nonsense' } });
    const log = (
      await t.request({ method: 'GET', url: '/api/v1/audit?action=auth.invite_failed', cookie: admin })
    ).json();
    expect(log.items.map((e: { details: unknown }) => e.details)).toEqual([
      { reason: 'malformed' },
      { reason: 'unknown_used_or_expired' },
    ]);
    expect(JSON.stringify(log)).not.toContain('ABCD');
  });

  it('never demotes or disables the last active admin', async () => {
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user;
    const demote = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      cookie: admin,
      body: { role: 'coordinator' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('last_admin');
    const disable = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      cookie: admin,
      body: { status: 'disabled' },
    });
    expect(disable.statusCode).toBe(409);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user.role).toBe('admin');
  });

  it('records who changed which account in the audit log, newest first, with filters and pages', async () => {
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { role: 'observer', displayName: `Н${i}` },
      });
      ids.push(r.json().user.id);
    }
    await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${ids[0]}`,
      cookie: admin,
      body: { displayName: 'Новое имя' },
    });

    const created = await t.request({ method: 'GET', url: '/api/v1/audit?action=user.created&limit=2', cookie: admin });
    const page1 = created.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]).toMatchObject({
      actorId: me.id,
      actorName: me.displayName,
      action: 'user.created',
      entityType: 'user',
      entityId: ids[2],
      outcome: 'ok',
      details: { role: 'observer' },
    });
    expect(page1.nextCursor).toBe(page1.items[1].id);
    const page2 = (
      await t.request({
        method: 'GET',
        url: `/api/v1/audit?action=user.created&limit=2&before=${page1.nextCursor}`,
        cookie: admin,
      })
    ).json();
    expect(page2.items.map((e: { entityId: string }) => e.entityId)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();

    const updated = (await t.request({ method: 'GET', url: `/api/v1/audit?entityId=${ids[0]}`, cookie: admin })).json();
    expect(updated.items.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(updated.items[0].details).toEqual({ fields: ['displayName'] });
    // Personal data stays out of the audit details.
    expect(JSON.stringify(updated)).not.toContain('Новое имя');

    t.advance(3600_000);
    const later = new Date(t.now().getTime() - 60_000).toISOString();
    const none = (await t.request({ method: 'GET', url: `/api/v1/audit?from=${later}`, cookie: admin })).json();
    expect(none.items).toEqual([]);
  });

  it('keeps the audit log append-only in the database itself', async () => {
    const { sql } = await import('kysely');
    await expect(sql`update audit_log set action = 'forged'`.execute(db().kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db().kysely)).rejects.toThrow(/append-only/);
  });

  it('audits sign-ins, failures and sign-outs without storing the email tried', async () => {
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: 'ghost@example.org', password: 'nope nope nope' },
    });
    await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', cookie: admin });
    const fresh = await t.request({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      body: { email: 'admin@example.org', password: 'correct horse battery staple' },
    });
    const cookie = `pw_session=${fresh.cookies.find((c) => c.name === 'pw_session')?.value}`;
    const log = (await t.request({ method: 'GET', url: '/api/v1/audit', cookie })).json();
    const actions = log.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['auth.signed_in', 'auth.signed_out', 'auth.sign_in_failed', 'setup.completed']);
    expect(JSON.stringify(log)).not.toContain('ghost');
  });
});
