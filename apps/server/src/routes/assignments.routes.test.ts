import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rowCounts, startTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Assignments and stations seen by a regional coordinator of region A, with data in A and B: their
 * area's records only, another region's by id answer 404 (and leave `access.out_of_scope`), a body
 * naming B's station or observer is 422 `outside_area`, and the export is A's rows, audited.
 */
describeEachDialect('assignments and stations by area', (db) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, cookie = admin) =>
    t.request({ method, url, body, cookie });
  const created = async <T>(method: 'POST' | 'PATCH', url: string, body: unknown, key: string): Promise<T> => {
    const r = await call(method, url, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json()[key] as T;
  };

  async function world() {
    const election = await created<{ id: string }>(
      'POST',
      '/api/v1/elections',
      { name: { ru: 'Выборы', kk: 'Сайлау' }, kind: 'presidential', votingDate: '2026-12-06', timeZone: 'Asia/Almaty' },
      'election',
    );
    const area = (body: Record<string, unknown>) => created<{ id: string }>('POST', '/api/v1/areas', body, 'area');
    const a = await area({ parentId: null, level: 'region', name: { ru: 'Регион А' } });
    const a1 = await area({ parentId: a.id, level: 'district', name: { ru: 'Район А1' } });
    const b = await area({ parentId: null, level: 'region', name: { ru: 'Регион Б' } });
    const station = (areaId: string, number: number, address: string) =>
      created<{ id: string }>(
        'POST',
        `/api/v1/elections/${election.id}/stations`,
        { areaId, number, address },
        'station',
      );
    const stationA = await station(a1.id, 101, 'Адрес А, 1');
    const stationB = await station(b.id, 201, 'Адрес Б, 1');
    const observer = (displayName: string, areaId: string | null) =>
      created<{ id: string }>('POST', '/api/v1/users', { role: 'observer', displayName, areaId }, 'user');
    const observerA = await observer('Айгуль Альфа', a.id);
    const observerB = await observer('Болат Бета', b.id);
    const nowhere = await observer('Нурлан Нигде', null);
    const assign = (observerId: string, stationId: string) =>
      created<{ id: string }>(
        'POST',
        `/api/v1/elections/${election.id}/assignments`,
        { observerId, stationId, shift: 'voting_day' },
        'assignment',
      );
    const assignmentA = await assign(observerA.id, stationA.id);
    const assignmentB = await assign(observerB.id, stationB.id);
    const rc = await t.signInAs('regional_coordinator', admin);
    await created('PATCH', `/api/v1/users/${rc.user.id}`, { areaId: a.id }, 'user');
    return { election, a, a1, b, stationA, stationB, observerA, observerB, nowhere, assignmentA, assignmentB, rc };
  }

  const outOfScope = async (entityId: string) =>
    (await call('GET', `/api/v1/audit?action=access.out_of_scope&entityId=${entityId}`)).json().items as {
      actorId: string;
      entityType: string;
    }[];

  it("lists a regional coordinator's stations and assignments of their area only; the national view is whole", async () => {
    const w = await world();
    const ids = (r: { json(): { items: { id: string }[] } }) =>
      r
        .json()
        .items.map((i) => i.id)
        .sort();
    const stations = `/api/v1/elections/${w.election.id}/stations`;
    const assignments = `/api/v1/elections/${w.election.id}/assignments`;
    expect(ids(await call('GET', stations, undefined, w.rc.cookie))).toEqual([w.stationA.id]);
    expect(ids(await call('GET', `${stations}?areaId=${w.b.id}`, undefined, w.rc.cookie))).toEqual([]);
    expect((await call('GET', stations, undefined, w.rc.cookie)).json().total).toBe(1);
    expect(ids(await call('GET', assignments, undefined, w.rc.cookie))).toEqual([w.assignmentA.id]);
    expect(ids(await call('GET', `${assignments}?observerId=${w.observerB.id}`, undefined, w.rc.cookie))).toEqual([]);
    for (const cookie of [admin, (await t.signInAs('coordinator', admin)).cookie]) {
      expect(ids(await call('GET', stations, undefined, cookie))).toEqual([w.stationA.id, w.stationB.id].sort());
      expect(ids(await call('GET', assignments, undefined, cookie))).toEqual(
        [w.assignmentA.id, w.assignmentB.id].sort(),
      );
    }
    // Without an area, a regional coordinator sees no station and no assignment.
    const noArea = await t.signInAs('regional_coordinator', admin);
    expect(ids(await call('GET', stations, undefined, noArea.cookie))).toEqual([]);
    expect(ids(await call('GET', assignments, undefined, noArea.cookie))).toEqual([]);
    // The territory tree stays whole: it names places, not people.
    expect((await call('GET', '/api/v1/areas', undefined, w.rc.cookie)).json().items).toHaveLength(3);
  });

  it("answers 404 for another region's station or assignment by id, records it, and deletes nothing", async () => {
    const w = await world();
    expect((await call('GET', `/api/v1/stations/${w.stationA.id}`, undefined, w.rc.cookie)).statusCode).toBe(200);
    const station = await call('GET', `/api/v1/stations/${w.stationB.id}`, undefined, w.rc.cookie);
    expect(`${station.statusCode} ${station.json().error.code}`).toBe('404 not_found');
    expect(await outOfScope(w.stationB.id)).toMatchObject([{ actorId: w.rc.user.id, entityType: 'station' }]);
    const before = await rowCounts(t.store);
    const removed = await call('DELETE', `/api/v1/assignments/${w.assignmentB.id}`, undefined, w.rc.cookie);
    expect(`${removed.statusCode} ${removed.json().error.code}`).toBe('404 not_found');
    expect(await outOfScope(w.assignmentB.id)).toMatchObject([{ actorId: w.rc.user.id, entityType: 'assignment' }]);
    const all = (await call('GET', `/api/v1/elections/${w.election.id}/assignments`)).json().items;
    expect(all).toHaveLength(2);
    // Only the out-of-scope entry was written.
    expect(await rowCounts(t.store)).toEqual({ ...before, audit: (before.audit ?? 0) + 1 });
    // A missing one is a plain 404 with no such entry; their own region's assignment they remove.
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await call('DELETE', `/api/v1/assignments/${missing}`, undefined, w.rc.cookie)).statusCode).toBe(404);
    expect(await outOfScope(missing)).toEqual([]);
    expect((await call('DELETE', `/api/v1/assignments/${w.assignmentA.id}`, undefined, w.rc.cookie)).statusCode).toBe(
      204,
    );
  });

  it("refuses with 422 outside_area a body naming another region's station or observer, changing nothing", async () => {
    const w = await world();
    const url = `/api/v1/elections/${w.election.id}/assignments`;
    const list = async () => (await call('GET', url)).json().items.map((a: { id: string }) => a.id);
    const before = await list();
    const attempts = [
      { body: { observerId: w.observerA.id, stationId: w.stationB.id }, path: '/stationId' },
      { body: { observerId: w.observerB.id, stationId: w.stationA.id }, path: '/observerId' },
      { body: { observerId: w.nowhere.id, stationId: w.stationA.id }, path: '/observerId' },
    ];
    for (const { body, path } of attempts) {
      const r = await call('POST', url, { ...body, shift: 'counting' }, w.rc.cookie);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error).toMatchObject({
        code: 'outside_area',
        details: [{ in: 'body', path, keyword: 'outside_area' }],
      });
    }
    expect(await list()).toEqual(before);
    // An observer this coordinator created (placed in their area by default) can go to their station.
    const own = (await call('POST', '/api/v1/users', { role: 'observer', displayName: 'Новый' }, w.rc.cookie)).json()
      .user;
    const inside = await call(
      'POST',
      url,
      { observerId: own.id, stationId: w.stationA.id, shift: 'counting' },
      w.rc.cookie,
    );
    expect(inside.statusCode, inside.body).toBe(201);
    // The national coordinator sends anyone anywhere.
    const coordinator = await t.signInAs('coordinator', admin);
    const national = await call(
      'POST',
      url,
      { observerId: w.nowhere.id, stationId: w.stationB.id, shift: 'counting' },
      coordinator.cookie,
    );
    expect(national.statusCode, national.body).toBe(201);
  });

  it("exports a regional coordinator's assignments and stations of their area only, and audits the assignments file", async () => {
    const w = await world();
    const exportUrl = `/api/v1/elections/${w.election.id}/assignments/export?format=csv`;
    const mine = await call('GET', exportUrl, undefined, w.rc.cookie);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Айгуль Альфа');
    expect(mine.body).not.toContain('Болат Бета');
    const everything = await call('GET', exportUrl);
    expect(everything.body).toContain('Айгуль Альфа');
    expect(everything.body).toContain('Болат Бета');
    const log = (await call('GET', '/api/v1/audit?action=export.downloaded')).json().items as {
      actorId: string;
      entityType: string;
      details: Record<string, unknown>;
    }[];
    const me = (await call('GET', '/api/v1/me')).json().user;
    expect(log.map((e) => [e.actorId, e.entityType, e.details])).toEqual([
      [me.id, 'assignment', { kind: 'assignments', format: 'csv', rows: 2, electionId: w.election.id }],
      [w.rc.user.id, 'assignment', { kind: 'assignments', format: 'csv', rows: 1, electionId: w.election.id }],
    ]);
    expect(JSON.stringify(log)).not.toContain('Альфа');

    const stations = await call('GET', `/api/v1/elections/${w.election.id}/stations/export`, undefined, w.rc.cookie);
    expect(stations.statusCode).toBe(200);
    expect(stations.body).toContain('Адрес А, 1');
    expect(stations.body).not.toContain('Адрес Б, 1');
    expect((await call('GET', `/api/v1/elections/${w.election.id}/stations/export`)).body).toContain('Адрес Б, 1');
  });
});
