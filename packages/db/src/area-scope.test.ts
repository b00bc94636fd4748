import { randomUUID } from 'node:crypto';
import type { AreaScope } from '@pollwatch/core';
import { expect, it } from 'vitest';
import { areaInScope, observerInScope, stationInScope } from './area-scope.ts';
import { Store } from './store.ts';
import { testElection, testStation } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

const now = new Date('2026-11-20T03:00:00.000Z');
const name = (ru: string) => ({ ru, kk: ru, en: ru });

describeEachDialect('area scope in SQL', (db) => {
  async function seed() {
    const store = Store.over(db());
    const country = randomUUID();
    const north = randomUUID();
    const northDistrict = randomUUID();
    const south = randomUUID();
    const area = (id: string, parentId: string | null, level: 'country' | 'region' | 'district') =>
      store.areas.create(id, { parentId, level, code: null, name: name(id), commission: null, isDemo: false }, now);
    await area(country, null, 'country');
    await area(north, country, 'region');
    await area(northDistrict, north, 'district');
    await area(south, country, 'region');
    const election = randomUUID();
    await store.elections.create(
      election,
      testElection({ votingDate: '2026-12-20', monitoringFrom: '2026-12-10', turnoutCheckpoints: ['10:00'] }),
      now,
    );
    const station = async (areaId: string, regionId: string, number: number) => {
      const id = randomUUID();
      await store.stations.create(election, id, testStation(areaId, number, { regionId }), now);
      return id;
    };
    const stNorth = await station(northDistrict, north, 1);
    const stSouth = await station(south, south, 1);
    const user = async (areaId: string | null) => {
      const id = randomUUID();
      await store.users.create(
        { id, role: 'observer', email: null, passwordHash: null, displayName: 'O', locale: 'ru', areaId },
        now,
      );
      return id;
    };
    const byAccount = await user(northDistrict);
    const byAssignment = await user(null);
    const nowhere = await user(null);
    await store.assignments.create(
      {
        id: randomUUID(),
        electionId: election,
        observerId: byAssignment,
        stationId: stSouth,
        shift: 'voting_day',
        createdBy: null,
      },
      now,
    );
    return {
      store,
      db: db(),
      country,
      north,
      south,
      northDistrict,
      stNorth,
      stSouth,
      byAccount,
      byAssignment,
      nowhere,
    };
  }

  const ids = async (s: Awaited<ReturnType<typeof seed>>, table: 'areas' | 'stations' | 'users', scope: AreaScope) => {
    const k = s.db.kysely;
    if (table === 'areas')
      return (await k.selectFrom('areas').select('id').where(areaInScope('areas.id', scope)).execute()).map(
        (r) => r.id,
      );
    if (table === 'stations')
      return (await k.selectFrom('stations').select('id').where(stationInScope('stations.id', scope)).execute()).map(
        (r) => r.id,
      );
    return (await k.selectFrom('users').select('id').where(observerInScope('users.id', scope)).execute()).map(
      (r) => r.id,
    );
  };

  it('expands an area to its whole subtree, and nothing else', async () => {
    const s = await seed();
    expect((await ids(s, 'areas', { kind: 'area', areaId: s.north })).sort()).toEqual(
      [s.north, s.northDistrict].sort(),
    );
    expect(await ids(s, 'areas', { kind: 'none' })).toEqual([]);
    expect(await ids(s, 'areas', { kind: 'all' })).toHaveLength(4);
    expect(await ids(s, 'stations', { kind: 'area', areaId: s.north })).toEqual([s.stNorth]);
    expect(await ids(s, 'stations', { kind: 'area', areaId: s.country })).toHaveLength(2);
  });

  it('places an observer by their account and their assignments; one in no area only nationally', async () => {
    const s = await seed();
    expect(await ids(s, 'users', { kind: 'area', areaId: s.north })).toEqual([s.byAccount]);
    expect(await ids(s, 'users', { kind: 'area', areaId: s.south })).toEqual([s.byAssignment]);
    expect(await ids(s, 'users', { kind: 'all' })).toContain(s.nowhere);
    expect(await ids(s, 'users', { kind: 'area', areaId: s.country })).not.toContain(s.nowhere);
  });
});
