import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedDemo } from '../demo/demo-seed.ts';
import { rowCounts, startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('elections, areas and stations', (db) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, cookie = admin) =>
    t.request({ method, url, body, cookie });

  async function election(extra: Record<string, unknown> = {}) {
    const r = await call('POST', '/api/v1/elections', {
      name: { ru: 'Выборы', kk: 'Сайлау' },
      kind: 'presidential',
      votingDate: '2022-11-20',
      timeZone: 'Asia/Almaty',
      ...extra,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().election;
  }

  async function area(body: Record<string, unknown>) {
    const r = await call('POST', '/api/v1/areas', body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json().area;
  }

  it('creates an election with the defaults of the 2022 presidential election and makes it current', async () => {
    const e = await election({
      ballotOptions: [
        { code: 'tokayev', kind: 'candidate', name: { ru: 'Токаев', kk: 'Тоқаев' } },
        { code: 'against_all', kind: 'against_all', name: { ru: 'Против всех' } },
      ],
    });
    expect(e).toMatchObject({
      pollsOpen: '07:00',
      pollsClose: '20:00',
      monitoringFrom: '2022-11-10',
      turnoutCheckpoints: ['10:00', '12:00', '14:00', '16:00', '18:00', '20:00'],
      protocolTemplate: 'kz',
      isCurrent: true,
      isDemo: false,
    });
    expect(e.ballotOptions.map((o: { code: string }) => o.code)).toEqual(['tokayev', 'against_all']);
    const second = await election({ votingDate: '2023-03-19', kind: 'parliamentary' });
    expect(second.isCurrent).toBe(true);
    const chosen = await call('POST', `/api/v1/elections/${e.id}/current`);
    expect(chosen.json().election.isCurrent).toBe(true);
    const list = (await call('GET', '/api/v1/elections')).json().items;
    expect(list.map((x: { id: string; isCurrent: boolean }) => [x.id, x.isCurrent])).toEqual([
      [second.id, false],
      [e.id, true],
    ]);
    const patched = await call('PATCH', `/api/v1/elections/${e.id}`, { turnoutCheckpoints: ['12:00', '18:00'] });
    expect(patched.json().election.turnoutCheckpoints).toEqual(['12:00', '18:00']);
  });

  it('refuses an inconsistent election with every problem by field, and writes nothing', async () => {
    const before = await rowCounts(t.store);
    const r = await call('POST', '/api/v1/elections', {
      name: { ru: 'Выборы' },
      kind: 'presidential',
      votingDate: '2022-02-30',
      timeZone: 'Asia/Nowhere',
      pollsOpen: '20:00',
      pollsClose: '08:00',
      turnoutCheckpoints: ['12:00', '10:00'],
      ballotOptions: [
        { code: 'a', kind: 'against_all', name: { ru: 'Против всех' } },
        { code: 'a', kind: 'against_all', name: { ru: 'Ещё раз' } },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation_failed');
    expect(r.json().error.details.map((d: { path: string; keyword: string }) => `${d.path} ${d.keyword}`)).toEqual([
      '/votingDate invalid_date',
      '/timeZone invalid_time_zone',
      '/pollsClose not_after_opening',
      '/turnoutCheckpoints/1 not_ascending',
      '/ballotOptions/1/code duplicate',
      '/ballotOptions/1/kind duplicate',
    ]);
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('keeps a tree of areas: no loops, no deleting an area in use, totals per subtree', async () => {
    const e = await election();
    const kz = await area({ parentId: null, level: 'country', code: 'KZ', name: { ru: 'Казахстан' } });
    const ala = await area({
      parentId: kz.id,
      level: 'region',
      code: 'ALA',
      name: { ru: 'Алматы', kk: 'Алматы қаласы' },
      commission: { name: 'Алматинская городская ТИК', phone: '+7 727 000 00 00' },
    });
    const aue = await area({
      parentId: ala.id,
      level: 'district',
      name: { ru: 'Ауэзовский район', kk: 'Әуезов ауданы' },
    });
    const loop = await call('PATCH', `/api/v1/areas/${kz.id}`, { parentId: aue.id });
    expect(loop.statusCode).toBe(422);
    expect(loop.json().error.code).toBe('area_cycle');
    const duplicateCode = await call('POST', '/api/v1/areas', {
      parentId: null,
      level: 'country',
      code: 'KZ',
      name: { ru: 'X' },
    });
    expect(duplicateCode.statusCode).toBe(409);

    for (const [number, voters] of [
      [1, 1000],
      [2, 1500],
    ] as const) {
      const s = await call('POST', `/api/v1/elections/${e.id}/stations`, {
        areaId: aue.id,
        number,
        address: `Әуезов ауданы, ${number}`,
        registeredVoters: voters,
      });
      expect(s.statusCode, s.body).toBe(201);
      expect(s.json().station.regionId).toBe(ala.id);
    }
    const areas = (await call('GET', `/api/v1/areas?electionId=${e.id}`)).json().items as {
      id: string;
      stationCount: number;
      registeredVoters: number;
    }[];
    const totals = Object.fromEntries(areas.map((a) => [a.id, [a.stationCount, a.registeredVoters]]));
    expect(totals).toEqual({ [kz.id]: [2, 2500], [ala.id]: [2, 2500], [aue.id]: [2, 2500] });

    const inUse = await call('DELETE', `/api/v1/areas/${aue.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('area_not_empty');
    const parent = await call('DELETE', `/api/v1/areas/${ala.id}`);
    expect(parent.json().error.code).toBe('area_not_empty');
  });

  it('identifies a station by region and number, searches by number or address, pages by number', async () => {
    const e = await election();
    const kz = await area({ parentId: null, level: 'country', code: 'KZ', name: { ru: 'Казахстан' } });
    const ala = await area({ parentId: kz.id, level: 'region', code: 'ALA', name: { ru: 'Алматы' } });
    const shy = await area({ parentId: kz.id, level: 'region', code: 'SHY', name: { ru: 'Шымкент' } });
    const make = (areaId: string, number: number, address: string) =>
      call('POST', `/api/v1/elections/${e.id}/stations`, { areaId, number, address });
    expect((await make(ala.id, 5, 'Алматы, Сәтбаев көшесі, 1')).statusCode).toBe(201);
    expect((await make(shy.id, 5, 'Шымкент, Қаратау ауданы')).statusCode).toBe(201);
    const taken = await make(ala.id, 5, 'Другой адрес');
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('station_number_taken');
    for (let n = 10; n < 20; n++) await make(ala.id, n, `Абай даңғылы, ${n}`);

    const byNumber = (await call('GET', `/api/v1/elections/${e.id}/stations?q=5`)).json();
    expect(byNumber.total).toBe(2);
    const byAddress = (
      await call('GET', `/api/v1/elections/${e.id}/stations?q=${encodeURIComponent('сәтбаев')}`)
    ).json();
    expect(byAddress.items.map((s: { address: string }) => s.address)).toEqual(['Алматы, Сәтбаев көшесі, 1']);
    const inShymkent = (await call('GET', `/api/v1/elections/${e.id}/stations?areaId=${shy.id}`)).json();
    expect(inShymkent.total).toBe(1);

    const first = (await call('GET', `/api/v1/elections/${e.id}/stations?areaId=${ala.id}&limit=4`)).json();
    expect(first.total).toBe(11);
    expect(first.items.map((s: { number: number }) => s.number)).toEqual([5, 10, 11, 12]);
    const next = (
      await call('GET', `/api/v1/elections/${e.id}/stations?areaId=${ala.id}&limit=4&after=${first.nextCursor}`)
    ).json();
    expect(next.items.map((s: { number: number }) => s.number)).toEqual([13, 14, 15, 16]);

    const id = byAddress.items[0].id;
    const edited = await call('PATCH', `/api/v1/stations/${id}`, { registeredVoters: 1234, timeZone: 'Asia/Aqtobe' });
    expect(edited.json().station).toMatchObject({ registeredVoters: 1234, timeZone: 'Asia/Aqtobe' });
    const negative = await call('PATCH', `/api/v1/stations/${id}`, { registeredVoters: -1 });
    expect(negative.statusCode).toBe(400);
    const badZone = await call('PATCH', `/api/v1/stations/${id}`, { timeZone: 'Mars/Olympus' });
    expect(badZone.json().error.details).toEqual([{ in: 'body', path: '/timeZone', keyword: 'invalid_time_zone' }]);
    expect((await call('DELETE', `/api/v1/stations/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/stations/${id}`)).statusCode).toBe(404);
  });

  it('moves stations to their new numbering region when their area moves', async () => {
    const e = await election();
    const kz = await area({ parentId: null, level: 'country', code: 'KZ', name: { ru: 'Казахстан' } });
    const ala = await area({ parentId: kz.id, level: 'region', code: 'ALA', name: { ru: 'Алматы' } });
    const alm = await area({ parentId: kz.id, level: 'region', code: 'ALM', name: { ru: 'Алматинская область' } });
    const district = await area({ parentId: ala.id, level: 'district', name: { ru: 'Наурызбайский район' } });
    const s = (
      await call('POST', `/api/v1/elections/${e.id}/stations`, { areaId: district.id, number: 9, address: 'А' })
    ).json().station;
    expect(s.regionId).toBe(ala.id);
    expect((await call('PATCH', `/api/v1/areas/${district.id}`, { parentId: alm.id })).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/stations/${s.id}`)).json().station.regionId).toBe(alm.id);
  });

  it('seeds the demo election once: candidates, regions, Almaty stations, all marked demo', async () => {
    const first = await seedDemo(t.store, t.now);
    expect(first).toMatchObject({ created: true, stations: 400 });
    const again = await seedDemo(t.store, t.now);
    expect(again).toMatchObject({ created: false, electionId: first.electionId, stations: 400 });
    const e = (await call('GET', `/api/v1/elections/${first.electionId}`)).json().election;
    expect(e).toMatchObject({
      isDemo: true,
      votingDate: '2022-11-20',
      timeZone: 'Asia/Almaty',
      monitoringFrom: '2022-11-10',
    });
    expect(e.ballotOptions.map((o: { name: { en: string } }) => o.name.en)).toEqual([
      'Karakat Abden',
      'Nurlan Auesbayev',
      'Zhiguli Dairabayev',
      'Meiram Kazhyken',
      'Kassym-Jomart Tokayev',
      'Saltanat Tursynbekova',
      'Against all',
    ]);
    const areas = (await call('GET', `/api/v1/areas?electionId=${e.id}`)).json().items as {
      level: string;
      code: string;
      stationCount: number;
      isDemo: boolean;
    }[];
    expect(areas.filter((a) => a.level === 'region')).toHaveLength(20);
    expect(areas.find((a) => a.code === 'DEMO-ALA')?.stationCount).toBe(400);
    expect(areas.every((a) => a.isDemo)).toBe(true);
    const page = (await call('GET', `/api/v1/elections/${e.id}/stations?limit=500`)).json();
    expect(page.total).toBe(400);
    expect(page.items.every((s: { isDemo: boolean }) => s.isDemo)).toBe(true);
  });
});
