import { describeEachDialect, describeSqliteFile, type TestDb } from '@pollwatch/db/testing';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rowCounts, startTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * A station list as a commission sends it: region, territorial commission, precinct number and
 * registered voters, no address; region names spelled as people write them. Built here, not downloaded.
 */
const COMMISSION_CSV = [
  'Область;ТИК;№ УИК;Число избирателей',
  'Абайская область;Семейская городская ТИК;1;2 310',
  'Абайская обл.;Семейская городская ТИК;2;1 904',
  'Абайская область;Аягозская районная ТИК;3;880',
  'г. Алматы;Медеуская районная ТИК;101;1 500',
  'Алматы (город);ТИК Медеуского района;102;1 620',
  'Алматы;Ауэзовская районная ТИК;103;2 001',
  'Шымкент (Чимкент);;201;1 750',
].join('\r\n');

type Report = {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  rejected: number;
  applied: boolean;
  withoutAddress?: number;
  areasCreated?: number;
  missingAreas?: { level: string; name: string; parentName: string | null; stations: number; firstLine: number }[];
  areaMatches?: { field: string; text: string; rule: string; rows: number; areaName: { ru: string } }[];
  problems: { line: number; field?: string; code: string; params?: Record<string, unknown> }[];
  mappingProblems: unknown[];
};

const title = 'station lists as commissions send them';
describeEachDialect(title, (db) => stationListSuite(db));
// On SQLite in a file an upload is applied on a worker thread with its own connection.
describeSqliteFile(title, (db) => stationListSuite(db));

function stationListSuite(db: () => TestDb) {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/elections',
      cookie: admin,
      body: { name: { ru: 'Выборы' }, kind: 'presidential', votingDate: '2022-11-20', timeZone: 'Asia/Almaty' },
    });
    expect(created.statusCode, created.body).toBe(201);
    electionId = created.json().election.id;
  });
  afterEach(() => t.close());

  async function upload(file: Buffer) {
    const preview = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=stations&electionId=${electionId}&fileName=${encodeURIComponent('список УИК.csv')}`,
      cookie: admin,
      body: file,
      headers: { 'content-type': 'text/csv' },
    });
    expect(preview.statusCode, preview.body).toBe(201);
    return preview.json() as { id: string; suggestedMapping: Record<string, string | null>; encoding: string };
  }

  const post = (id: string, step: 'dry-run' | 'apply', body: Record<string, unknown>) =>
    t.request({ method: 'POST', url: `/api/v1/imports/${id}/${step}`, cookie: admin, body });

  const areas = async () =>
    (await t.request({ method: 'GET', url: '/api/v1/areas', cookie: admin })).json().items as {
      id: string;
      parentId: string | null;
      level: string;
      name: { ru: string; kk?: string };
      commission: { name?: string } | null;
    }[];

  const stations = async () =>
    (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/stations?limit=500`, cookie: admin })
    ).json().items as {
      number: number;
      address: string;
      areaId: string;
      regionId: string;
      registeredVoters: number;
      latitude: number | null;
      longitude: number | null;
      pollsOpen: string | null;
      commission: { phone?: string } | null;
    }[];

  it('into an empty tree: the dry run lists the areas to create, the apply creates them and the stations', async () => {
    const preview = await upload(iconv.encode(COMMISSION_CSV, 'win1251'));
    expect(preview.encoding).toBe('windows-1251');
    expect(preview.suggestedMapping).toMatchObject({
      region: 'Область',
      area: 'ТИК',
      number: '№ УИК',
      registeredVoters: 'Число избирателей',
    });
    expect(preview.suggestedMapping.address ?? null).toBeNull();
    const before = await rowCounts(t.store);
    const options = { mapping: preview.suggestedMapping, createAreas: true };

    const dry = await post(preview.id, 'dry-run', options);
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json() as Report;
    expect(report).toMatchObject({ rows: 7, added: 7, rejected: 0, withoutAddress: 7, areasCreated: 7 });
    expect(report.missingAreas).toEqual([
      {
        level: 'region',
        name: 'Абайская область',
        parentName: null,
        stations: 3,
        firstLine: 2,
        alsoWritten: ['Абайская обл.'],
      },
      {
        level: 'region',
        name: 'г. Алматы',
        parentName: null,
        stations: 3,
        firstLine: 5,
        alsoWritten: ['Алматы (город)', 'Алматы'],
      },
      { level: 'region', name: 'Шымкент (Чимкент)', parentName: null, stations: 1, firstLine: 8, alsoWritten: [] },
      {
        level: 'city',
        name: 'Семейская городская ТИК',
        parentName: 'Абайская область',
        stations: 2,
        firstLine: 2,
        alsoWritten: [],
      },
      {
        level: 'district',
        name: 'Аягозская районная ТИК',
        parentName: 'Абайская область',
        stations: 1,
        firstLine: 4,
        alsoWritten: [],
      },
      {
        level: 'district',
        name: 'Медеуская районная ТИК',
        parentName: 'г. Алматы',
        stations: 2,
        firstLine: 5,
        alsoWritten: ['ТИК Медеуского района'],
      },
      {
        level: 'district',
        name: 'Ауэзовская районная ТИК',
        parentName: 'г. Алматы',
        stations: 1,
        firstLine: 7,
        alsoWritten: [],
      },
    ]);
    // The dry run wrote nothing.
    expect(await rowCounts(t.store)).toEqual(before);

    const applied = await post(preview.id, 'apply', options);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, added: 7, areasCreated: 7, withoutAddress: 7 });

    const tree = await areas();
    expect(tree).toHaveLength(7);
    const byName = new Map(tree.map((a) => [a.name.ru, a]));
    const abai = byName.get('Абайская область');
    expect(abai).toMatchObject({ level: 'region', parentId: null });
    expect(byName.get('Семейская городская ТИК')).toMatchObject({
      level: 'city',
      parentId: abai?.id,
      commission: { name: 'Семейская городская ТИК' },
    });
    const medeu = byName.get('Медеуская районная ТИК');
    expect(medeu).toMatchObject({ level: 'district', parentId: byName.get('г. Алматы')?.id });
    const list = await stations();
    expect(list).toHaveLength(7);
    expect(list.find((s) => s.number === 102)).toMatchObject({
      areaId: medeu?.id,
      regionId: byName.get('г. Алматы')?.id,
      address: '',
      registeredVoters: 1620,
    });
    expect(list.find((s) => s.number === 201)).toMatchObject({ areaId: byName.get('Шымкент (Чимкент)')?.id });

    const audit = (
      await t.request({ method: 'GET', url: '/api/v1/audit?action=import.applied', cookie: admin })
    ).json();
    expect(audit.items[0].details).toMatchObject({ kind: 'stations', added: 7, areasCreated: 7 });

    // The same file again changes nothing: every name now matches, nothing is created.
    const again = await upload(iconv.encode(COMMISSION_CSV, 'win1251'));
    const counted = await rowCounts(t.store);
    const second = await post(again.id, 'apply', { mapping: again.suggestedMapping, createAreas: true });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ added: 0, changed: 0, unchanged: 7, areasCreated: 0 });
    expect(second.json().missingAreas).toBeUndefined();
    const countsAfter = await rowCounts(t.store);
    for (const table of ['areas', 'stations']) expect(countsAfter[table]).toBe(counted[table]);
  });

  it('without create-areas the rows are rejected as unknown areas, with the list to create', async () => {
    const preview = await upload(Buffer.from(`\uFEFF${COMMISSION_CSV}`, 'utf8'));
    const before = await rowCounts(t.store);
    const dry = (await post(preview.id, 'dry-run', { mapping: preview.suggestedMapping })).json() as Report;
    expect(dry).toMatchObject({ rows: 7, added: 0, rejected: 7 });
    expect(dry.areasCreated).toBeUndefined();
    expect(dry.problems[0]).toEqual({ line: 2, field: 'region', code: 'unknown_area', params: { missing: 1 } });
    expect(dry.missingAreas?.map((a) => [a.level, a.name, a.stations])).toContainEqual([
      'region',
      'Абайская область',
      3,
    ]);
    const applied = await post(preview.id, 'apply', { mapping: preview.suggestedMapping });
    expect(applied.statusCode).toBe(422);
    expect(applied.json().error.code).toBe('import_rejected');
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('matches forgivingly names the tree has, says so in the dry run, and keeps what a file has no column for', async () => {
    const tree = Buffer.from(
      [
        'code;parent;level;nameRu;nameKk',
        'KZ;;country;Казахстан;Қазақстан',
        'ALA;KZ;region;Алматы;Алматы қаласы',
        'ALA-MED;ALA;district;Медеуский район;Медеу ауданы',
        'ALA-AUE;ALA;district;Ауэзовский район;Әуезов ауданы',
        'ALO;KZ;region;Алматинская область;Алматы облысы',
      ].join('\n'),
    );
    const areasUpload = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=areas&fileName=areas.csv`,
      cookie: admin,
      body: tree,
      headers: { 'content-type': 'text/csv' },
    });
    const areasPreview = areasUpload.json();
    expect((await post(areasPreview.id, 'apply', { mapping: areasPreview.suggestedMapping })).statusCode).toBe(200);
    const kz = (await areas()).find((a) => a.level === 'country');

    // The same tree again as a list of codes, levels and Russian names: no column for parents or
    // Kazakh names, so nothing moves to the root and no translation is erased.
    const bare = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=areas&fileName=codes.csv`,
      cookie: admin,
      body: Buffer.from('code;level;nameRu\nALA;region;Алматы\nALA-MED;district;Медеуский район\n'),
      headers: { 'content-type': 'text/csv' },
    });
    const barePreview = bare.json();
    const bareReport = (await post(barePreview.id, 'dry-run', { mapping: barePreview.suggestedMapping })).json();
    expect(bareReport).toMatchObject({ rows: 2, added: 0, changed: 0, unchanged: 2, rejected: 0 });
    expect((await post(barePreview.id, 'apply', { mapping: barePreview.suggestedMapping })).statusCode).toBe(200);
    expect((await areas()).find((a) => a.name.ru === 'Медеуский район')).toMatchObject({
      parentId: (await areas()).find((a) => a.name.ru === 'Алматы')?.id,
      name: { ru: 'Медеуский район', kk: 'Медеу ауданы' },
    });
    // With a parent column, the dry run names each move: to another parent by code, and to the root.
    const moves = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=areas&fileName=moves.csv`,
      cookie: admin,
      body: Buffer.from(
        'code;parent;level;nameRu\nALA-AUE;ALO;district;Ауэзовский район\nALO;;region;Алматинская область\nALA;KZ;region;Алматы\n',
      ),
      headers: { 'content-type': 'text/csv' },
    });
    const movesReport = (await post(moves.json().id, 'dry-run', { mapping: moves.json().suggestedMapping })).json();
    expect(movesReport).toMatchObject({ rows: 3, changed: 2, unchanged: 1 });
    expect(movesReport.changes).toEqual([
      { line: 2, key: 'ALA-AUE', fields: ['parent'] },
      { line: 3, key: 'ALO', fields: ['parent'] },
    ]);

    // HQ's own list first, with the station's address, coordinates, hours and commission phone.
    const withAddress = Buffer.from(
      'Регион;Район;№ участка;Адрес;Широта;Долгота;Открытие;Телефон УИК\n' +
        'Алматы;Медеуский район;101;ул. Абая, 1;43,238;76,945;07:00;+7 727 300 01 01\n',
    );
    const first = await upload(withAddress);
    expect((await post(first.id, 'apply', { mapping: first.suggestedMapping })).json()).toMatchObject({ added: 1 });

    const list = [
      'Область;ТИК;№ УИК;Число избирателей',
      'г. Алматы;ТИК Медеуского района г. Алматы;101;1 500',
      'Алматы (город);Медеуская районная ТИК;102;1 620',
      'Алматы обл.;Илийская районная ТИК;301;900',
      'Абай;;401;100',
    ].join('\n');
    const preview = await upload(Buffer.from(list));
    const report = (await post(preview.id, 'dry-run', { mapping: preview.suggestedMapping, createAreas: true })).json();
    expect(report).toMatchObject({ rows: 4, added: 3, changed: 1, rejected: 0, withoutAddress: 3, areasCreated: 2 });
    expect(report.areaMatches).toEqual([
      expect.objectContaining({
        field: 'region',
        text: 'г. Алматы',
        rule: 'loose',
        areaName: expect.objectContaining({ ru: 'Алматы' }),
      }),
      expect.objectContaining({ field: 'area', text: 'ТИК Медеуского района г. Алматы', rule: 'words', rows: 1 }),
      expect.objectContaining({ field: 'region', text: 'Алматы (город)', rule: 'loose' }),
      expect.objectContaining({ field: 'area', text: 'Медеуская районная ТИК', rule: 'loose' }),
      expect.objectContaining({
        field: 'region',
        text: 'Алматы обл.',
        areaName: expect.objectContaining({ ru: 'Алматинская область' }),
      }),
    ]);
    expect(report.missingAreas).toEqual([
      { level: 'region', name: 'Абай', parentName: null, stations: 1, firstLine: 5, alsoWritten: [] },
      {
        level: 'district',
        name: 'Илийская районная ТИК',
        parentName: 'Алматинская область',
        stations: 1,
        firstLine: 4,
        alsoWritten: [],
      },
    ]);
    // Station 101 keeps its address, coordinates, hours and phone (the list has none of these
    // columns); only its voters change.
    expect(report.changes).toEqual([{ line: 2, key: '101', fields: ['registeredVoters'] }]);
    const applied = await post(preview.id, 'apply', { mapping: preview.suggestedMapping, createAreas: true });
    expect(applied.statusCode, applied.body).toBe(200);
    expect((await stations()).find((s) => s.number === 101)).toMatchObject({
      address: 'ул. Абая, 1',
      registeredVoters: 1500,
      latitude: 43.238,
      longitude: 76.945,
      pollsOpen: '07:00',
      commission: { phone: '+7 727 300 01 01' },
    });
    expect((await areas()).find((a) => a.name.ru === 'Абай')).toMatchObject({ level: 'region', parentId: kz?.id });
  });

  it('an ambiguous name is reported, never guessed, and nothing is created for it', async () => {
    const tree = Buffer.from(
      [
        'code;parent;level;nameRu;nameKk',
        'ABA;;region;Абайская область;Абай облысы',
        'ABC;;region;Город Абай;Абай қаласы',
      ].join('\n'),
    );
    const areasPreview = (
      await t.request({
        method: 'POST',
        url: `/api/v1/imports?kind=areas&fileName=areas.csv`,
        cookie: admin,
        body: tree,
        headers: { 'content-type': 'text/csv' },
      })
    ).json();
    await post(areasPreview.id, 'apply', { mapping: areasPreview.suggestedMapping });
    const preview = await upload(Buffer.from('Регион;№ УИК\nАбай;1\n'));
    const report = (await post(preview.id, 'dry-run', { mapping: preview.suggestedMapping, createAreas: true })).json();
    expect(report).toMatchObject({ rejected: 1, areasCreated: 0 });
    expect(report.problems).toEqual([{ line: 2, field: 'region', code: 'ambiguous_area', params: { candidates: 2 } }]);
  });
}
