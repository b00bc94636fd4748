import type { Writable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type AreaScope,
  type ExportFormInfo,
  type ExportStationInfo,
  type FormDefinition,
  ReportTable,
} from '@pollwatch/core';
import type { ExportReport, ExportRevision, Store, StoredExportJob } from '@pollwatch/db';
import { csvSink, photoZip, type TableSink, xlsxSink } from '@pollwatch/documents';
import type { BlobStore } from '../storage/blob-store.ts';
import { ReportCsv } from './report-csv.ts';

/**
 * Reports per keyset page (about three revisions each): one page is all an export holds in memory.
 * A field, not a constant, so a test can prove paging on a few thousand rows with small pages.
 */
/**
 * Reports per page, and a pause between pages (0 in production): tests slow an export down to watch
 * it between pages, which an idle machine otherwise finishes before its first progress beat.
 */
export const exportPaging = { reports: 1000, pauseMs: 0 };

/**
 * Nothing is kept between pages (after a full collection the heap is back where it started), but V8
 * collects its old generation only once it has grown to several times what is live, and pages alive
 * across a page's awaits move there at a steady rate: a 200,000-revision export grew the server's
 * heap by ~100 MB of garbage before V8's first full collection. So an export collects once the heap
 * has grown by `heapHeadroomMb` since it began or since its last collection. Measured in one run on
 * a 200,000-revision export: peak resident set 322 → 264 MB for ~10 % more CPU (a collection of the
 * server's heap takes tens of milliseconds; smaller pages saved less memory and cost more CPU).
 */
export const exportMemory = { heapHeadroomMb: 24 };
let collect: ((options?: { type: 'minor' | 'major' }) => void) | undefined;
function collector() {
  if (!collect) {
    // The collector's own entry point, without starting Node with --expose-gc (new contexts only).
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as typeof collect;
  }
  return collect as NonNullable<typeof collect>;
}
function fullCollection(): void {
  collector()();
}
/** A collection of the young generation only: a millisecond or two. */
export function youngCollection(): void {
  collector()({ type: 'minor' });
}

export interface ExportContext {
  signal: AbortSignal;
  /** Called after each page; may throw to stop (the job was cancelled). */
  progress(rowsDone: number, rowsTotal: number): Promise<void>;
}

export function scopeOfJob(job: Pick<StoredExportJob, 'areaId'>): AreaScope {
  return job.areaId ? { kind: 'area', areaId: job.areaId } : { kind: 'all' };
}

/** The election's stations of the scope as region code, area code and number (10,000s: one read). */
async function stationIndex(store: Store, electionId: string, scope: AreaScope) {
  const areas = new Map((await store.areas.list()).map((a) => [a.id, a]));
  const label = (id: string) => {
    const a = areas.get(id);
    return a ? (a.code ?? a.name.ru) : '';
  };
  const index = new Map<string, ExportStationInfo>();
  for (const s of await store.stations.listAll(electionId, scope)) {
    index.set(s.id, { region: label(s.regionId), area: label(s.areaId), number: s.number });
  }
  return index;
}

async function formInfos(store: Store, electionId: string, formId: string | null): Promise<ExportFormInfo[]> {
  const forms = (await store.forms.listByElection(electionId)).filter((f) => !formId || f.id === formId);
  const infos: ExportFormInfo[] = [];
  for (const form of forms) {
    const versions = (await store.forms.versions(form.id)).sort((a, b) => b.version - a.version);
    const definitions = versions.map((v) => v.definition as FormDefinition).filter((d) => d && Array.isArray(d.groups));
    infos.push({ id: form.id, code: form.code, definitions });
  }
  return infos;
}

/**
 * Walks every report of the job's election and area in id order, a page at a time: `each` gets a
 * page's reports and their revisions. Never more than one page in memory; between pages the event
 * loop serves other requests.
 */
async function eachPage(
  store: Store,
  job: StoredExportJob,
  ctx: ExportContext,
  each: (reports: ExportReport[], revisions: ExportRevision[]) => Promise<void>,
): Promise<number> {
  const filter = { electionId: job.electionId, scope: scopeOfJob(job), formId: job.formId };
  const total = await store.exports.countRevisions(filter);
  await ctx.progress(0, total);
  let after: string | null = null;
  let done = 0;
  // the heap's floor: where the export began, or what a collection left (live data such as a photo
  // export's list of photos seen may grow: the next collection comes only past it)
  let heapFloor = process.memoryUsage().heapUsed;
  for (;;) {
    ctx.signal.throwIfAborted();
    const { reports, revisions } = await store.exports.revisionPage(filter, after, exportPaging.reports);
    if (reports.length === 0) break;
    await each(reports, revisions);
    done += revisions.length;
    after = (reports[reports.length - 1] as ExportReport).id;
    await ctx.progress(done, Math.max(total, done));
    if (process.memoryUsage().heapUsed - heapFloor > exportMemory.heapHeadroomMb * 1024 * 1024) {
      fullCollection();
      heapFloor = Math.max(heapFloor, process.memoryUsage().heapUsed);
    }
    await yieldToEventLoop();
    if (exportPaging.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, exportPaging.pauseMs));
  }
  return done;
}

/**
 * How a CSV export is written: by the lean writer (`lean`; off, through ReportTable and csvSink as
 * XLSX is, for a test that compares the two), over a connection of its own that reads rows as
 * arrays (`ownConnection`; off, the shared connection's objects), with `chunkChars` characters of
 * lines gathered before they go to the file. The heap is watched as in `eachPage` (`exportMemory`),
 * though with rows streamed (better-sqlite3's iterator, PostgreSQL's COPY) and nothing kept, the
 * runs measured needed no collection: a million rows peaked at 265-272 MB resident on SQLite and
 * 255-258 MB on PostgreSQL, 20-40 MB above the server's start.
 */
export const exportReading = { lean: true, ownConnection: true, chunkChars: 1 << 16 };

/** Waits while the stream's buffer is full. */
async function drained(out: Writable): Promise<void> {
  while (out.writableNeedDrain && !out.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  }
  if (out.destroyed) throw out.errored ?? new Error('the export stream was closed');
}

/**
 * A reports export as CSV straight from the database's rows (see `ReportCsv`): each keyset page is
 * read as arrays and written as lines while it is read, in chunks of about a megabyte, so neither
 * a page of objects nor a page of row arrays is ever held; between pages progress is told, the
 * stream drained and the event loop served, as in `eachPage`.
 */
async function writeReportsCsv(
  store: Store,
  job: StoredExportJob,
  out: Writable,
  ctx: ExportContext,
  csv: ReportCsv,
): Promise<number> {
  const filter = { electionId: job.electionId, scope: scopeOfJob(job), formId: job.formId };
  const reader = store.exports.rowReader(exportReading.ownConnection ? store.connection : undefined);
  try {
    const total = await store.exports.countRevisions(filter);
    await ctx.progress(0, total);
    out.write(csv.headerLine());
    let after: string | null = null;
    let done = 0;
    let heapFloor = process.memoryUsage().heapUsed;
    const chunkChars = exportReading.chunkChars;
    for (;;) {
      ctx.signal.throwIfAborted();
      let chunk = '';
      const page = await reader.page(filter, after, exportPaging.reports, (row) => {
        chunk += csv.lines(row);
        if (chunk.length >= chunkChars) {
          out.write(chunk);
          chunk = '';
        }
      });
      if (chunk !== '') out.write(chunk);
      if (page.rows === 0 || page.lastId === null) break;
      done += page.rows;
      after = page.lastId;
      await drained(out);
      await ctx.progress(done, Math.max(total, done));
      if (process.memoryUsage().heapUsed - heapFloor > exportMemory.heapHeadroomMb * 1024 * 1024) {
        fullCollection();
        heapFloor = Math.max(heapFloor, process.memoryUsage().heapUsed);
      }
      await yieldToEventLoop();
      if (exportPaging.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, exportPaging.pauseMs));
    }
    await new Promise<void>((resolve, reject) => {
      if (out.writableFinished) return resolve();
      out.once('finish', resolve);
      out.once('error', reject);
      out.end();
    });
    return done;
  } finally {
    await reader.close();
  }
}

/** Every report, revision, flag and photo reference of the job's scope, as CSV or XLSX. */
export async function writeReportsExport(
  store: Store,
  job: StoredExportJob,
  out: Writable,
  ctx: ExportContext,
): Promise<number> {
  const stations = await stationIndex(store, job.electionId, scopeOfJob(job));
  const forms = await formInfos(store, job.electionId, job.formId);
  const table = new ReportTable(job.shape ?? 'wide', forms, (id) => stations.get(id));
  if (job.format === 'csv' && exportReading.lean) {
    const csv = new ReportCsv(job.shape ?? 'wide', forms, (id) => stations.get(id));
    // the lean writer only while its columns are the table's (else the table's writer, as before)
    if (csv.headers.length === table.headers.length && csv.headers.every((h, i) => h === table.headers[i])) {
      return writeReportsCsv(store, job, out, ctx, csv);
    }
  }
  const sink: TableSink =
    job.format === 'xlsx' ? xlsxSink(out, table.headers, { sheetName: 'reports' }) : csvSink(out, table.headers);
  const done = await eachPage(store, job, ctx, async (reports, revisions) => {
    const byId = new Map(reports.map((r) => [r.id, r]));
    const rows = [];
    for (const v of revisions) {
      const report = byId.get(v.reportId);
      if (report) for (const row of table.rows(report, v)) rows.push(row);
    }
    await sink.write(rows);
  });
  await sink.end();
  return done;
}

const extensionOf = (contentType: string | null) =>
  contentType === 'image/png' ? 'png' : contentType === 'image/webp' ? 'webp' : 'jpg';

/**
 * The photos of the job's scope as a ZIP: `region/station/kind-report-rRev-sha.jpg`, each photo once
 * (the first revision that lists it), complete uploads only.
 */
export async function writePhotosExport(
  store: Store,
  blobs: BlobStore,
  job: StoredExportJob,
  out: Writable,
  ctx: ExportContext,
): Promise<number> {
  const stations = await stationIndex(store, job.electionId, scopeOfJob(job));
  const zip = photoZip(out);
  const seen = new Set<string>();
  await eachPage(store, job, ctx, async (reports, revisions) => {
    const byId = new Map(reports.map((r) => [r.id, r]));
    const fresh = [...new Set(revisions.flatMap((v) => v.photos))].filter((sha) => !seen.has(sha));
    const complete = await store.exports.completePhotos(fresh);
    for (const v of revisions) {
      const report = byId.get(v.reportId);
      if (!report) continue;
      for (const sha of v.photos) {
        if (seen.has(sha) || !complete.has(sha)) continue;
        seen.add(sha);
        const station = stations.get(report.stationId);
        const folder = `${safe(station?.region ?? 'area')}/${station?.number ?? 'station'}`;
        const name = `${folder}/${report.formKind}-${report.id.slice(0, 8)}-r${v.revision}-${sha.slice(0, 12)}.${extensionOf(complete.get(sha) ?? null)}`;
        await zip.add(name, () => blobs.read(sha));
      }
    }
  });
  await zip.end();
  return seen.size;
}

/** A folder name from an area code: no path separators or dots at the start. */
function safe(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, '_').replace(/^\.+/, '_') || '_';
}
