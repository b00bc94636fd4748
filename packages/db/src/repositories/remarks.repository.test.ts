import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { Store } from '../store.ts';
import { describeEachDialect } from '../testing/test-database.ts';
import type { NewRemark } from './remarks.repository.ts';

const now = new Date('2026-12-01T03:00:00.000Z');
const name = (ru: string) => ({ ru, kk: ru, en: ru });

describeEachDialect('remarks repository', (db) => {
  async function seed() {
    const store = Store.over(db());
    const country = randomUUID();
    const north = randomUUID();
    const south = randomUUID();
    const area = (id: string, parentId: string | null, level: 'country' | 'region') =>
      store.areas.create(
        id,
        { parentId, level, code: null, name: name(id), commission: { name: `ТИК ${level}` }, isDemo: false },
        now,
      );
    await area(country, null, 'country');
    await area(north, country, 'region');
    await area(south, country, 'region');
    const election = randomUUID();
    await store.elections.create(
      election,
      {
        name: name('E'),
        kind: 'presidential',
        votingDate: '2026-12-20',
        timeZone: 'Asia/Almaty',
        pollsOpen: '07:00',
        pollsClose: '20:00',
        monitoringFrom: '2026-12-10',
        turnoutCheckpoints: ['10:00'],
        ballotOptions: [],
        protocolTemplate: 'kz',
        isDemo: false,
      },
      now,
    );
    const station = async (areaId: string, number: number) => {
      const id = randomUUID();
      await store.stations.create(
        election,
        id,
        {
          areaId,
          regionId: areaId,
          number,
          address: `a ${number}`,
          name: null,
          registeredVoters: null,
          commission: { name: `УИК №${number}` },
          latitude: null,
          longitude: null,
          accessibility: null,
          pollsOpen: null,
          pollsClose: null,
          timeZone: null,
          isDemo: false,
        },
        now,
      );
      return id;
    };
    return {
      store,
      election,
      country,
      north,
      south,
      stNorth: await station(north, 1),
      stSouth: await station(south, 2),
    };
  }

  const remark = (over: Partial<NewRemark> & Pick<NewRemark, 'electionId' | 'areaId'>): NewRemark => ({
    id: randomUUID(),
    commissionLevel: 'territorial',
    stationId: null,
    origin: 'manual',
    title: 'Нет пандуса',
    body: 'На участке нет пандуса',
    legalBasis: null,
    batchId: null,
    evidence: [],
    ...over,
  });

  it('numbers remarks, reads them in scope with their commission, and counts overdue ones in SQL', async () => {
    const { store, election, north, south, stNorth, stSouth } = await seed();
    const a = remark({
      electionId: election,
      areaId: north,
      commissionLevel: 'precinct',
      stationId: stNorth,
      evidence: [{ stationId: stNorth, reportId: null, revision: null, questionId: 'ramp' }],
    });
    const b = remark({ electionId: election, areaId: south, title: '<script>x</script>' });
    expect(await store.remarks.create([a, b], null, now)).toEqual([1, 2]);
    expect(await store.remarks.create([remark({ electionId: election, areaId: south })], null, now)).toEqual([3]);

    const got = await store.remarks.findById(a.id, { kind: 'all' });
    expect(got).toMatchObject({
      number: 1,
      commissionName: 'УИК №1',
      stationNumber: 1,
      status: 'draft',
      stationCount: 1,
    });
    expect(await store.remarks.findById(a.id, { kind: 'area', areaId: south })).toBeUndefined();
    expect((await store.remarks.evidence(a.id))[0]).toMatchObject({ stationId: stNorth, questionId: 'ramp' });

    expect(await store.remarks.update(b.id, 'sent', { status: 'acknowledged' }, now)).toBe(false);
    expect(
      await store.remarks.update(b.id, 'draft', { status: 'sent', sentOn: '2026-11-20', sentVia: 'post' }, now),
    ).toBe(true);
    const counts = await store.remarks.countByStatus(election, { kind: 'all' }, '2026-11-25');
    expect(counts).toMatchObject({ total: 3, overdue: 1, byStatus: { draft: 2, sent: 1 } });
    const southOnly = await store.remarks.countByStatus(election, { kind: 'area', areaId: south }, '2026-11-19');
    expect(southOnly).toMatchObject({ total: 2, overdue: 0 });

    const overdue = await store.remarks.list(
      { electionId: election, scope: { kind: 'all' }, overdueSentOnOrBefore: '2026-11-25' },
      { limit: 10, offset: 0 },
    );
    expect(overdue.items.map((r) => r.id)).toEqual([b.id]);
    const byStation = await store.remarks.list(
      { electionId: election, scope: { kind: 'all' }, stationId: stSouth },
      { limit: 10, offset: 0 },
    );
    expect(byStation.total).toBe(0);
    const search = await store.remarks.list(
      { electionId: election, scope: { kind: 'all' }, q: 'уик №1' },
      { limit: 10, offset: 0 },
    );
    expect(search.items.map((r) => r.number)).toEqual([1]);
    const all = await store.remarks.listForElection(election, { kind: 'area', areaId: north });
    expect(all.map((r) => r.number)).toEqual([1]);

    expect(await store.remarks.deleteDraft(b.id)).toBe(false);
    expect(await store.remarks.deleteDraft(a.id)).toBe(true);
    expect(await store.remarks.evidence(a.id)).toEqual([]);
  });
});
