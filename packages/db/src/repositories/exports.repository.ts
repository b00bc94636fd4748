import type {
  AreaScope,
  ExportFormat,
  ExportJob,
  ExportKind,
  ExportShape,
  ExportStatus,
  ReportFlag,
} from '@pollwatch/core';
import { exportFileName } from '@pollwatch/core';
import SQLite from 'better-sqlite3';
import { type Kysely, sql as rawSql, type Selectable } from 'kysely';
import pg from 'pg';
import pgCopy from 'pg-copy-streams';
import { stationInScope } from '../area-scope.ts';
import { type DatabaseConfig, type DialectName, isPostgresUrl } from '../database.ts';
import type { Database, ExportJobsTable } from '../schema.ts';
import { readInt, readJson, readTime, timeValue } from '../values.ts';
import { claimOldest } from './claim-oldest.ts';

export interface NewExportJob {
  id: string;
  electionId: string;
  kind: ExportKind;
  format: ExportFormat;
  shape: ExportShape | null;
  areaId: string | null;
  formId: string | null;
  requestedBy: string;
}

export interface StoredExportJob extends ExportJob {
  requestedBy: string;
  attempts: number;
  runner: string | null;
  /** The finished file in the shared blob store; null when it is in the runner's data folder. */
  fileSha256: string | null;
}

/** What an export reads of the reports: one keyset page at a time, never all at once. */
export interface ExportFilter {
  electionId: string;
  scope: AreaScope;
  formId?: string | null;
}

export interface ExportReport {
  id: string;
  stationId: string;
  formId: string;
  formKind: string;
  observerId: string;
  channel: string;
  latestRevision: number;
}

export interface ExportRevision {
  reportId: string;
  revision: number;
  formVersion: number;
  answers: Record<string, unknown>;
  photos: string[];
  flags: ReportFlag[];
  clientTime: string | null;
  receivedAt: string;
  chainSeq: number;
  chainHash: string;
}

/**
 * One revision as an export reads it at scale: an array, not an object (no per-row object, no
 * per-row parsing here), in the order of `exportRowColumns`. `answers`, `photos` and `flags` are
 * JSON text (SQLite, PostgreSQL's COPY) or already parsed (PostgreSQL through the shared
 * connection); `received_at` is ISO-8601 text (SQLite, COPY) or a Date; numbers are numbers, or
 * their digits (COPY, and a bigint's `chain_seq`).
 */
export type ExportRow = unknown[];

/** The columns of an `ExportRow`, in order. */
export const exportRowColumns = [
  'r.id',
  'r.station_id',
  'r.form_id',
  'r.form_kind',
  'r.observer_id',
  'r.channel',
  'r.latest_revision',
  'v.revision',
  'v.form_version',
  'v.answers',
  'v.photos',
  'v.flags',
  'v.client_time',
  'v.received_at',
  'v.chain_seq',
  'v.chain_hash',
] as const;

/**
 * Reads an export's revisions a keyset page at a time, each row handed to `each` as it comes.
 * Over a database with its own connection description (a file, a PostgreSQL URL) it opens a
 * connection of its own that reads rows as arrays: better-sqlite3's raw mode, and on PostgreSQL
 * each page as `COPY (…) TO STDOUT` in text format, parsed as it streams in (`readCopyRows`) —
 * a million objects of 16 fields were a third of a large export's time, and pg's array rows of a
 * whole page, held until the page ended, still half of the server's CPU. SQLite in memory (tests)
 * reads through the shared connection and turns the objects into the same arrays.
 */
export interface ExportRowReader {
  /**
   * The revisions of up to `limit` reports after `afterId`, in (report id, revision) order; the
   * number of rows and the last report id (null when there were none).
   */
  page(
    filter: ExportFilter,
    afterId: string | null,
    limit: number,
    each: (row: ExportRow) => void,
  ): Promise<{ rows: number; lastId: string | null }>;
  close(): Promise<void>;
}

/** Most revisions carry no photos and no flags: `[]` is not parsed each time. */
const jsonList = (v: unknown): unknown[] => (v === '[]' ? [] : (readJson(v) as unknown[]));

const iso = (v: Date | string | null): string | null => (v === null ? null : readTime(v).toISOString());

/**
 * A compiled PostgreSQL statement with its `$n` placeholders replaced by literals, for COPY (which
 * takes no parameters). Text is quoted by pg's `escapeLiteral`; only text and finite numbers are
 * taken, and every placeholder must have its value.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  const used = new Set<number>();
  const inlined = text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= parameters.length) throw new Error(`inlineParameters: no value for $${n}`);
    used.add(i);
    const value = parameters[i];
    if (typeof value === 'string') return pg.escapeLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new Error(`inlineParameters: $${n} is a ${typeof value}`);
  });
  if (used.size !== parameters.length) throw new Error('inlineParameters: a value has no placeholder');
  return inlined;
}

/** COPY's text format: `\N` is null; a backslash escapes \\, and \b \f \n \r \t \v. */
const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const copyField = (field: string): string | null =>
  field === '\\N'
    ? null
    : field.indexOf('\\') < 0
      ? field
      : field.replace(/\\([\s\S])/g, (_, c: string) => COPY_ESCAPES[c] ?? c);

/**
 * The rows of a `COPY … TO STDOUT` (text format) as they stream in: each chunk is decoded once up
 * to its last line break (never inside a UTF-8 sequence), the rest waits for the next chunk. No
 * row is held after `each` has had it.
 */
async function readCopyRows(
  copy: AsyncIterable<Buffer>,
  each: (row: ExportRow) => void,
): Promise<{ rows: number; lastId: string | null }> {
  let rows = 0;
  let lastId: string | null = null;
  let carry: Buffer | null = null;
  for await (const chunk of copy) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const end = data.lastIndexOf(10);
    if (end < 0) {
      carry = data;
      continue;
    }
    carry = end + 1 < data.length ? data.subarray(end + 1) : null;
    // (a row is never empty: it has every column)
    const text = data.toString('utf8', 0, end);
    for (let from = 0; from <= text.length && end > 0; ) {
      let to = text.indexOf('\n', from);
      if (to < 0) to = text.length;
      const row: unknown[] = text.slice(from, to).split('\t');
      for (let i = 0; i < row.length; i++) row[i] = copyField(row[i] as string);
      rows += 1;
      lastId = row[0] as string;
      each(row);
      from = to + 1;
    }
  }
  if (carry !== null) throw new Error('COPY ended inside a row');
  return { rows, lastId };
}

function toJob(r: Selectable<ExportJobsTable>): StoredExportJob {
  const createdAt = readTime(r.created_at).toISOString();
  const base = {
    id: r.id,
    electionId: r.election_id,
    kind: r.kind as ExportKind,
    format: r.format as ExportFormat,
    shape: (r.shape as ExportShape | null) ?? null,
    createdAt,
  };
  return {
    ...base,
    areaId: r.area_id,
    formId: r.form_id,
    status: r.status as ExportStatus,
    rowsDone: r.rows_done,
    rowsTotal: r.rows_total,
    sizeBytes: r.size_bytes === null ? null : readInt(r.size_bytes),
    error: r.error,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    expiresAt: iso(r.expires_at),
    fileName: exportFileName(base),
    requestedBy: r.requested_by,
    attempts: r.attempts,
    runner: r.runner,
    fileSha256: r.file_sha256 ?? null,
  };
}

export class ExportsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private t(date: Date) {
    return timeValue(this.dialect, date);
  }

  async create(job: NewExportJob, now: Date): Promise<StoredExportJob> {
    await this.db
      .insertInto('export_jobs')
      .values({
        id: job.id,
        election_id: job.electionId,
        kind: job.kind,
        format: job.format,
        shape: job.shape,
        area_id: job.areaId,
        form_id: job.formId,
        requested_by: job.requestedBy,
        status: 'queued',
        created_at: this.t(now),
      })
      .execute();
    return (await this.find(job.id)) as StoredExportJob;
  }

  async find(id: string): Promise<StoredExportJob | undefined> {
    const r = await this.db.selectFrom('export_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toJob(r) : undefined;
  }

  /** A user's most recent exports, newest first. */
  async listFor(userId: string, limit: number): Promise<StoredExportJob[]> {
    const rows = await this.db
      .selectFrom('export_jobs')
      .selectAll()
      .where('requested_by', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toJob);
  }

  /**
   * The oldest queued job — or a running one whose lease ran out (`heartbeat_at` before `staleBefore`:
   * its process crashed) — now running on `runner`; undefined when there is none. Safe with any
   * number of processes: on PostgreSQL one statement takes the row with `FOR UPDATE SKIP LOCKED`, so
   * two claimers never wait on or take the same job; on SQLite (one server process) the conditional
   * update does the same.
   */
  async claimNext(runner: string, now: Date, staleBefore?: Date): Promise<StoredExportJob | undefined> {
    const id = await claimOldest(
      this.db,
      this.dialect,
      'export_jobs',
      (eb) =>
        staleBefore
          ? eb.or([
              eb('status', '=', 'queued'),
              eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', this.t(staleBefore))]),
            ])
          : eb('status', '=', 'queued'),
      (eb) => ({
        status: 'running',
        runner,
        heartbeat_at: this.t(now),
        started_at: this.t(now),
        rows_done: 0,
        attempts: eb('attempts', '+', 1),
      }),
    );
    return id ? this.find(id) : undefined;
  }

  /** Progress; false when the job is no longer this runner's (cancelled, or taken over). */
  async beat(id: string, runner: string, progress: { rowsDone: number; rowsTotal?: number }, now: Date) {
    const result = await this.db
      .updateTable('export_jobs')
      .set({
        rows_done: progress.rowsDone,
        ...(progress.rowsTotal === undefined ? {} : { rows_total: progress.rowsTotal }),
        heartbeat_at: this.t(now),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('runner', '=', runner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finish(
    id: string,
    runner: string,
    done: { rowsDone: number; sizeBytes: number; fileSha256?: string },
    now: Date,
    keepMs: number,
  ) {
    const result = await this.db
      .updateTable('export_jobs')
      .set({
        status: 'done',
        rows_done: done.rowsDone,
        rows_total: done.rowsDone,
        size_bytes: done.sizeBytes,
        file_sha256: done.fileSha256 ?? null,
        finished_at: this.t(now),
        expires_at: this.t(new Date(now.getTime() + keepMs)),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('runner', '=', runner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A failed run: queued again while attempts remain, else failed with an error code. */
  async fail(id: string, runner: string, error: string, retry: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('export_jobs')
      .set(
        retry
          ? { status: 'queued', runner: null, heartbeat_at: null, error }
          : { status: 'failed', error, finished_at: this.t(now) },
      )
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('runner', '=', runner)
      .execute();
  }

  /** Cancels a queued or running job; false when it had already ended. */
  async cancel(id: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('export_jobs')
      .set({ status: 'cancelled', finished_at: this.t(now) })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async status(id: string): Promise<ExportStatus | undefined> {
    const r = await this.db.selectFrom('export_jobs').select('status').where('id', '=', id).executeTakeFirst();
    return r?.status as ExportStatus | undefined;
  }

  /**
   * Running jobs whose runner stopped beating (a server that crashed or restarted), and the jobs of
   * a runner known to be gone, go back to the queue: they start over from the first row.
   */
  async requeueStale(staleBefore: Date, goneRunners: string[] = []): Promise<number> {
    const result = await this.db
      .updateTable('export_jobs')
      .set({ status: 'queued', runner: null, heartbeat_at: null })
      .where('status', '=', 'running')
      .where((eb) =>
        eb.or([
          eb('heartbeat_at', '<', this.t(staleBefore)),
          eb('heartbeat_at', 'is', null),
          ...(goneRunners.length > 0 ? [eb('runner', 'in', goneRunners)] : []),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Finished jobs whose file is past its keeping time. */
  async expiredBefore(now: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom('export_jobs')
      .select('id')
      .where('status', '=', 'done')
      .where('expires_at', '<', this.t(now))
      .execute();
    return rows.map((r) => r.id);
  }

  async markExpired(id: string): Promise<void> {
    await this.db.updateTable('export_jobs').set({ status: 'expired' }).where('id', '=', id).execute();
  }

  /** Which of these job ids still have a file to keep (done, or being written). */
  async keptIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('export_jobs')
      .select('id')
      .where('id', 'in', ids)
      .where('status', 'in', ['done', 'running'])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  // ---- what is exported ----

  async countRevisions(filter: ExportFilter): Promise<number> {
    let q = this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', 'v.report_id', 'r.id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('r.election_id', '=', filter.electionId)
      .where(stationInScope('r.station_id', filter.scope));
    if (filter.formId) q = q.where('r.form_id', '=', filter.formId);
    const row = await q.executeTakeFirstOrThrow();
    return readInt(row.n as number | string);
  }

  /**
   * The statement of one keyset page: the reports after `afterId` and all their revisions. `asText`
   * (PostgreSQL's COPY): `received_at` as ISO-8601 text in UTC with milliseconds, as a Date's
   * `toISOString()` writes it (both truncate microseconds).
   */
  private pageQuery(filter: ExportFilter, afterId: string | null, limit: number, asText = false) {
    let page = this.db
      .selectFrom('reports as p')
      .select('p.id')
      .where('p.election_id', '=', filter.electionId)
      .where(stationInScope('p.station_id', filter.scope));
    if (filter.formId) page = page.where('p.form_id', '=', filter.formId);
    if (afterId !== null) page = page.where('p.id', '>', afterId);
    const columns = asText
      ? exportRowColumns.map((c) =>
          c === 'v.received_at'
            ? rawSql<string>`to_char(v.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as(
                'received_at',
              )
            : c,
        )
      : [...exportRowColumns];
    return this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', 'v.report_id', 'r.id')
      .select(columns as (typeof exportRowColumns)[number][])
      .where('r.id', 'in', page.orderBy('p.id').limit(limit))
      .orderBy('r.id')
      .orderBy('v.revision');
  }

  /** See `ExportRowReader`; `connection` is the store's (`Store.connection`). Close it after use. */
  rowReader(connection: DatabaseConfig | undefined): ExportRowReader {
    if (this.dialect === 'sqlite' && connection?.sqliteFile) {
      const file = connection.sqliteFile;
      let sqlite: SQLite.Database | undefined;
      const statements = new Map<string, SQLite.Statement>();
      return {
        page: async (filter, afterId, limit, each) => {
          const { sql, parameters } = this.pageQuery(filter, afterId, limit).compile();
          if (!sqlite) {
            sqlite = new SQLite(file, { fileMustExist: true });
            sqlite.pragma('busy_timeout = 5000');
            // The export reads each page once, in order: a 2 MB page cache instead of the
            // driver's 16 MB (which a large export fills, and keeps, in the server's memory).
            sqlite.pragma('cache_size = -2000');
          }
          let statement = statements.get(sql);
          if (!statement) {
            statement = sqlite.prepare(sql).raw(true);
            statements.set(sql, statement);
          }
          let rows = 0;
          let lastId: string | null = null;
          for (const row of statement.iterate(...(parameters as unknown[])) as IterableIterator<ExportRow>) {
            rows += 1;
            lastId = row[0] as string;
            each(row);
          }
          return { rows, lastId };
        },
        close: async () => {
          sqlite?.close();
          sqlite = undefined;
        },
      };
    }
    if (this.dialect === 'postgres' && isPostgresUrl(connection?.databaseUrl)) {
      const config = connection as DatabaseConfig & { databaseUrl: string };
      let client: Promise<pg.Client> | undefined;
      const open = async () => {
        const c = new pg.Client({
          connectionString: config.databaseUrl,
          ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
        });
        c.on('error', () => {});
        await c.connect();
        return c;
      };
      return {
        page: async (filter, afterId, limit, each) => {
          const { sql, parameters } = this.pageQuery(filter, afterId, limit, true).compile();
          client ??= open();
          const c = await client;
          // COPY takes no parameters: the page's values (ids, the limit) are written in as literals
          const copy = c.query(pgCopy.to(`copy (${inlineParameters(sql, parameters)}) to stdout`));
          try {
            return await readCopyRows(copy, each);
          } catch (error) {
            // a COPY left half read leaves the connection mid-statement: it is not used again
            copy.destroy();
            client = undefined;
            await c.end().catch(() => undefined);
            throw error;
          }
        },
        close: async () => {
          const c = client;
          client = undefined;
          // a connection that never opened has nothing to end (its error is the page's)
          if (c) await (await c.catch(() => undefined))?.end();
        },
      };
    }
    return {
      page: async (filter, afterId, limit, each) => {
        const rows = await this.pageQuery(filter, afterId, limit).execute();
        for (const r of rows) {
          each([
            r.id,
            r.station_id,
            r.form_id,
            r.form_kind,
            r.observer_id,
            r.channel,
            r.latest_revision,
            r.revision,
            r.form_version,
            r.answers,
            r.photos,
            r.flags,
            r.client_time,
            r.received_at,
            r.chain_seq,
            r.chain_hash,
          ]);
        }
        const last = rows[rows.length - 1];
        return { rows: rows.length, lastId: last ? last.id : null };
      },
      close: async () => {},
    };
  }

  /**
   * The next page: up to `limit` reports after `afterId` in id order (keyset on the (election_id,
   * id) index) and every revision of them, in (report, revision) order, in one statement.
   */
  async revisionPage(
    filter: ExportFilter,
    afterId: string | null,
    limit: number,
  ): Promise<{ reports: ExportReport[]; revisions: ExportRevision[] }> {
    const rows = await this.pageQuery(filter, afterId, limit).execute();
    const reports: ExportReport[] = [];
    const revisions: ExportRevision[] = [];
    for (const r of rows) {
      if (reports.length === 0 || (reports[reports.length - 1] as ExportReport).id !== r.id) {
        reports.push({
          id: r.id,
          stationId: r.station_id,
          formId: r.form_id,
          formKind: r.form_kind,
          observerId: r.observer_id,
          channel: r.channel,
          latestRevision: r.latest_revision,
        });
      }
      revisions.push({
        reportId: r.id,
        revision: r.revision,
        formVersion: r.form_version,
        answers: readJson(r.answers) as Record<string, unknown>,
        photos: jsonList(r.photos) as string[],
        flags: jsonList(r.flags) as ReportFlag[],
        clientTime: r.client_time,
        // SQLite keeps ISO-8601 text already: no Date made and formatted again per row
        receivedAt: typeof r.received_at === 'string' ? r.received_at : r.received_at.toISOString(),
        chainSeq: readInt(r.chain_seq),
        chainHash: r.chain_hash,
      });
    }
    return { reports, revisions };
  }

  /** Content types of the complete photos among these (incomplete uploads are left out of a ZIP). */
  async completePhotos(sha256s: string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (let i = 0; i < sha256s.length; i += 500) {
      const chunk = sha256s.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('photos')
        .select(['sha256', 'content_type'])
        .where('sha256', 'in', chunk)
        .where('completed_at', 'is not', null)
        .execute();
      for (const r of rows) out.set(r.sha256, r.content_type);
    }
    return out;
  }

  // ---- report documents (incident list, station dossier) ----

  /** The latest revision of every incident report in the scope, oldest first, with its verification. */
  async incidents(electionId: string, scope: AreaScope) {
    const rows = await this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', (j) =>
        j.onRef('v.report_id', '=', 'r.id').onRef('v.revision', '=', 'r.latest_revision'),
      )
      .leftJoin('report_verifications as q', 'q.report_id', 'r.id')
      .select(['r.id', 'r.station_id', 'v.answers', 'v.received_at', 'q.status'])
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', 'incident')
      .where(stationInScope('r.station_id', scope))
      .orderBy('v.received_at')
      .orderBy('r.id')
      .execute();
    return rows.map((r) => ({
      reportId: r.id,
      stationId: r.station_id,
      answers: readJson(r.answers) as Record<string, unknown>,
      receivedAt: readTime(r.received_at).toISOString(),
      verification: (r.status as string | null) ?? null,
    }));
  }

  /** Every report at a station with every revision, in the order they came. */
  async stationRevisions(stationId: string) {
    const rows = await this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', 'v.report_id', 'r.id')
      .select([
        'r.id',
        'r.created_at',
        'r.form_kind',
        'r.channel',
        'v.revision',
        'v.answers',
        'v.photos',
        'v.flags',
        'v.received_at',
      ])
      // The station's election first: reports are indexed by (election, station), not by station
      // alone (issue 23). Sorted here, a station's few rows: ordered in SQL, SQLite (no statistics)
      // walked the whole election's (election, created_at) index instead.
      .where('r.election_id', '=', (eb) => eb.selectFrom('stations').select('election_id').where('id', '=', stationId))
      .where('r.station_id', '=', stationId)
      .execute();
    const created = new Map(rows.map((r) => [r.id, readTime(r.created_at).getTime()]));
    rows.sort(
      (a, b) =>
        (created.get(a.id) ?? 0) - (created.get(b.id) ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
        a.revision - b.revision,
    );
    return rows.map((r) => ({
      reportId: r.id,
      formKind: r.form_kind,
      channel: r.channel,
      revision: r.revision,
      answers: readJson(r.answers) as Record<string, unknown>,
      photos: jsonList(r.photos) as string[],
      flags: jsonList(r.flags) as ReportFlag[],
      receivedAt: readTime(r.received_at).toISOString(),
    }));
  }

  /** The readiness visits planned at a station, with the observer's name. */
  async stationVisits(stationId: string) {
    const rows = await this.db
      .selectFrom('readiness_visits as rv')
      .innerJoin('users as u', 'u.id', 'rv.observer_id')
      .select(['rv.visit_date', 'u.display_name'])
      .where('rv.station_id', '=', stationId)
      .orderBy('rv.visit_date')
      .execute();
    return rows.map((r) => ({ visitDate: r.visit_date, observerName: r.display_name }));
  }

  /** The official result's lines for a station, and the protocol copy that counts (the HQ's choice, else the latest). */
  async stationResults(electionId: string, stationId: string) {
    const official = await this.db
      .selectFrom('official_results')
      .select('lines')
      .where('election_id', '=', electionId)
      .where('station_id', '=', stationId)
      .executeTakeFirst();
    const chosen = await this.db
      .selectFrom('station_records')
      .select('report_id')
      .where('station_id', '=', stationId)
      .where('form_kind', '=', 'protocol')
      .executeTakeFirst();
    let copy = this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', (j) =>
        j.onRef('v.report_id', '=', 'r.id').onRef('v.revision', '=', 'r.latest_revision'),
      )
      .select(['v.answers'])
      .where('r.election_id', '=', electionId)
      .where('r.station_id', '=', stationId)
      .where('r.form_kind', '=', 'protocol');
    copy = chosen ? copy.where('r.id', '=', chosen.report_id) : copy.orderBy('r.updated_at', 'desc').limit(1);
    const copyRow = await copy.executeTakeFirst();
    return {
      official: official ? (readJson(official.lines) as Record<string, number>) : null,
      copy: copyRow ? (readJson(copyRow.answers) as Record<string, unknown>) : null,
    };
  }
}
