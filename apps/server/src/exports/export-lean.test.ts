import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect, describeSqliteFile, type TestDb } from '@pollwatch/db/testing';
import { afterEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { bulkReports } from './export-fixture.ts';
import { exportPaging, exportReading } from './export-writers.ts';

// The lean CSV writer (rows read as arrays over the export's own connection, lines written without
// a row array per revision) writes byte for byte what the table writer (ReportTable through
// csvSink) writes, in both shapes: on SQLite in memory (the shared connection), on SQLite in a
// file (a connection of its own, better-sqlite3's raw rows) and on PostgreSQL (COPY's text rows).

const tricky = [
  '=HYPERLINK("http://x";"y")',
  'точка; запятая',
  'две\r\nстроки',
  '-12.5',
  '+7 701',
  "'=already",
  '@user',
  // PostgreSQL's COPY escapes these in its text format: read back as they were
  'таб\tи \\N обратная \\ черта',
  '\\N',
];

function suite(db: () => TestDb) {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    Object.assign(exportReading, { lean: true, ownConnection: true });
  });

  it('writes the same bytes as the table writer, wide and long', async () => {
    t = await startTestApp(db(), { DATA_DIR: mkdtempSync(join(tmpdir(), 'pollwatch-exports-lean-')) });
    const app = t;
    const admin = await app.setupAdmin();
    const post = async (url: string, body: unknown) => {
      const r = await app.request({ method: 'POST', url, cookie: admin, body });
      if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    const electionId = (
      await post('/api/v1/elections', {
        name: { ru: 'Выгрузка' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election.id as string;
    const area = (await post('/api/v1/areas', { parentId: null, level: 'region', code: '=R1', name: { ru: 'Регион' } }))
      .area.id;
    const stations: string[] = [];
    for (let i = 1; i <= 4; i++) {
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
    const forms = await app.store.forms.listByElection(electionId);
    let seq = 50_000_000;
    for (const kind of ['voting', 'incident', 'turnout']) {
      const form = forms.find((f) => f.kind === kind);
      if (!form) throw new Error(`no ${kind} form`);
      const version = (await app.store.forms.versions(form.id)).find((v) => v.status === 'published')?.version ?? 1;
      await bulkReports(app.store, {
        electionId,
        stations,
        form: { formId: form.id, version, kind },
        observerId: observer,
        revisions: 40,
        seqFrom: seq,
        answers: (i) =>
          kind === 'voting'
            ? {
                visit: [
                  {
                    visit_time: '10:00',
                    voters_in_queue: i,
                    secrecy_respected: i % 2 === 0,
                    remarks: tricky[i % tricky.length],
                  },
                  ...(i % 3 === 0 ? [{ visit_time: tricky[(i + 1) % tricky.length], voters_in_queue: -i }] : []),
                ],
              }
            : kind === 'incident'
              ? {
                  category: 'carousel_voting',
                  description: tricky[i % tricky.length],
                  complaint_filed: i % 2 === 0,
                  x: [1, 'a'],
                }
              : i % 5 === 0
                ? {}
                : { checkpoint_time: '10:00', voters_received: 100 + i, source: { odd: tricky[i % tricky.length] } },
        at: app.now(),
        // no client time, and text that looks like COPY's null
        clientTime: (i) => (i % 4 === 0 ? null : i % 4 === 1 ? '\\N' : app.now().toISOString()),
      });
      seq += 1000;
    }

    const exportCsv = async (shape: 'wide' | 'long') => {
      const r = await app.request({
        method: 'POST',
        url: `/api/v1/elections/${electionId}/exports`,
        cookie: admin,
        body: { kind: 'reports', format: 'csv', shape },
      });
      expect(r.statusCode, r.body).toBe(202);
      const id = r.json().job.id as string;
      for (;;) {
        const job = (await app.request({ method: 'GET', url: `/api/v1/exports/${id}`, cookie: admin })).json().job;
        if (job.status === 'done') break;
        expect(['queued', 'running']).toContain(job.status);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return (await app.request({ method: 'GET', url: `/api/v1/exports/${id}/file`, cookie: admin })).rawPayload;
    };

    const paging = { ...exportPaging };
    try {
      // pages of 7 reports: keyset paging is crossed many times
      exportPaging.reports = 7;
      for (const shape of ['wide', 'long'] as const) {
        Object.assign(exportReading, { lean: false });
        const table = await exportCsv(shape);
        Object.assign(exportReading, { lean: true, ownConnection: true });
        const lean = await exportCsv(shape);
        Object.assign(exportReading, { lean: true, ownConnection: false });
        const shared = await exportCsv(shape);
        const text = table.toString('utf8');
        expect(text.split('\r\n').length).toBeGreaterThan(120);
        expect(text).toContain(`"'=HYPERLINK(""http://x"";""y"")"`);
        expect(lean.equals(table)).toBe(true);
        expect(shared.equals(table)).toBe(true);
      }
    } finally {
      Object.assign(exportPaging, paging);
    }
  }, 60_000);
}

describeEachDialect('the lean reports CSV export', (db) => suite(db));
describeSqliteFile('the lean reports CSV export', (db) => suite(db));
