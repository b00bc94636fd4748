import { describeEachDialect, describeSqliteFile, type TestDb } from '@pollwatch/db/testing';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rowCounts, startTestApp, type TestApp } from '../testing/test-app.ts';

const AREAS_CSV = [
  'code;parent;level;nameRu;nameKk;nameEn',
  'KZ;;country;Казахстан;Қазақстан;Kazakhstan',
  'ALA;KZ;region;Алматы;Алматы қаласы;Almaty',
  'ALA-AUE;ALA;district;Ауэзовский район;Әуезов ауданы;Auezov district',
  'ALA-BOS;ALA;district;Бостандыкский район;Бостандық ауданы;Bostandyk district',
  'SHY;KZ;region;Шымкент;Шымкент қаласы;Shymkent',
  'SHY-KAR;SHY;district;Каратауский район;Қаратау ауданы;Karatau district',
].join('\r\n');

type Report = {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  rejected: number;
  applied: boolean;
  problems: { line: number; field?: string; code: string; params?: Record<string, unknown> }[];
  mappingProblems: { code: string; field: string }[];
  changes: { line: number; key: string; fields: string[] }[];
  encoding: string | null;
  separator: string | null;
};

const title = 'imports of areas and stations';
describeEachDialect(title, (db) => importsSuite(db));
// On SQLite in a file an upload is applied on a worker thread with its own connection.
describeSqliteFile(title, (db) => importsSuite(db));

function importsSuite(db: () => TestDb) {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    t = await startTestApp(db(), { IMPORT_MAX_BYTES: '100000' });
    admin = await t.setupAdmin();
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/elections',
      cookie: admin,
      body: {
        name: { ru: 'Выборы Президента' },
        kind: 'presidential',
        votingDate: '2022-11-20',
        timeZone: 'Asia/Almaty',
      },
    });
    expect(created.statusCode).toBe(201);
    electionId = created.json().election.id;
    const areas = await importFile('areas', Buffer.from(`\uFEFF${AREAS_CSV}`, 'utf8'));
    expect(areas).toMatchObject({ applied: true, added: 6, rejected: 0 });
  });
  afterEach(() => t.close());

  async function upload(kind: 'areas' | 'stations', file: Buffer, contentType = 'text/csv') {
    const query = kind === 'stations' ? `kind=stations&electionId=${electionId}` : 'kind=areas';
    return t.request({
      method: 'POST',
      url: `/api/v1/imports?${query}&fileName=${encodeURIComponent('участки.csv')}`,
      cookie: admin,
      body: file,
      headers: { 'content-type': contentType },
    });
  }

  async function dryRun(id: string, options: Record<string, unknown> = {}) {
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/dry-run`,
      cookie: admin,
      body: { mapping: options.mapping ?? {}, ...options },
    });
    return response;
  }

  /** Upload → suggested mapping → apply; returns the apply report. */
  async function importFile(kind: 'areas' | 'stations', file: Buffer, options: Record<string, unknown> = {}) {
    const preview = await upload(kind, file);
    expect(preview.statusCode, preview.body).toBe(201);
    const { id, suggestedMapping } = preview.json();
    const applied = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/apply`,
      cookie: admin,
      body: { mapping: suggestedMapping, ...options },
    });
    expect(applied.statusCode, applied.body).toBe(200);
    return applied.json() as Report;
  }

  async function findByNumber(number: number) {
    const found = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${electionId}/stations?q=${number}`,
      cookie: admin,
    });
    expect(found.statusCode).toBe(200);
    return found.json().items as { number: number; address: string; regionId: string; registeredVoters: number }[];
  }

  it('reads Windows-1251 with `;`: a preview, a dry run with counts, then an apply; Cyrillic intact', async () => {
    const csv = [
      'Регион;Район;№ участка;Адрес;Число избирателей',
      'Алматы;Ауэзовский район;101;г. Алматы, мкр. Жетысу-2, д. 15, школа № 1;2 345',
      'Алматы;Бостандыкский район;102;г. Алматы, ул. Тимирязева, 42 — «Дворец школьников»;1999',
    ].join('\r\n');
    const file = iconv.encode(csv, 'win1251');
    const preview = await upload('stations', file);
    expect(preview.statusCode).toBe(201);
    const p = preview.json();
    expect(p).toMatchObject({ format: 'csv', encoding: 'windows-1251', separator: ';' });
    expect(p.headers).toEqual(['Регион', 'Район', '№ участка', 'Адрес', 'Число избирателей']);
    expect(p.suggestedMapping).toMatchObject({
      region: 'Регион',
      area: 'Район',
      number: '№ участка',
      address: 'Адрес',
      registeredVoters: 'Число избирателей',
    });
    const before = await rowCounts(t.store);
    const report = (await dryRun(p.id, { mapping: p.suggestedMapping })).json() as Report;
    expect(report).toMatchObject({ rows: 2, added: 2, changed: 0, rejected: 0, applied: false });
    expect(await rowCounts(t.store)).toEqual(before);

    const applied = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${p.id}/apply`,
      cookie: admin,
      body: { mapping: p.suggestedMapping },
    });
    expect(applied.json()).toMatchObject({ applied: true, added: 2 });
    const [station] = await findByNumber(102);
    expect(station?.address).toBe('г. Алматы, ул. Тимирязева, 42 — «Дворец школьников»');
    expect((await findByNumber(101))[0]?.registeredVoters).toBe(2345);
  });

  it('reads UTF-8 without BOM with `,` and quoted newlines; Kazakh letters round-trip exactly', async () => {
    const address = 'Алматы қаласы, Әуезов ауданы,\nАбай даңғылы, 150/230 — «Ұлы Дала» (ғ ң ө ұ ү һ і)';
    const csv = `region,area,number,address,name\nALA,ALA-AUE,7,"${address}","Мектеп-гимназия ""Өркен"""\nSHY,Қаратау ауданы,7,"Шымкент, Қаратау ауданы",\n`;
    const report = await importFile('stations', Buffer.from(csv, 'utf8'));
    expect(report).toMatchObject({ encoding: 'utf-8', separator: ',', added: 2 });
    const sevens = await findByNumber(7);
    expect(sevens.map((s) => s.address).sort()).toEqual([address, 'Шымкент, Қаратау ауданы'].sort());
    // The same number in two regions is two stations.
    expect(new Set(sevens.map((s) => s.regionId)).size).toBe(2);
  });

  it('reads UTF-16LE (Excel "Unicode text", tab-separated)', async () => {
    const tsv = 'Регион\tРайон\tНомер участка\tАдрес\nАлматы\tӘуезов ауданы\t55\tӨскемен көшесі, 3\n';
    const file = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    const report = await importFile('stations', file);
    expect(report).toMatchObject({ encoding: 'utf-16le', separator: '\t', added: 1 });
    expect((await findByNumber(55))[0]?.address).toBe('Өскемен көшесі, 3');
  });

  it('reads XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Участки');
    sheet.addRow(['Регион', 'Район', 'Номер участка', 'Адрес', 'Избирателей']);
    sheet.addRow(['Алматы', 'Бостандық ауданы', 301, 'Бостандық ауданы, Сәтбаев көшесі, 22', 1500]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const report = await importFile('stations', file);
    expect(report).toMatchObject({ added: 1, rejected: 0 });
    const [station] = await findByNumber(301);
    expect(station).toMatchObject({ address: 'Бостандық ауданы, Сәтбаев көшесі, 22', registeredVoters: 1500 });
  });

  it('is an idempotent upsert by region and number, and reports what changes', async () => {
    const csv = 'region;area;number;address\nALA;ALA-AUE;1;Адрес 1\nALA;ALA-AUE;2;Адрес 2\n';
    expect(await importFile('stations', Buffer.from(csv))).toMatchObject({ added: 2 });
    expect(await importFile('stations', Buffer.from(csv))).toMatchObject({ added: 0, unchanged: 2, changed: 0 });
    const moved = 'region;area;number;address\nALA;ALA-BOS;1;Адрес 1\nALA;ALA-AUE;2;Новый адрес 2\n';
    const report = await importFile('stations', Buffer.from(moved));
    expect(report).toMatchObject({ added: 0, changed: 2, unchanged: 0 });
    expect(report.changes).toEqual([
      { line: 2, key: '1', fields: ['areaId'] },
      { line: 3, key: '2', fields: ['address'] },
    ]);
    expect((await findByNumber(2))[0]?.address).toBe('Новый адрес 2');
  });

  it('reports every bad row with its line and field, and applying it writes nothing', async () => {
    const csv = [
      'region;area;number;address;registeredVoters',
      'ALA;ALA-AUE;10;"Многострочный',
      'адрес";100',
      'ALA;ALA-BOS;10;Тот же номер в том же регионе;100',
      'ALA;ALA-AUE;11;Отрицательные избиратели;-5',
      'ALA;Несуществующий район;12;Адрес;10',
      'ALA;ALA-AUE;;Без номера;10',
      'ALA;ALA-AUE;13;;10',
      'ALA;SHY-KAR;14;Район из другого региона;10',
      'ALA;ALA-AUE;15;Хороший;12.5',
    ].join('\n');
    const preview = (await upload('stations', Buffer.from(csv))).json();
    const report = (await dryRun(preview.id, { mapping: preview.suggestedMapping })).json() as Report;
    // Line 8 has no address: recommended, not required, so it is accepted and counted.
    expect(report).toMatchObject({ rows: 8, added: 2, rejected: 6, withoutAddress: 1 });
    expect(report.problems).toEqual([
      { line: 4, field: 'number', code: 'duplicate_in_file', params: { firstLine: 2 } },
      { line: 5, field: 'registeredVoters', code: 'negative' },
      { line: 6, field: 'area', code: 'unknown_area', params: { missing: 1 } },
      { line: 7, field: 'number', code: 'required' },
      { line: 9, field: 'area', code: 'area_outside_region' },
      { line: 10, field: 'registeredVoters', code: 'not_an_integer' },
    ]);
    const before = await rowCounts(t.store);
    const applied = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie: admin,
      body: { mapping: preview.suggestedMapping },
    });
    expect(applied.statusCode).toBe(422);
    expect(applied.json().error.code).toBe('import_rejected');
    expect(applied.json().error.details.report.rejected).toBe(6);
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('refuses a mapping without required columns, a forced wrong encoding, and a file over the limit', async () => {
    const preview = (await upload('stations', Buffer.from('region;area;number;address\nALA;ALA-AUE;1;A\n'))).json();
    const missing = (
      await dryRun(preview.id, { mapping: { region: 'region', area: 'area', address: 'address' } })
    ).json();
    expect(missing.mappingProblems).toEqual([{ code: 'required_column', field: 'number' }]);
    const unknown = (await dryRun(preview.id, { mapping: { address: 'Адрес' } })).json();
    expect(unknown.mappingProblems).toContainEqual({ code: 'unknown_header', field: 'address', header: 'Адрес' });

    const cp1251 = (
      await upload('stations', iconv.encode('Регион;Район;Номер;Адрес\nАлматы;ALA-AUE;1;Улица\n', 'win1251'))
    ).json();
    const forced = await dryRun(cp1251.id, { mapping: cp1251.suggestedMapping, encoding: 'utf-8' });
    expect(forced.statusCode).toBe(422);
    expect(forced.json().error).toMatchObject({ code: 'encoding_mismatch', details: { line: 1 } });

    const before = await rowCounts(t.store);
    const huge = await upload('stations', Buffer.alloc(100_001, 0x41));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('file_too_large');
    const garbage = await upload('stations', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(garbage.statusCode).toBe(422);
    expect(garbage.json().error.code).toBe('file_unreadable');
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('exports stations and areas in the import columns, and the export imports back unchanged', async () => {
    const csv =
      'region;area;number;address;registeredVoters;commissionPhone\nALA;ALA-AUE;5;Әуезов ауданы, «Ұлы Дала», 1;900;+7 727 000 00 00\nSHY;SHY-KAR;5;Қаратау;;\n';
    await importFile('stations', Buffer.from(csv));
    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await t.request({
        method: 'GET',
        url: `/api/v1/elections/${electionId}/stations/export?format=${format}`,
        cookie: admin,
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toBe(`attachment; filename="stations.${format}"`);
      expect(exported.headers['cache-control']).toBe('no-store');
      if (format === 'csv') expect(exported.rawPayload.toString('utf8')).toContain('Әуезов ауданы, «Ұлы Дала», 1');
      const again = await importFile('stations', exported.rawPayload);
      expect(again).toMatchObject({ rows: 2, added: 0, changed: 0, unchanged: 2, rejected: 0 });
    }
    const areas = await t.request({ method: 'GET', url: '/api/v1/areas/export?format=csv', cookie: admin });
    const back = await importFile('areas', areas.rawPayload);
    expect(back).toMatchObject({ rows: 6, added: 0, changed: 0, unchanged: 6 });
  });

  it('rejects an area file with a loop of parents and an unknown level', async () => {
    const csv =
      'code;parent;level;nameRu\nA;B;district;Район А\nB;A;district;Район Б\nC;KZ;planet;Планета\nD;NOPE;city;Город\n';
    const preview = (await upload('areas', Buffer.from(csv))).json();
    const report = (await dryRun(preview.id, { mapping: preview.suggestedMapping })).json() as Report;
    expect(report.problems).toEqual([
      { line: 2, field: 'parent', code: 'parent_cycle' },
      { line: 3, field: 'parent', code: 'parent_cycle' },
      { line: 4, field: 'level', code: 'unknown_level' },
      { line: 5, field: 'parent', code: 'unknown_parent' },
    ]);
    expect(report.rejected).toBe(4);
  });

  it('lets only station managers import, and an analyst read', async () => {
    const { cookie } = await t.signInAs('analyst', admin);
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=areas&fileName=a.csv`,
      cookie,
      body: Buffer.from(AREAS_CSV),
    });
    expect(refused.statusCode).toBe(403);
    const areas = await t.request({ method: 'GET', url: `/api/v1/areas?electionId=${electionId}`, cookie });
    expect(areas.statusCode).toBe(200);
    expect(areas.json().items).toHaveLength(6);
  });
}
