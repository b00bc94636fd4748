import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { bulkReports } from '../exports/export-fixture.ts';
import { exportPaging } from '../exports/export-writers.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

// Paging is what these tests prove (requests answered between pages, a restart between pages), not
// volume: 6,000 revisions in pages of 10 reports (30 revisions) are 200 pages, as many as a
// 600,000-revision export has with the server's own page size. Volume is `npm run bench -- export`.
const REVISIONS = 6_000;
const PAGE_REPORTS = 10;

/** A voting visit of about 1 KB, with text that would run as a formula in a spreadsheet. */
const answers = (i: number) => ({
  visit: [
    {
      visit_time: '11:00',
      voters_in_queue: i % 40,
      secrecy_respected: i % 9 !== 0,
      remarks: i % 1000 === 0 ? '=cmd|" /C calc"!A0' : 'Наблюдение ведётся. '.repeat(20),
    },
  ],
});

describeEachDialect('a large export', (db) => {
  const serverPaging = { ...exportPaging };
  beforeAll(() => {
    exportPaging.reports = PAGE_REPORTS;
    // 200 pages × 15 ms: the export lasts ~3 s however fast the machine, past the runner's first
    // progress beat (at most one a second), so the tests see it running and stop it mid-way.
    exportPaging.pauseMs = 15;
  });
  afterAll(() => {
    Object.assign(exportPaging, serverPaging);
  });
  let t: TestApp;
  let dataDir: string;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pollwatch-exports-large-'));
    t = await startTestApp(db(), { DATA_DIR: dataDir });
    admin = await t.setupAdmin();
    const post = async (url: string, body: unknown) => {
      const r = await t.request({ method: 'POST', url, cookie: admin, body });
      if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    electionId = (
      await post('/api/v1/elections', {
        name: { ru: 'Большая выгрузка' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election.id;
    const area = (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'R1', name: { ru: 'Регион' } }))
      .area.id;
    const stations: string[] = [];
    for (let i = 1; i <= 20; i++) {
      stations.push(
        (
          await post(`/api/v1/elections/${electionId}/stations`, {
            areaId: area,
            number: i,
            address: `Адрес ${i}`,
            registeredVoters: 2000,
          })
        ).station.id,
      );
    }
    const observer = (await post('/api/v1/users', { role: 'observer', displayName: 'Наблюдатель' })).user.id;
    const voting = (await t.store.forms.listByElection(electionId)).find((f) => f.kind === 'voting');
    if (!voting) throw new Error('no voting form');
    const version = (await t.store.forms.versions(voting.id)).find((v) => v.status === 'published')?.version ?? 1;
    await bulkReports(t.store, {
      electionId,
      stations,
      form: { formId: voting.id, version, kind: 'voting' },
      observerId: observer,
      revisions: REVISIONS,
      answers,
      at: t.now(),
    });
  }, 60_000);
  afterEach(() => t.close(), 60_000);

  const job = async (id: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/exports/${id}`, cookie: admin })).json().job;
  const start = async () => {
    const r = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/exports`,
      cookie: admin,
      body: { kind: 'reports', format: 'csv', shape: 'wide' },
    });
    expect(r.statusCode, r.body).toBe(202);
    return r.json().job.id as string;
  };

  it('streams 6,000 revisions in 200 pages while the server keeps answering other requests', async () => {
    const id = await start();
    const latencies: number[] = [];
    let seenRunning = false;
    for (;;) {
      const before = performance.now();
      const me = await t.request({ method: 'GET', url: '/api/v1/me', cookie: admin });
      latencies.push(performance.now() - before);
      expect(me.statusCode).toBe(200);
      const state = await job(id);
      if (state.status === 'running' && state.rowsDone > 0) seenRunning = true;
      if (state.status === 'done') break;
      expect(['queued', 'running']).toContain(state.status);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seenRunning).toBe(true);
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(latencies.length / 2)] as number;
    const max = latencies[latencies.length - 1] as number;
    console.log(
      `export of ${REVISIONS} revisions: ${latencies.length} requests meanwhile, p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
    );
    // a request waits at most for one page, never for the whole export
    expect(latencies.length).toBeGreaterThan(5);
    expect(p50).toBeLessThan(100);
    expect(max).toBeLessThan(1000);

    const file = await t.request({ method: 'GET', url: `/api/v1/exports/${id}/file`, cookie: admin });
    expect(file.statusCode).toBe(200);
    const lines = file.body.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(REVISIONS + 1);
    // formula-safe: the observer's "=cmd…" remark is written as text
    // (a boolean each: a failure must not print megabytes)
    expect(file.body.includes(`;"'=cmd|"" /C calc""!A0"`)).toBe(true);
    expect(/(^|;|\r\n)"?=cmd/.test(file.body)).toBe(false);
  }, 60_000);

  it('a server stopped mid-export leaves no partial file, and the next start runs the job again to the end', async () => {
    const id = await start();
    for (;;) {
      const state = await job(id);
      if (state.status === 'running' && state.rowsDone > 0) break;
      if (state.status === 'done') throw new Error('the export ended before the server could be stopped');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await t.close();
    expect(readdirSync(join(dataDir, 'exports'))).toEqual([]);
    t = await startTestApp(db(), { DATA_DIR: dataDir });
    const back = await t.store.exports.find(id);
    expect(back?.status).toBe('queued');
    for (;;) {
      const state = await t.store.exports.find(id);
      if (state?.status === 'done') {
        expect(state.rowsDone).toBe(REVISIONS);
        expect(state.attempts).toBe(2);
        break;
      }
      await t.request({ method: 'GET', url: '/healthz' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(readdirSync(join(dataDir, 'exports'))).toEqual([`${id}.csv`]);
  }, 60_000);
});
