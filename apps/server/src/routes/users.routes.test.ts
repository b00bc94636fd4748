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

  /** Regions A (with district A1) and B, and a regional coordinator of A. */
  async function twoRegions() {
    const area = async (body: Record<string, unknown>) => {
      const r = await t.request({ method: 'POST', url: '/api/v1/areas', cookie: admin, body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().area.id as string;
    };
    const a = await area({ parentId: null, level: 'region', name: { ru: 'Регион А' } });
    const a1 = await area({ parentId: a, level: 'district', name: { ru: 'Район А1' } });
    const b = await area({ parentId: null, level: 'region', name: { ru: 'Регион Б' } });
    const rc = await t.signInAs('regional_coordinator', admin);
    const set = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${rc.user.id}`,
      cookie: admin,
      body: { areaId: a },
    });
    expect(set.statusCode, set.body).toBe(200);
    const observer = async (displayName: string, areaId?: string) => {
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        cookie: admin,
        body: { role: 'observer', displayName, ...(areaId ? { areaId } : {}) },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().user as { id: string; areaId: string | null };
    };
    return { a, a1, b, rc, observer };
  }

  const outOfScopeEntries = async (entityId: string) =>
    (
      await t.request({
        method: 'GET',
        url: `/api/v1/audit?action=access.out_of_scope&entityId=${entityId}`,
        cookie: admin,
      })
    )
      .json()
      .items.map((e: { entityType: string; actorId: string; outcome: string }) => [e.entityType, e.actorId, e.outcome]);

  it("shows a regional coordinator only the observers of their area, and no one's without an area", async () => {
    const w = await twoRegions();
    const inA1 = await w.observer('Айдос', w.a1);
    expect(inA1.areaId).toBe(w.a1);
    await w.observer('Бекзат', w.b);
    await w.observer('Нигде');
    const list = await t.request({ method: 'GET', url: '/api/v1/users', cookie: w.rc.cookie });
    expect(list.json().items.map((u: { id: string }) => u.id)).toEqual([inA1.id]);
    const staffOnly = await t.request({ method: 'GET', url: '/api/v1/users?role=admin', cookie: w.rc.cookie });
    expect(staffOnly.json().items).toEqual([]);
    // The national view is unchanged: everyone.
    const all = (await t.request({ method: 'GET', url: '/api/v1/users', cookie: admin })).json().items;
    expect(all).toHaveLength(5);
    const noArea = await t.signInAs('regional_coordinator', admin);
    expect((await t.request({ method: 'GET', url: '/api/v1/users', cookie: noArea.cookie })).json().items).toEqual([]);
  });

  it("answers 404 for another region's observer on every account route, and audits the attempt", async () => {
    const w = await twoRegions();
    const inB = await w.observer('Бекзат', w.b);
    const phone = await t.request({ method: 'POST', url: `/api/v1/users/${inB.id}/invites`, cookie: admin });
    const code = phone.json().code;
    const session = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code } });
    const observerCookie = `pw_session=${session.cookies.find((c) => c.name === 'pw_session')?.value}`;
    const attempts = [
      { method: 'PATCH' as const, url: `/api/v1/users/${inB.id}`, body: { status: 'disabled' } },
      { method: 'POST' as const, url: `/api/v1/users/${inB.id}/sign-out` },
      { method: 'POST' as const, url: `/api/v1/users/${inB.id}/invites` },
      { method: 'POST' as const, url: `/api/v1/users/${inB.id}/invites`, body: { replaceSession: true } },
    ];
    for (const attempt of attempts) {
      const r = await t.request({ ...attempt, cookie: w.rc.cookie });
      expect(`${r.statusCode} ${r.json().error.code}`, `${attempt.method} ${attempt.url}`).toBe('404 not_found');
    }
    expect(await outOfScopeEntries(inB.id)).toEqual(attempts.map(() => ['user', w.rc.user.id, 'refused']));
    // Nothing changed: B's observer is active and still signed in, with no new invite.
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: observerCookie })).statusCode).toBe(200);
    const invites = (
      await t.request({ method: 'GET', url: `/api/v1/audit?action=invite.issued&entityId=${inB.id}`, cookie: admin })
    ).json().items;
    expect(invites).toHaveLength(1);
    // A missing account is a plain 404, with no out-of-scope entry.
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await t.request({ method: 'POST', url: `/api/v1/users/${missing}/sign-out`, cookie: w.rc.cookie });
    expect(r.statusCode).toBe(404);
    expect(await outOfScopeEntries(missing)).toEqual([]);
    // A staff account, even one working in their own area, answers the same: they manage observers only.
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).json().user;
    const staff = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      cookie: w.rc.cookie,
      body: { displayName: 'X' },
    });
    expect(`${staff.statusCode} ${staff.json().error.code}`).toBe('404 not_found');
    expect(await outOfScopeEntries(me.id)).toEqual([['user', w.rc.user.id, 'refused']]);
    // Their own region's observer they manage as before.
    const inA = await w.observer('Айдос', w.a1);
    const renamed = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${inA.id}`,
      cookie: w.rc.cookie,
      body: { displayName: 'Айдос Н.' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
  });

  it("places a regional coordinator's new observer in their area, or in one of its areas, never outside", async () => {
    const w = await twoRegions();
    const create = (body: Record<string, unknown>, cookie = w.rc.cookie) =>
      t.request({ method: 'POST', url: '/api/v1/users', cookie, body: { role: 'observer', ...body } });
    const own = await create({ displayName: 'Без района' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().user.areaId).toBe(w.a);
    const district = await create({ displayName: 'В районе', areaId: w.a1 });
    expect(district.json().user.areaId).toBe(w.a1);
    const before = await t.store.users.count();
    for (const areaId of [w.b, null]) {
      const outside = await create({ displayName: 'Чужой', areaId });
      expect(outside.statusCode).toBe(422);
      expect(outside.json().error).toMatchObject({
        code: 'outside_area',
        details: [{ in: 'body', path: '/areaId', keyword: 'outside_area' }],
      });
    }
    expect(await t.store.users.count()).toBe(before);
    // Both are theirs: listed, and stored with the area.
    const listed = (await t.request({ method: 'GET', url: '/api/v1/users', cookie: w.rc.cookie })).json().items;
    expect(listed.map((u: { areaId: string }) => u.areaId).sort()).toEqual([w.a, w.a1].sort());
    expect((await t.store.users.findById(own.json().user.id))?.areaId).toBe(w.a);
    // Without an area of their own, a regional coordinator places no one.
    const noArea = await t.signInAs('regional_coordinator', admin);
    expect((await create({ displayName: 'Никуда' }, noArea.cookie)).json().error.code).toBe('outside_area');
    // National staff place an observer anywhere, or nowhere; an unknown area is refused.
    const coordinator = await t.signInAs('coordinator', admin);
    expect((await create({ displayName: 'Б', areaId: w.b }, coordinator.cookie)).json().user.areaId).toBe(w.b);
    expect((await create({ displayName: 'Н' }, coordinator.cookie)).json().user.areaId).toBeNull();
    const unknown = await create({ displayName: 'Х', areaId: '00000000-0000-4000-8000-000000000000' }, admin);
    expect(unknown.json().error.details).toEqual([{ in: 'body', path: '/areaId', keyword: 'not_found' }]);
  });

  it('re-invites a signed-in observer only when told to replace the session, which then ends', async () => {
    const w = await twoRegions();
    const { cookie: phone, user } = await t.signInAs('observer', admin);
    await t.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, cookie: admin, body: { areaId: w.a1 } });
    const invites = async () =>
      (
        await t.request({ method: 'GET', url: `/api/v1/audit?action=invite.issued&entityId=${user.id}`, cookie: admin })
      ).json().items as { details: unknown; actorId: string }[];
    const issuedBefore = (await invites()).length;
    for (const body of [undefined, {}, { replaceSession: false }]) {
      const refused = await t.request({
        method: 'POST',
        url: `/api/v1/users/${user.id}/invites`,
        cookie: w.rc.cookie,
        body,
      });
      expect(`${refused.statusCode} ${refused.json().error.code}`).toBe('409 observer_has_session');
    }
    expect(await invites()).toHaveLength(issuedBefore);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: phone })).statusCode).toBe(200);

    const replaced = await t.request({
      method: 'POST',
      url: `/api/v1/users/${user.id}/invites`,
      cookie: w.rc.cookie,
      body: { replaceSession: true },
    });
    expect(replaced.statusCode, replaced.body).toBe(201);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: phone })).statusCode).toBe(401);
    expect((await invites())[0]).toMatchObject({ actorId: w.rc.user.id, details: { replacedSession: true } });
    const newPhone = await t.request({
      method: 'POST',
      url: '/api/v1/auth/invite',
      body: { code: replaced.json().code },
    });
    expect(newPhone.statusCode).toBe(200);

    // An observer whose session expired (60 days unused) is no longer signed in: a plain new code,
    // no body needed. The admin stays signed in meanwhile.
    for (let hours = 0; hours < 61 * 24; hours += 10) {
      t.advance(10 * 3600_000);
      expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin })).statusCode).toBe(200);
    }
    const again = await t.request({ method: 'POST', url: `/api/v1/users/${user.id}/invites`, cookie: admin });
    expect(again.statusCode, again.body).toBe(201);
    expect((await invites())[0]?.details).not.toHaveProperty('replacedSession');
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
