import { describeEachDialect } from '@pollwatch/db/testing';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseCsv } from '../exports/csv-records.ts';
import { bulkReports } from '../exports/export-fixture.ts';
import { readinessAnswers } from '../testing/readiness-answers.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

const SCRIPT = '<script>alert(1)</script>';

describeEachDialect('report documents: readiness, incidents, station dossier', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;
  let stations: { a: string; b: string };
  let areas: { a: string; b: string };

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    const post = async (url: string, body: unknown) => {
      const r = await t.request({ method: 'POST', url, cookie: admin, body });
      if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    electionId = (
      await post('/api/v1/elections', {
        name: { ru: 'Выборы в маслихат' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election.id;
    areas = {
      a: (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } })).area
        .id,
      b: (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'AST', name: { ru: 'Астана' } })).area
        .id,
    };
    const station = async (areaId: string, number: number, address: string) =>
      (await post(`/api/v1/elections/${electionId}/stations`, { areaId, number, address, registeredVoters: 1000 }))
        .station.id as string;
    stations = {
      a: await station(areas.a, 101, 'Алматы, ул. Абая, 1'),
      b: await station(areas.b, 202, 'Астана, пр. Республики, 2'),
    };
    const observer = (await post('/api/v1/users', { role: 'observer', displayName: 'Айгерім Сейітқызы' })).user.id;
    const forms = await t.store.forms.listByElection(electionId);
    const form = (kind: string) => {
      const f = forms.find((x) => x.kind === kind);
      if (!f) throw new Error(kind);
      return { formId: f.id, version: 1, kind };
    };
    let seq = 5_000_000;
    const add = async (kind: string, stationId: string, answers: Record<string, unknown>, revisions = 1) => {
      await bulkReports(t.store, {
        electionId,
        stations: [stationId],
        form: form(kind),
        observerId: observer,
        revisions,
        answers: () => answers,
        seqFrom: seq,
        at: t.now(),
      });
      seq += 10;
    };
    await add(
      'incident',
      stations.a,
      {
        category: 'carousel_voting',
        severity: 'high',
        incident_time: '11:15',
        description: `Карусель у входа ${SCRIPT}`,
        complaint_filed: true,
      },
      2,
    );
    await add('incident', stations.b, {
      category: 'campaigning',
      severity: 'low',
      incident_time: '12:00',
      description: 'Агитация в Астане',
    });
    await add('readiness', stations.a, readinessAnswers({ accessible: false }));
  }, 60_000);
  afterEach(() => t.close());

  const get = async (url: string, cookie = admin, status = 200) => {
    const r = await t.request({ method: 'GET', url, cookie });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
    return r;
  };

  it("a station's dossier: every report and revision, in PDF, CSV and XLSX; script in answers stays text", async () => {
    const pdf = await get(`/api/v1/stations/${stations.a}/dossier?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(pdf.rawPayload));
    expect(text).toContain('101');
    expect(text).toContain('Алматы, ул. Абая, 1');
    expect(text).toContain('Карусель у входа');
    expect(text).toContain(SCRIPT);
    expect(text).not.toContain('Агитация в Астане');

    const csv = parseCsv((await get(`/api/v1/stations/${stations.a}/dossier?format=csv&locale=kk`)).body);
    const reportRows = csv.filter((r) => r[1] === 'incident' || r[1] === 'readiness');
    // two incident revisions and one readiness report
    expect(reportRows.map((r) => `${r[1]}:${r[2]}`).sort()).toEqual(['incident:1', 'incident:2', 'readiness:1']);

    const xlsx = await get(`/api/v1/stations/${stations.a}/dossier?format=xlsx&locale=en`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toContain('Reports and their revisions');

    const audit = await t.store.audit.list({ action: 'export.downloaded', limit: 10 });
    expect(audit.items.filter((e) => (e.details as { kind?: string }).kind === 'dossier')).toHaveLength(3);
  });

  it('the incident list and the readiness report of an area; a regional coordinator sees their own area only', async () => {
    const all = await pdfText(
      new Uint8Array((await get(`/api/v1/elections/${electionId}/exports/incidents?format=pdf`)).rawPayload),
    );
    expect(all).toContain('Карусель у входа');
    expect(all).toContain('Агитация в Астане');

    const rc = await t.signInAs('regional_coordinator', admin);
    await t.request({ method: 'PATCH', url: `/api/v1/users/${rc.user.id}`, cookie: admin, body: { areaId: areas.b } });
    const mine = parseCsv((await get(`/api/v1/elections/${electionId}/exports/incidents?format=csv`, rc.cookie)).body);
    const flat = mine.flat();
    expect(flat).toContain('Агитация в Астане');
    expect(flat.some((c) => c.includes('Карусель'))).toBe(false);
    await get(`/api/v1/elections/${electionId}/exports/incidents?format=csv&areaId=${areas.a}`, rc.cookie, 404);
    await get(`/api/v1/stations/${stations.a}/dossier?format=pdf`, rc.cookie, 404);

    const readiness = parseCsv((await get(`/api/v1/elections/${electionId}/exports/readiness?format=csv`)).body);
    const stationRow = readiness.find((r) => r[0] === '101');
    expect(stationRow?.[1]).toBe('Алматы, ул. Абая, 1');
    expect(stationRow?.[3]).toBe('да');
    expect(stationRow?.[4]).not.toBe('');
    const xlsx = await get(`/api/v1/elections/${electionId}/exports/readiness?format=xlsx&areaId=${areas.a}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.length).toBe(5);
  });
});
