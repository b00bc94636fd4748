import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect } from '@pollwatch/db/testing';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseCsv } from '../exports/csv-records.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { type Session, seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

interface Job {
  id: string;
  status: string;
  rowsDone: number;
  rowsTotal: number | null;
  fileName: string;
  areaId: string | null;
  error: string | null;
}

describeEachDialect('exports of reports and photos', (db) => {
  let t: TestApp;
  let w: TwoRegions;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-exports-'));
    t = await startTestApp(db(), { TRUST_PROXY: 'true', DATA_DIR: dataDir });
    w = await seedTwoRegions(t);
  }, 90_000);
  afterEach(() => t.close());

  const start = async (who: Session, body: Record<string, unknown>, status = 202) => {
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.electionId}/exports`,
      cookie: who.cookie,
      body,
    });
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };
  const waitFor = async (
    who: Session,
    id: string,
    until = (j: Job) => ['done', 'failed', 'cancelled'].includes(j.status),
  ) => {
    for (let i = 0; i < 400; i++) {
      const r = await t.request({ method: 'GET', url: `/api/v1/exports/${id}`, cookie: who.cookie });
      expect(r.statusCode, r.body).toBe(200);
      const job = r.json().job as Job;
      if (until(job)) return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the export did not finish');
  };
  const download = async (who: Session, id: string) => {
    const r = await t.request({ method: 'GET', url: `/api/v1/exports/${id}/file`, cookie: who.cookie });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return r;
  };
  const exportCsv = async (who: Session, body: Record<string, unknown>) => {
    const { job } = await start(who, { kind: 'reports', format: 'csv', ...body });
    const done = await waitFor(who, job.id);
    expect(done.status).toBe('done');
    return { job: done, rows: parseCsv((await download(who, job.id)).body) };
  };

  it('writes every report revision of the election, wide: one column per question, flags and photo references', async () => {
    const { job, rows } = await exportCsv(w.staff.coordinator, { shape: 'wide' });
    const [headers, ...data] = rows as [string[], ...string[][]];
    expect(headers.slice(0, 3)).toEqual(['report_id', 'revision', 'latest']);
    expect(data).toHaveLength(6);
    expect(job.rowsDone).toBe(6);
    expect(new Set(data.map((r) => r[0]))).toEqual(new Set(Object.values(w.reports)));
    const col = (name: string) => headers.indexOf(name);
    const protocolA = data.find((r) => r[0] === w.reports.aProtocol1) as string[];
    expect(protocolA[col('photos')]).toBe(w.photos.a);
    expect(protocolA[col('region')]).toBe('ALA');
    const optionA = headers.findIndex((h) => h.endsWith('.option_a'));
    expect(optionA).toBeGreaterThan(0);
    expect(protocolA[optionA]).toBe('400');
    // the flags column is the report's flags as codes
    expect(data.some((r) => (r[col('flags')] ?? '') !== '')).toBe(true);
  });

  it('long: one row per answer; XLSX opens in Excel terms', async () => {
    const { rows } = await exportCsv(w.staff.coordinator, { shape: 'long' });
    const [headers, ...data] = rows as [string[], ...string[][]];
    expect(headers.slice(-2)).toEqual(['question', 'answer']);
    const q = headers.indexOf('question');
    const a = headers.indexOf('answer');
    const optionA = data.find((r) => r[0] === w.reports.aProtocol1 && r[q] === 'option_a') as string[];
    expect(optionA[a]).toBe('400');
    expect(data.filter((r) => r[0] === w.reports.aOpening).length).toBeGreaterThan(3);

    const { job } = await start(w.staff.coordinator, { kind: 'reports', format: 'xlsx', shape: 'wide' });
    expect((await waitFor(w.staff.coordinator, job.id)).status).toBe('done');
    const file = await download(w.staff.coordinator, job.id);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]?.rowCount).toBe(7);
  });

  it('a regional coordinator exports their own area only, and cannot name another', async () => {
    const { job, rows } = await exportCsv(w.staff.rcA, {});
    expect(job.areaId).toBe(w.areas.a);
    const ids = new Set(rows.slice(1).map((r) => r[0]));
    expect(ids).toEqual(
      new Set([w.reports.aOpening, w.reports.aProtocol1, w.reports.aProtocol2, w.reports.aOpeningByBoth]),
    );
    await start(w.staff.rcA, { kind: 'reports', format: 'csv', areaId: w.areas.b }, 404);
    // another user's job is not theirs to see, cancel or download
    const other = (await start(w.staff.coordinator, { kind: 'reports', format: 'csv' })).job;
    for (const [method, url] of [
      ['GET', `/api/v1/exports/${other.id}`],
      ['GET', `/api/v1/exports/${other.id}/file`],
      ['POST', `/api/v1/exports/${other.id}/cancel`],
    ] as const) {
      expect((await t.request({ method, url, cookie: w.staff.rcA.cookie })).statusCode).toBe(404);
    }
    const listed = (await t.request({ method: 'GET', url: '/api/v1/exports', cookie: w.staff.rcA.cookie })).json().jobs;
    expect(listed.map((j: Job) => j.id)).not.toContain(other.id);
    // bad combinations are refused and start nothing
    await start(w.staff.coordinator, { kind: 'photos', format: 'csv' }, 400);
    await start(w.staff.coordinator, { kind: 'reports', format: 'zip' }, 400);
    // observers and trainers have no exports
    const observer = w.observers.aAssigned;
    expect((await t.request({ method: 'GET', url: '/api/v1/exports', cookie: observer.cookie })).statusCode).toBe(403);
  });

  it('photos as a ZIP per area: the area’s complete photos, once each', async () => {
    const { job } = await start(w.staff.rcA, { kind: 'photos', format: 'zip' });
    expect((await waitFor(w.staff.rcA, job.id)).status).toBe('done');
    const file = await download(w.staff.rcA, job.id);
    expect(file.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(file.rawPayload);
    const names = Object.keys(zip.files);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(new RegExp(`^ALA/2/protocol-.*-r1-${w.photos.a.slice(0, 12)}\\.jpg$`));
    const bytes = await zip.file(names[0] as string)?.async('nodebuffer');
    expect(bytes?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('audits each request and download with what and how much, never the rows', async () => {
    const { job } = await exportCsv(w.staff.analyst, { shape: 'wide' });
    const { items: list } = await t.store.audit.list({ entityId: job.id, limit: 10 });
    expect(list.map((e) => e.action).sort()).toEqual(['export.downloaded', 'export.requested']);
    const downloaded = list.find((e) => e.action === 'export.downloaded');
    expect(downloaded?.details).toEqual({
      kind: 'reports',
      format: 'csv',
      rows: 6,
      electionId: w.electionId,
      areaId: null,
    });
  });

  it('a cancelled export leaves no file; a stray partial file is swept when the server starts', async () => {
    const { job } = await start(w.staff.coordinator, { kind: 'reports', format: 'csv' });
    const cancel = await t.request({
      method: 'POST',
      url: `/api/v1/exports/${job.id}/cancel`,
      cookie: w.staff.coordinator.cookie,
    });
    // either it was still queued or running (cancelled), or it had already finished (409)
    expect([200, 409]).toContain(cancel.statusCode);
    const ended = await waitFor(w.staff.coordinator, job.id);
    const files = () => readdirSync(join(dataDir, 'exports'));
    if (ended.status === 'cancelled') {
      // the runner deletes what it wrote as soon as it sees the cancellation (within a page)
      await expect.poll(() => files().filter((f) => f.startsWith(job.id)), { timeout: 5000 }).toEqual([]);
      const file = await t.request({
        method: 'GET',
        url: `/api/v1/exports/${job.id}/file`,
        cookie: w.staff.coordinator.cookie,
      });
      expect(file.statusCode).toBe(409);
    }
    const stray = join(dataDir, 'exports', '00000000-0000-4000-8000-000000000001.csv.part');
    writeFileSync(stray, 'half');
    await t.close();
    t = await startTestApp(db(), { TRUST_PROXY: 'true', DATA_DIR: dataDir });
    await t.request({ method: 'GET', url: '/healthz' });
    expect(existsSync(stray)).toBe(false);
  });
});
