import type { AreaScope, FormKind, ReportFlag } from '@pollwatch/core';
import { CompiledQuery, type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { areaSubtree, stationInScope } from '../area-scope.ts';
import { packPayloads } from '../broadcast.ts';
import { insertRows } from '../bulk-insert.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { jsonValue, readInt, readJson, readTime, timeValue } from '../values.ts';

const REPORT_COLUMNS = [
  'id',
  'election_id',
  'station_id',
  'form_id',
  'form_kind',
  'observer_id',
  'channel',
  'latest_revision',
  'flags',
  'created_at',
  'updated_at',
] as const;
const REVISION_COLUMNS = [
  'report_id',
  'revision',
  'form_version',
  'answers',
  'photos',
  'flags',
  'client_time',
  'received_at',
  'chain_seq',
  'chain_hash',
] as const;

/** A report's latest answers, with when it last changed (ms since the epoch). */
export interface LatestAnswers {
  reportId: string;
  stationId: string;
  updatedAt: number;
  answers: Record<string, unknown>;
}

export interface StoredReport {
  id: string;
  electionId: string;
  stationId: string;
  formId: string;
  formKind: FormKind;
  observerId: string;
  channel: string;
  latestRevision: number;
  flags: ReportFlag[];
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredRevision {
  reportId: string;
  revision: number;
  formVersion: number;
  answers: Record<string, unknown>;
  photos: string[];
  flags: ReportFlag[];
  clientTime: string | null;
  receivedAt: Date;
  chainSeq: number;
  chainHash: string;
}

/** A revision to store, its answers already JSON text (the report writer's canonical JSON). */
export type NewRevision = Omit<StoredRevision, 'answers'> & { answersJson: string };

export interface ChainRow extends StoredRevision {
  electionId: string;
  stationId: string;
  formId: string;
  observerId: string;
}

export class ReportsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async findReport(id: string): Promise<StoredReport | undefined> {
    const r = await this.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return {
      id: r.id,
      electionId: r.election_id,
      stationId: r.station_id,
      formId: r.form_id,
      formKind: r.form_kind as FormKind,
      observerId: r.observer_id,
      channel: r.channel,
      latestRevision: r.latest_revision,
      flags: readJson(r.flags) as ReportFlag[],
      createdAt: readTime(r.created_at),
      updatedAt: readTime(r.updated_at),
    };
  }

  async findRevision(reportId: string, revision: number): Promise<StoredRevision | undefined> {
    const r = await this.db
      .selectFrom('report_revisions')
      .selectAll()
      .where('report_id', '=', reportId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return r ? toRevision(r) : undefined;
  }

  /**
   * Locks the chain head for this transaction (PostgreSQL: row lock; SQLite transactions are
   * serial anyway) and returns it. Every append goes through here, so the chain has one order.
   */
  async lockChainHead(): Promise<{ seq: number; hash: string }> {
    // Once per group commit: as written SQL, not built and compiled by Kysely each time (issue 23).
    const text = `select seq, hash from chain_head where id = 1${this.dialect === 'postgres' ? ' for update' : ''}`;
    const { rows } = await this.db.executeQuery<{ seq: number | string; hash: string }>(CompiledQuery.raw(text, []));
    const row = rows[0];
    if (!row) throw new Error('the chain head row is missing');
    return { seq: readInt(row.seq), hash: row.hash };
  }

  /**
   * PostgreSQL: locks, in (election, observer) order, the "last heard from" rows (observer_watch)
   * that the batch's reports will move forward through their triggers. Every transaction that
   * changes those rows takes them in this order first (a session roll-forward too, see
   * `SessionsRepository.extendMany`), so two of them cannot wait for each other in a cycle: the
   * triggers alone would take them in whatever order the statement met them (issue 23's
   * election-day deadlocks). SQLite: nothing (one writer at a time).
   */
  async lockWatched(pairs: readonly { electionId: string; observerId: string }[]): Promise<void> {
    if (this.dialect !== 'postgres' || pairs.length === 0) return;
    const unique = [...new Map(pairs.map((p) => [`${p.electionId}:${p.observerId}`, p])).values()];
    await sql`select 1 from observer_watch w
      join unnest(${unique.map((p) => p.electionId)}::uuid[], ${unique.map((p) => p.observerId)}::uuid[]) as p(e, o)
        on w.election_id = p.e and w.observer_id = p.o
      order by w.election_id, w.observer_id
      for update of w`.execute(this.db);
  }

  /**
   * Readies the report writer's own connection. SQLite: statement journals in memory rather than
   * in a temporary file. A multi-row insert whose triggers write other tables must be undoable on
   * its own inside its transaction, so SQLite keeps the original of every page the statement
   * changes; in a file, that was a file created, written page by page and deleted for every group
   * (~25 system calls per report, ~40% of the CPU of the reports insert, issue 23). The journal
   * only ever serves a statement's own rollback, never recovery after a crash: durability is the
   * WAL's, unchanged. PostgreSQL: nothing.
   */
  async prepareWriterConnection(): Promise<void> {
    if (this.dialect === 'sqlite') await sql`pragma temp_store = memory`.execute(this.db);
  }

  async chainHead(): Promise<{ seq: number; hash: string }> {
    const row = await this.db
      .selectFrom('chain_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: readInt(row.seq), hash: row.hash };
  }

  async setChainHead(head: { seq: number; hash: string }): Promise<void> {
    const text =
      this.dialect === 'postgres'
        ? 'update chain_head set seq = $1, hash = $2 where id = 1'
        : 'update chain_head set seq = ?, hash = ? where id = 1';
    await this.db.executeQuery(CompiledQuery.raw(text, [head.seq, head.hash]));
  }

  async insertReport(r: Omit<StoredReport, 'createdAt' | 'updatedAt'>, now: Date): Promise<void> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('reports')
      .values({
        id: r.id,
        election_id: r.electionId,
        station_id: r.stationId,
        form_id: r.formId,
        form_kind: r.formKind,
        observer_id: r.observerId,
        channel: r.channel,
        latest_revision: r.latestRevision,
        flags: jsonValue(r.flags),
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  /** Which of these report ids are stored (once per group commit: written SQL, see `idListText`). */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const unique = [...new Set(ids)];
    const { rows } = await this.db.executeQuery<{ id: string }>(
      CompiledQuery.raw(idListText(this.dialect, unique.length), unique),
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * PostgreSQL: NOTIFY on `channel` within this transaction, so the messages go out when it
   * commits and not at all if it does not. Payloads of one line each, packed as `Broadcast` packs
   * them (its subscribers read them alike).
   */
  async announce(channel: string, payloads: readonly string[]): Promise<void> {
    if (this.dialect !== 'postgres') throw new Error('announce: PostgreSQL only');
    const packed = packPayloads(payloads);
    if (packed.length === 0) return;
    const calls = packed.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ');
    await this.db.executeQuery(CompiledQuery.raw(`select ${calls}`, [channel, ...packed]));
  }

  /** Many new reports in one statement (ingest's group commit). */
  async insertReports(reports: Omit<StoredReport, 'updatedAt'>[]): Promise<void> {
    await insertRows(
      this.db,
      this.dialect,
      'reports',
      REPORT_COLUMNS,
      reports.map((r) => {
        const at = timeValue(this.dialect, r.createdAt);
        return [
          r.id,
          r.electionId,
          r.stationId,
          r.formId,
          r.formKind,
          r.observerId,
          r.channel,
          r.latestRevision,
          jsonValue(r.flags),
          at,
          at,
        ];
      }),
    );
  }

  async insertRevisions(revisions: NewRevision[]): Promise<void> {
    await insertRows(
      this.db,
      this.dialect,
      'report_revisions',
      REVISION_COLUMNS,
      revisions.map((r) => [
        r.reportId,
        r.revision,
        r.formVersion,
        r.answersJson,
        jsonValue(r.photos),
        jsonValue(r.flags),
        r.clientTime,
        timeValue(this.dialect, r.receivedAt),
        r.chainSeq,
        r.chainHash,
      ]),
    );
  }

  private revisionRow(r: NewRevision) {
    return {
      report_id: r.reportId,
      revision: r.revision,
      form_version: r.formVersion,
      answers: r.answersJson,
      photos: jsonValue(r.photos),
      flags: jsonValue(r.flags),
      client_time: r.clientTime,
      received_at: timeValue(this.dialect, r.receivedAt),
      chain_seq: r.chainSeq,
      chain_hash: r.chainHash,
    };
  }

  async updateLatest(id: string, revision: number, flags: ReportFlag[], now: Date): Promise<void> {
    await this.db
      .updateTable('reports')
      .set({ latest_revision: revision, flags: jsonValue(flags), updated_at: timeValue(this.dialect, now) })
      .where('id', '=', id)
      .execute();
  }

  async insertRevision(r: NewRevision): Promise<void> {
    await this.db.insertInto('report_revisions').values(this.revisionRow(r)).execute();
  }

  async addFlag(id: string, flags: ReportFlag[], now: Date): Promise<void> {
    await this.db
      .updateTable('reports')
      .set({ flags: jsonValue(flags), updated_at: timeValue(this.dialect, now) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * The latest answers of these stations' reports of one kind — earlier turnout counts, the other
   * observers' protocol copies — each station with its election, for one report or a whole batch
   * in one query (issue 23). Reports are indexed by election, kind and station (not by station
   * alone), so each election leads its own stations' lookup; a batch nearly always has one.
   *
   * PostgreSQL looks each station up on its own (a lateral join behind `offset 0`, which the
   * planner does not flatten). Given `station_id in (…)`, it chose by its statistics, and those
   * are taken before a window's reports arrive: at the start of the protocol window they say an
   * election has no protocols, so it read every protocol of the election and filtered the stations
   * out — thousands of rows a batch by the window's end, the costliest statement of the window.
   */
  async latestAnswers(
    kind: FormKind,
    stations: readonly { electionId: string; stationId: string }[],
  ): Promise<{ reportId: string; stationId: string; observerId: string; answers: Record<string, unknown> }[]> {
    if (stations.length === 0) return [];
    const toLatest = (r: { id: string; station_id: string; observer_id: string; answers: unknown }) => ({
      reportId: r.id,
      stationId: r.station_id,
      observerId: r.observer_id,
      answers: readJson(r.answers) as Record<string, unknown>,
    });
    if (this.dialect === 'postgres') {
      const pairs = [...new Map(stations.map((s) => [`${s.electionId}:${s.stationId}`, s])).values()];
      const { rows } = await sql<{ id: string; station_id: string; observer_id: string; answers: unknown }>`
        select r.id, r.station_id, r.observer_id, v.answers
        from unnest(${pairs.map((p) => p.electionId)}::uuid[], ${pairs.map((p) => p.stationId)}::uuid[]) as p(election_id, station_id)
        cross join lateral (
          select id, station_id, observer_id, latest_revision from reports
          where election_id = p.election_id and form_kind = ${kind} and station_id = p.station_id
          offset 0
        ) r
        join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision`.execute(this.db);
      return rows.map(toLatest);
    }
    const byElection = new Map<string, Set<string>>();
    for (const s of stations) {
      const ids = byElection.get(s.electionId) ?? new Set<string>();
      ids.add(s.stationId);
      byElection.set(s.electionId, ids);
    }
    const rows = await this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', (j) =>
        j.onRef('v.report_id', '=', 'r.id').onRef('v.revision', '=', 'r.latest_revision'),
      )
      .select(['r.id', 'r.station_id', 'r.observer_id', 'v.answers'])
      .where('r.form_kind', '=', kind)
      .where((eb) =>
        eb.or(
          [...byElection].map(([electionId, stationIds]) =>
            eb.and([eb('r.election_id', '=', electionId), eb('r.station_id', 'in', [...stationIds])]),
          ),
        ),
      )
      .execute();
    return rows.map(toLatest);
  }

  /**
   * Adds `protocol_conflict` to the flags of these reports in one statement, each with its own
   * time of change; a report that carries it already is left as it is (its time too).
   */
  async flagProtocolConflicts(targets: readonly { id: string; at: Date }[]): Promise<void> {
    if (targets.length === 0) return;
    if (this.dialect === 'postgres') {
      await sql`update reports r
        set flags = r.flags || '[{"code":"protocol_conflict"}]'::jsonb, updated_at = t.at
        from unnest(${targets.map((t) => t.id)}::uuid[], ${targets.map((t) => t.at)}::timestamptz[]) as t(id, at)
        where r.id = t.id and not r.flags @> '[{"code":"protocol_conflict"}]'::jsonb`.execute(this.db);
      return;
    }
    const values = sql.join(targets.map((t) => sql`(${t.id}, ${timeValue(this.dialect, t.at)})`));
    await sql`with t(id, at) as (values ${values})
      update reports
        set flags = json_insert(flags, '$[#]', json('{"code":"protocol_conflict"}')),
          updated_at = (select t.at from t where t.id = reports.id)
        where id in (select t.id from t)
          and not exists (select 1 from json_each(reports.flags) f where json_extract(f.value, '$.code') = 'protocol_conflict')`.execute(
      this.db,
    );
  }

  /** Reports with their station's number and observer's name, the HQ's lists' rows. */
  private summaries() {
    return this.db
      .selectFrom('reports as r')
      .innerJoin('stations as s', 's.id', 'r.station_id')
      .innerJoin('users as u', 'u.id', 'r.observer_id')
      .select([
        'r.id',
        'r.election_id',
        'r.station_id',
        's.number',
        'r.form_id',
        'r.form_kind',
        'r.observer_id',
        'u.display_name',
        'r.latest_revision',
        'r.flags',
        'r.updated_at',
      ]);
  }

  /** A report carries some flag (its flags are not the empty list). */
  private flagged(): Expression<SqlBool> {
    return this.dialect === 'postgres' ? sql<SqlBool>`r.flags != '[]'::jsonb` : sql<SqlBool>`r.flags != '[]'`;
  }

  /** A report's flags include a `protocol_conflict` (exact on both dialects: the flags are read as JSON). */
  private conflictFlagged(): Expression<SqlBool> {
    return this.dialect === 'postgres'
      ? sql<SqlBool>`r.flags @> '[{"code":"protocol_conflict"}]'::jsonb`
      : sql<SqlBool>`exists (select 1 from json_each(r.flags) f where json_extract(f.value, '$.code') = 'protocol_conflict')`;
  }

  /** The reports of an election within the area scope, newest first. */
  async list(filter: {
    electionId: string;
    stationId?: string | undefined;
    flagged?: boolean | undefined;
    limit: number;
    scope: AreaScope;
  }): Promise<ReportSummaryRow[]> {
    let q = this.summaries()
      .where('r.election_id', '=', filter.electionId)
      .where(stationInScope('r.station_id', filter.scope));
    if (filter.stationId) q = q.where('r.station_id', '=', filter.stationId);
    if (filter.flagged) q = q.where(this.flagged());
    const rows = await q.orderBy('r.updated_at', 'desc').orderBy('r.id').limit(filter.limit).execute();
    return rows.map(toSummary);
  }

  /** One report's summary row when its station lies in the scope (undefined otherwise, or when there is none). */
  async summary(id: string, scope: AreaScope): Promise<ReportSummaryRow | undefined> {
    const row = await this.summaries()
      .where('r.id', '=', id)
      .where(stationInScope('r.station_id', scope))
      .executeTakeFirst();
    return row ? toSummary(row) : undefined;
  }

  /** How many of the election's reports in the scope carry a flag. */
  async countFlagged(electionId: string, scope: AreaScope): Promise<number> {
    const row = await this.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('r.election_id', '=', electionId)
      .where(this.flagged())
      .where(stationInScope('r.station_id', scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The protocol copies flagged as conflicting with another copy of their station, within the
   * scope, newest first: every copy of every station the HQ has to decide on.
   */
  async conflictingCopies(electionId: string, scope: AreaScope): Promise<ReportSummaryRow[]> {
    const rows = await this.summaries()
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', 'protocol')
      .where(this.conflictFlagged())
      .where(stationInScope('r.station_id', scope))
      .orderBy('r.updated_at', 'desc')
      .orderBy('r.id')
      .execute();
    return rows.map(toSummary);
  }

  /** How many stations in the scope have conflicting protocol copies. */
  async countConflictStations(electionId: string, scope: AreaScope): Promise<number> {
    const row = await this.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.count<number | string>('r.station_id').distinct().as('n'))
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', 'protocol')
      .where(this.conflictFlagged())
      .where(stationInScope('r.station_id', scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The station exists and lies in the scope. */
  async stationVisible(stationId: string, scope: AreaScope): Promise<boolean> {
    const row = await this.db
      .selectFrom('stations as st')
      .select('st.id')
      .where('st.id', '=', stationId)
      .where(stationInScope('st.id', scope))
      .executeTakeFirst();
    return row !== undefined;
  }

  async countsByKind(electionId: string, scope: AreaScope) {
    const rows = await this.db
      .selectFrom('reports as r')
      .select((eb) => [
        'r.form_kind',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.count<number | string>('r.station_id').distinct().as('stations'),
      ])
      .where('r.election_id', '=', electionId)
      .where(stationInScope('r.station_id', scope))
      .groupBy('r.form_kind')
      .execute();
    return rows.map((r) => ({ kind: r.form_kind, reports: Number(r.n), stations: Number(r.stations) }));
  }

  /** The whole chain in order, for the verifier, in pages. */
  async chainPage(afterSeq: number, limit: number): Promise<ChainRow[]> {
    const rows = await this.db
      .selectFrom('report_revisions as v')
      .innerJoin('reports as r', 'r.id', 'v.report_id')
      .select([
        'v.report_id',
        'v.revision',
        'v.form_version',
        'v.answers',
        'v.photos',
        'v.flags',
        'v.client_time',
        'v.received_at',
        'v.chain_seq',
        'v.chain_hash',
        'r.election_id',
        'r.station_id',
        'r.form_id',
        'r.observer_id',
      ])
      .where('v.chain_seq', '>', afterSeq)
      .orderBy('v.chain_seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      ...toRevision(r),
      electionId: r.election_id,
      stationId: r.station_id,
      formId: r.form_id,
      observerId: r.observer_id,
    }));
  }

  async revisions(reportId: string): Promise<StoredRevision[]> {
    const rows = await this.db
      .selectFrom('report_revisions')
      .selectAll()
      .where('report_id', '=', reportId)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map(toRevision);
  }

  /**
   * The latest revision's answers of every report of one kind in an election, e.g. turnout reports
   * beside the official turnout (protocol copies that count: `countedProtocolCopies`).
   */
  async latestAnswersOfKind(electionId: string, formKind: FormKind): Promise<LatestAnswers[]> {
    const rows = await this.db
      .selectFrom('reports as r')
      .innerJoin('report_revisions as v', (j) =>
        j.onRef('v.report_id', '=', 'r.id').onRef('v.revision', '=', 'r.latest_revision'),
      )
      .select(['r.id', 'r.station_id', 'r.updated_at', 'v.answers'])
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', formKind)
      .execute();
    return rows.map((r) => ({
      reportId: r.id,
      stationId: r.station_id,
      updatedAt: readTime(r.updated_at).getTime(),
      answers: readJson(r.answers) as Record<string, unknown>,
    }));
  }

  // ---- photos ----

  async photo(sha256: string) {
    const r = await this.db.selectFrom('photos').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    if (!r) return undefined;
    return {
      sha256: r.sha256,
      sizeBytes: readInt(r.size_bytes),
      receivedBytes: readInt(r.received_bytes),
      contentType: r.content_type,
      complete: r.completed_at !== null,
      uploadedBy: r.uploaded_by,
    };
  }

  /** How many photos a user announced since `since`, and their announced bytes (the quota). */
  async photoUsageSince(userId: string, since: Date): Promise<{ count: number; bytes: number }> {
    const row = await this.db
      .selectFrom('photos')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.coalesce(eb.fn.sum<number | string>('size_bytes'), eb.val(0)).as('bytes'),
      ])
      .where('uploaded_by', '=', userId)
      .where('created_at', '>', timeValue(this.dialect, since))
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), bytes: Number(row.bytes) };
  }

  /**
   * Uploads announced before `before` that are of no use: never finished, or finished but listed
   * by no report revision. At most `limit`, oldest first.
   */
  async orphanPhotos(before: Date, limit: number): Promise<{ sha256: string; complete: boolean }[]> {
    const lists =
      this.dialect === 'postgres'
        ? sql<SqlBool>`v.photos @> jsonb_build_array(ph.sha256)`
        : sql<SqlBool>`exists (select 1 from json_each(v.photos) p where p.value = ph.sha256)`;
    const rows = await this.db
      .selectFrom('photos as ph')
      .select(['ph.sha256', 'ph.completed_at'])
      .where('ph.created_at', '<', timeValue(this.dialect, before))
      .where((eb) =>
        eb.or([
          eb('ph.completed_at', 'is', null),
          eb.not(eb.exists(eb.selectFrom('report_revisions as v').select('v.report_id').where(lists))),
        ]),
      )
      .orderBy('ph.created_at')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ sha256: r.sha256, complete: r.completed_at !== null }));
  }

  async deletePhoto(sha256: string): Promise<void> {
    await this.db.deleteFrom('photos').where('sha256', '=', sha256).execute();
  }

  /**
   * Whether a photo may be shown to a viewer: some revision of a report at a station in the
   * scope, or of the viewer's own report, lists it; or the viewer uploaded it.
   */
  async photoVisible(sha256: string, viewer: { scope: AreaScope; userId: string }): Promise<boolean> {
    const lists =
      this.dialect === 'postgres'
        ? sql<SqlBool>`v.photos @> jsonb_build_array(cast(${sha256} as text))`
        : sql<SqlBool>`exists (select 1 from json_each(v.photos) p where p.value = ${sha256})`;
    const row = await this.db
      .selectFrom('photos as ph')
      .select('ph.sha256')
      .where('ph.sha256', '=', sha256)
      .where((eb) =>
        eb.or([
          eb('ph.uploaded_by', '=', viewer.userId),
          eb.exists(
            eb
              .selectFrom('report_revisions as v')
              .innerJoin('reports as r', 'r.id', 'v.report_id')
              .select('v.report_id')
              .where(lists)
              .where((inner) =>
                inner.or([inner('r.observer_id', '=', viewer.userId), reportStationInScope(viewer.scope)]),
              ),
          ),
        ]),
      )
      .executeTakeFirst();
    return row !== undefined;
  }

  async createPhoto(sha256: string, sizeBytes: number, uploadedBy: string, now: Date): Promise<void> {
    await this.db
      .insertInto('photos')
      .values({
        sha256,
        size_bytes: sizeBytes,
        received_bytes: 0,
        uploaded_by: uploadedBy,
        created_at: timeValue(this.dialect, now),
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  /**
   * Announces a photo unless it was announced before (`exists`, the row left as it is) or its
   * uploader's quota since `quota.since` would be passed. PostgreSQL: one round trip,
   * `photo_announce`, which locks the uploader's row before it reads the quota, so that two
   * announces at once cannot both take its last place (issue 23: it was four). SQLite: three
   * statements within the caller's transaction, whose write lock does the same.
   */
  async createPhotoWithinQuota(
    photo: { sha256: string; sizeBytes: number; uploadedBy: string; at: Date },
    quota: { since: Date; count: number; bytes: number },
  ): Promise<'created' | 'exists' | 'over_quota'> {
    if (this.dialect === 'postgres') {
      const { rows } = await sql<{ outcome: 'created' | 'exists' | 'over_quota' }>`select photo_announce(
          ${photo.sha256}::text, ${photo.sizeBytes}::bigint, ${photo.uploadedBy}::uuid, ${photo.at}::timestamptz,
          ${quota.since}::timestamptz, ${quota.count}::bigint, ${quota.bytes}::bigint) as outcome`.execute(this.db);
      const outcome = rows[0]?.outcome;
      if (outcome !== 'created' && outcome !== 'exists' && outcome !== 'over_quota') {
        throw new Error(`photo_announce answered ${String(outcome)}`);
      }
      return outcome;
    }
    if (await this.photo(photo.sha256)) return 'exists';
    const used = await this.photoUsageSince(photo.uploadedBy, quota.since);
    if (used.count + 1 > quota.count || used.bytes + photo.sizeBytes > quota.bytes) return 'over_quota';
    await this.createPhoto(photo.sha256, photo.sizeBytes, photo.uploadedBy, photo.at);
    return 'created';
  }

  async setPhotoProgress(sha256: string, receivedBytes: number, complete: { contentType: string; at: Date } | null) {
    await this.db
      .updateTable('photos')
      .set({
        received_bytes: receivedBytes,
        ...(complete ? { content_type: complete.contentType, completed_at: timeValue(this.dialect, complete.at) } : {}),
      })
      .where('sha256', '=', sha256)
      .execute();
  }

  async completePhotos(hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('photos')
      .select('sha256')
      .where('sha256', 'in', [...hashes])
      .where('completed_at', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.sha256));
  }

  // ---- the station's record when copies conflict ----

  async chooseRecord(stationId: string, formKind: string, reportId: string, decidedBy: string, now: Date) {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('station_records')
      .values({
        station_id: stationId,
        form_kind: formKind,
        report_id: reportId,
        decided_by: decidedBy,
        decided_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['station_id', 'form_kind'])
          .doUpdateSet({ report_id: reportId, decided_by: decidedBy, decided_at: at }),
      )
      .execute();
  }

  async records(stationIds: readonly string[]): Promise<Map<string, string>> {
    if (stationIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('station_records')
      .selectAll()
      .where('station_id', 'in', [...stationIds])
      .execute();
    return new Map(rows.map((r) => [`${r.station_id}:${r.form_kind}`, r.report_id]));
  }

  /**
   * The protocol copy that counts for each station of an election, in the quick count and the
   * comparison with official results: the copy the HQ chose as the station's record; where it chose
   * none, the latest copy from an observer assigned to the station in this election. A copy from an
   * unassigned observer stays stored and shown, but counts only once the HQ chooses it.
   */
  async countedProtocolCopies(electionId: string): Promise<LatestAnswers[]> {
    const candidates = this.db
      .selectFrom('reports as r')
      .leftJoin('station_records as sr', (j) =>
        j.onRef('sr.station_id', '=', 'r.station_id').on('sr.form_kind', '=', 'protocol'),
      )
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', 'protocol')
      // A copy the verification queue rejected never counts.
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('report_verifications as rv')
              .select('rv.report_id')
              .whereRef('rv.report_id', '=', 'r.id')
              .where('rv.status', '=', 'rejected'),
          ),
        ),
      )
      .where((eb) =>
        eb.or([
          eb('sr.report_id', '=', eb.ref('r.id')),
          eb.and([
            eb('sr.report_id', 'is', null),
            eb.exists(
              eb
                .selectFrom('assignments as a')
                .select('a.id')
                .whereRef('a.observer_id', '=', 'r.observer_id')
                .whereRef('a.station_id', '=', 'r.station_id')
                .whereRef('a.election_id', '=', 'r.election_id'),
            ),
          ]),
        ]),
      )
      .select((eb) => [
        'r.id',
        'r.station_id',
        'r.updated_at',
        'r.latest_revision',
        // The latest of the station's copies that may count (a chosen record is the only one).
        eb.fn
          .agg<number>('row_number')
          .over((ob) => ob.partitionBy('r.station_id').orderBy('r.updated_at', 'desc').orderBy('r.id', 'desc'))
          .as('place'),
      ]);
    const rows = await this.db
      .selectFrom(candidates.as('c'))
      .innerJoin('report_revisions as v', (j) =>
        j.onRef('v.report_id', '=', 'c.id').onRef('v.revision', '=', 'c.latest_revision'),
      )
      .select(['c.id', 'c.station_id', 'c.updated_at', 'v.answers'])
      .where('c.place', '=', 1)
      .execute();
    return rows.map((r) => ({
      reportId: r.id,
      stationId: r.station_id,
      updatedAt: readTime(r.updated_at).getTime(),
      answers: readJson(r.answers) as Record<string, unknown>,
    }));
  }
}

/** A report as the HQ's lists show it: with its station's number and observer's name. */
export interface ReportSummaryRow {
  id: string;
  electionId: string;
  stationId: string;
  stationNumber: number;
  formId: string;
  formKind: string;
  observerId: string;
  observerName: string;
  revision: number;
  flags: ReportFlag[];
  updatedAt: Date;
}

function toSummary(r: {
  id: string;
  election_id: string;
  station_id: string;
  number: number;
  form_id: string;
  form_kind: string;
  observer_id: string;
  display_name: string;
  latest_revision: number;
  flags: unknown;
  updated_at: Date | string;
}): ReportSummaryRow {
  return {
    id: r.id,
    electionId: r.election_id,
    stationId: r.station_id,
    stationNumber: r.number,
    formId: r.form_id,
    formKind: r.form_kind,
    observerId: r.observer_id,
    observerName: r.display_name,
    revision: r.latest_revision,
    flags: readJson(r.flags) as ReportFlag[],
    updatedAt: readTime(r.updated_at),
  };
}

function toRevision(r: {
  report_id: string;
  revision: number;
  form_version: number;
  answers: unknown;
  photos: unknown;
  flags: unknown;
  client_time: string | null;
  received_at: Date | string;
  chain_seq: number | string;
  chain_hash: string;
}): StoredRevision {
  return {
    reportId: r.report_id,
    revision: r.revision,
    formVersion: r.form_version,
    answers: readJson(r.answers) as Record<string, unknown>,
    photos: readJson(r.photos) as string[],
    flags: readJson(r.flags) as ReportFlag[],
    clientTime: r.client_time,
    receivedAt: readTime(r.received_at),
    chainSeq: readInt(r.chain_seq),
    chainHash: r.chain_hash,
  };
}

/**
 * Report `r`'s station lies in the scope, with the station's election alongside its id: reports
 * are indexed by (election, station), not by station alone (issue 23), so a scoped lookup reads
 * the scope's stations' reports rather than every revision.
 */
function reportStationInScope(scope: AreaScope): Expression<SqlBool> {
  if (scope.kind !== 'area') return stationInScope('r.station_id', scope);
  return sql<SqlBool>`(r.election_id, r.station_id) in (select scope_st.election_id, scope_st.id from stations scope_st where scope_st.area_id in ${areaSubtree(scope.areaId)})`;
}

const idListTexts = new Map<string, string>();

/** `select id from reports where id in (…n placeholders)`, made once per dialect and count. */
function idListText(dialect: DialectName, n: number): string {
  const key = `${dialect}|${n}`;
  let text = idListTexts.get(key);
  if (!text) {
    const marks = Array.from({ length: n }, (_, i) => (dialect === 'postgres' ? `$${i + 1}` : '?'));
    text = `select id from reports where id in (${marks.join(', ')})`;
    if (idListTexts.size >= 1000) idListTexts.clear();
    idListTexts.set(key, text);
  }
  return text;
}
