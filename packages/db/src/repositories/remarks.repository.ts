import type {
  AreaScope,
  CommissionContacts,
  CommissionLevel,
  LocalizedText,
  Remark,
  RemarkDelivery,
  RemarkEvidence,
  RemarkOrigin,
  RemarkStatus,
} from '@pollwatch/core';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { areaInScope, areaSubtree } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readInt, readJson, readTime, timeValue } from '../values.ts';

/** A remark to insert; its evidence links are written with it. */
export interface NewRemark {
  id: string;
  electionId: string;
  commissionLevel: CommissionLevel;
  areaId: string;
  stationId: string | null;
  origin: RemarkOrigin;
  title: string;
  body: string;
  legalBasis: string | null;
  batchId: string | null;
  evidence: { stationId: string; reportId: string | null; revision: number | null; questionId: string | null }[];
}

/** Filters of the register; every one is applied in SQL. */
export interface RemarkFilter {
  electionId: string;
  scope: AreaScope;
  status?: RemarkStatus | undefined;
  commissionLevel?: CommissionLevel | undefined;
  /** The commission's area lies in this subtree. */
  areaId?: string | undefined;
  /** Remarks addressed to this station's precinct commission, or with evidence at this station. */
  stationId?: string | undefined;
  /** Remarks made from this report. */
  reportId?: string | undefined;
  /** Overdue: awaiting an answer and sent on or before this day (see core `overdueSentOnOrBefore`). */
  overdueSentOnOrBefore?: string | undefined;
  /** Text in the title, body or commission name. */
  q?: string | undefined;
}

/** What a change writes; dates `YYYY-MM-DD`. Absent fields stay as they are, null clears. */
export interface RemarkPatch {
  status?: RemarkStatus;
  title?: string;
  body?: string;
  legalBasis?: string | null;
  sentOn?: string | null;
  sentVia?: RemarkDelivery | null;
  acknowledgedOn?: string | null;
  answer?: string | null;
  answeredOn?: string | null;
  closedOn?: string | null;
}

/** Counts of an election's remarks per status, with the overdue ones, in the actor's scope. */
export interface RemarkStatusCounts {
  total: number;
  byStatus: Record<RemarkStatus, number>;
  overdue: number;
}

function parseCommission(value: unknown): CommissionContacts | null {
  if (value == null) return null;
  const parsed = readJson(value);
  return parsed && typeof parsed === 'object' ? (parsed as CommissionContacts) : null;
}

function like(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The remarks register in SQL: remarks with their commission (from the territory tree: a station's
 * precinct commission or an area's), their evidence links, lists per commission, area and status,
 * overdue counts. Every read takes the actor's area scope (the commission's area must lie in it).
 */
export class RemarksRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private base() {
    return this.db
      .selectFrom('remarks as r')
      .innerJoin('areas as a', 'a.id', 'r.area_id')
      .leftJoin('stations as st', 'st.id', 'r.station_id')
      .select([
        'r.id',
        'r.election_id',
        'r.number',
        'r.commission_level',
        'r.area_id',
        'a.name as area_name',
        'a.commission as area_commission',
        'r.station_id',
        'st.number as station_number',
        'st.commission as station_commission',
        'r.origin',
        'r.title',
        'r.body',
        'r.legal_basis',
        'r.status',
        'r.sent_on',
        'r.sent_via',
        'r.acknowledged_on',
        'r.answer',
        'r.answered_on',
        'r.closed_on',
        'r.batch_id',
        'r.created_at',
        'r.updated_at',
        sql<number | string>`(select count(*) from remark_evidence e where e.remark_id = r.id)`.as('station_count'),
      ]);
  }

  private toRemark(row: Awaited<ReturnType<ReturnType<RemarksRepository['base']>['executeTakeFirstOrThrow']>>): Remark {
    const commission =
      row.commission_level === 'precinct'
        ? parseCommission(row.station_commission)
        : parseCommission(row.area_commission);
    return {
      id: row.id,
      electionId: row.election_id,
      number: row.number,
      commissionLevel: row.commission_level as CommissionLevel,
      areaId: row.area_id,
      areaName: readJson(row.area_name) as LocalizedText,
      stationId: row.station_id,
      stationNumber: row.station_number ?? null,
      commissionName: commission?.name?.trim() || null,
      commissionAddress: commission?.address?.trim() || null,
      origin: row.origin as RemarkOrigin,
      title: row.title,
      body: row.body,
      legalBasis: row.legal_basis,
      status: row.status as RemarkStatus,
      sentOn: row.sent_on,
      sentVia: row.sent_via as RemarkDelivery | null,
      acknowledgedOn: row.acknowledged_on,
      answer: row.answer,
      answeredOn: row.answered_on,
      closedOn: row.closed_on,
      batchId: row.batch_id,
      stationCount: readInt(row.station_count),
      createdAt: readTime(row.created_at),
      updatedAt: readTime(row.updated_at),
    };
  }

  private where(filter: RemarkFilter): Expression<SqlBool>[] {
    const conditions: Expression<SqlBool>[] = [
      sql<SqlBool>`r.election_id = ${filter.electionId}`,
      areaInScope('r.area_id', filter.scope),
    ];
    if (filter.status) conditions.push(sql<SqlBool>`r.status = ${filter.status}`);
    if (filter.commissionLevel) conditions.push(sql<SqlBool>`r.commission_level = ${filter.commissionLevel}`);
    if (filter.areaId) conditions.push(sql<SqlBool>`r.area_id in ${areaSubtree(filter.areaId)}`);
    if (filter.stationId) {
      conditions.push(
        sql<SqlBool>`(r.station_id = ${filter.stationId} or exists (select 1 from remark_evidence e where e.remark_id = r.id and e.station_id = ${filter.stationId}))`,
      );
    }
    if (filter.reportId) {
      conditions.push(
        sql<SqlBool>`exists (select 1 from remark_evidence e where e.remark_id = r.id and e.report_id = ${filter.reportId})`,
      );
    }
    if (filter.overdueSentOnOrBefore) conditions.push(this.overdue(filter.overdueSentOnOrBefore));
    if (filter.q?.trim()) {
      const pattern = like(filter.q.trim());
      conditions.push(
        sql<SqlBool>`(lower(r.title) like ${pattern} escape '\\' or lower(r.body) like ${pattern} escape '\\' or lower(cast(coalesce(st.commission, a.commission) as text)) like ${pattern} escape '\\')`,
      );
    }
    return conditions;
  }

  private overdue(cutoff: string): Expression<SqlBool> {
    return sql<SqlBool>`(r.status in ('sent', 'acknowledged') and r.answered_on is null and r.sent_on <= ${cutoff})`;
  }

  async nextNumber(electionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('remarks')
      .select(sql<number | string | null>`max(number)`.as('n'))
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    return row?.n == null ? 1 : readInt(row.n) + 1;
  }

  /** Inserts remarks numbered from the election's next number, in the order given; returns their numbers. */
  async create(remarks: readonly NewRemark[], createdBy: string | null, now: Date): Promise<number[]> {
    if (remarks.length === 0) return [];
    const electionId = (remarks[0] as NewRemark).electionId;
    // Numbers are handed out in order: on PostgreSQL two transactions numbering the same election
    // queue on the election's row (SQLite has one writer at a time). Call inside a transaction.
    if (this.dialect === 'postgres') {
      await sql`select id from elections where id = ${electionId} for update`.execute(this.db);
    }
    let number = await this.nextNumber(electionId);
    const at = timeValue(this.dialect, now);
    const numbers: number[] = [];
    for (const chunk of chunks(remarks, 200)) {
      await this.db
        .insertInto('remarks')
        .values(
          chunk.map((r) => {
            numbers.push(number);
            return {
              id: r.id,
              election_id: r.electionId,
              number: number++,
              commission_level: r.commissionLevel,
              area_id: r.areaId,
              station_id: r.stationId,
              origin: r.origin,
              title: r.title,
              body: r.body,
              legal_basis: r.legalBasis,
              status: 'draft',
              batch_id: r.batchId,
              created_by: createdBy,
              created_at: at,
              updated_at: at,
            };
          }),
        )
        .execute();
    }
    const links = remarks.flatMap((r) =>
      r.evidence.map((e, position) => ({
        remark_id: r.id,
        position,
        station_id: e.stationId,
        report_id: e.reportId,
        revision: e.revision,
        question_id: e.questionId,
      })),
    );
    for (const chunk of chunks(links, 300)) await this.db.insertInto('remark_evidence').values(chunk).execute();
    return numbers;
  }

  /** One remark in the scope, or undefined (absent or outside the scope: the caller answers 404). */
  async findById(id: string, scope: AreaScope): Promise<Remark | undefined> {
    const row = await this.base()
      .where('r.id', '=', id)
      .where(() => areaInScope('r.area_id', scope))
      .executeTakeFirst();
    return row ? this.toRemark(row) : undefined;
  }

  /** A page of the register, newest number first, and the total under the same filter. */
  async list(
    filter: RemarkFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: Remark[]; total: number }> {
    const conditions = this.where(filter);
    const [rows, count] = await Promise.all([
      this.base()
        .where((eb) => eb.and(conditions))
        .orderBy('r.number', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      this.db
        .selectFrom('remarks as r')
        .innerJoin('areas as a', 'a.id', 'r.area_id')
        .leftJoin('stations as st', 'st.id', 'r.station_id')
        .select(sql<number | string>`count(*)`.as('n'))
        .where((eb) => eb.and(conditions))
        .executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => this.toRemark(r)), total: readInt(count.n) };
  }

  /**
   * Every remark of an election in the scope, in register order (number ascending), with its
   * commission, area, status, outcome and answer date: what the resolution builder reads.
   */
  async listForElection(electionId: string, scope: AreaScope): Promise<Remark[]> {
    const rows = await this.base()
      .where('r.election_id', '=', electionId)
      .where(() => areaInScope('r.area_id', scope))
      .orderBy('r.number', 'asc')
      .execute();
    return rows.map((r) => this.toRemark(r));
  }

  /** Counts per status and the overdue ones, in SQL. `overdueSentOnOrBefore` from core. */
  async countByStatus(
    electionId: string,
    scope: AreaScope,
    overdueSentOnOrBefore: string,
    areaId?: string,
  ): Promise<RemarkStatusCounts> {
    const cutoff = overdueSentOnOrBefore;
    let query = this.db
      .selectFrom('remarks as r')
      .select([
        'r.status',
        sql<number | string>`count(*)`.as('n'),
        sql<
          number | string
        >`sum(case when r.status in ('sent', 'acknowledged') and r.answered_on is null and r.sent_on <= ${cutoff} then 1 else 0 end)`.as(
          'overdue',
        ),
      ])
      .where('r.election_id', '=', electionId)
      .where(() => areaInScope('r.area_id', scope));
    if (areaId) query = query.where(() => sql<SqlBool>`r.area_id in ${areaSubtree(areaId)}`);
    const rows = await query.groupBy('r.status').execute();
    const byStatus: Record<RemarkStatus, number> = {
      draft: 0,
      sent: 0,
      acknowledged: 0,
      resolved: 0,
      not_resolved: 0,
      no_answer: 0,
    };
    let total = 0;
    let overdue = 0;
    for (const row of rows) {
      const n = readInt(row.n);
      byStatus[row.status as RemarkStatus] = n;
      total += n;
      overdue += readInt(row.overdue ?? 0);
    }
    return { total, byStatus, overdue };
  }

  /** The evidence behind a remark: stations and the pinned report revisions (answers, photos, chain entry). */
  async evidence(remarkId: string): Promise<RemarkEvidence[]> {
    const rows = await this.db
      .selectFrom('remark_evidence as e')
      .innerJoin('stations as st', 'st.id', 'e.station_id')
      .leftJoin('reports as rp', 'rp.id', 'e.report_id')
      .leftJoin('report_revisions as rv', (j) =>
        j.onRef('rv.report_id', '=', 'e.report_id').onRef('rv.revision', '=', 'e.revision'),
      )
      .select([
        'e.station_id',
        'st.number as station_number',
        'st.address as station_address',
        'e.report_id',
        'rp.form_kind',
        'e.revision',
        'e.question_id',
        'rv.answers',
        'rv.photos',
        'rv.chain_seq',
        'rv.chain_hash',
        'rv.received_at',
      ])
      .where('e.remark_id', '=', remarkId)
      .orderBy('e.position')
      .execute();
    return rows.map((row) => ({
      stationId: row.station_id,
      stationNumber: row.station_number,
      stationAddress: row.station_address,
      reportId: row.report_id,
      formKind: row.form_kind ?? null,
      revision: row.revision,
      questionId: row.question_id,
      answers: row.answers == null ? null : (readJson(row.answers) as Record<string, unknown>),
      photos: row.photos == null ? [] : photoHashes(readJson(row.photos)),
      chainSeq: row.chain_seq == null ? null : readInt(row.chain_seq),
      chainHash: row.chain_hash ?? null,
      receivedAt: row.received_at == null ? null : readTime(row.received_at),
    }));
  }

  /**
   * Writes a change when the remark still has status `from` (a concurrent change makes it false).
   */
  async update(id: string, from: RemarkStatus, patch: RemarkPatch, now: Date): Promise<boolean> {
    const set: Record<string, unknown> = { updated_at: timeValue(this.dialect, now) };
    const columns: Record<keyof RemarkPatch, string> = {
      status: 'status',
      title: 'title',
      body: 'body',
      legalBasis: 'legal_basis',
      sentOn: 'sent_on',
      sentVia: 'sent_via',
      acknowledgedOn: 'acknowledged_on',
      answer: 'answer',
      answeredOn: 'answered_on',
      closedOn: 'closed_on',
    };
    for (const [key, column] of Object.entries(columns)) {
      const value = patch[key as keyof RemarkPatch];
      if (value !== undefined) set[column] = value;
    }
    const result = await this.db
      .updateTable('remarks')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The root of the territory tree (the country: its commission is the CEC); the first root if several. */
  async rootAreaId(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('areas')
      .select('id')
      .where('parent_id', 'is', null)
      .orderBy(sql`case when level = 'country' then 0 else 1 end`)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  /** The named stations of an election that lie in the scope, with their area and number. */
  async stationsIn(
    electionId: string,
    stationIds: readonly string[],
    scope: AreaScope,
  ): Promise<{ stationId: string; areaId: string; number: number }[]> {
    const out: { stationId: string; areaId: string; number: number }[] = [];
    for (const ids of chunks(stationIds, 500)) {
      const rows = await this.db
        .selectFrom('stations as st')
        .select(['st.id', 'st.area_id', 'st.number'])
        .where('st.election_id', '=', electionId)
        .where('st.id', 'in', ids)
        .where(() => areaInScope('st.area_id', scope))
        .execute();
      for (const r of rows) out.push({ stationId: r.id, areaId: r.area_id, number: r.number });
    }
    return out;
  }

  /**
   * Stations in the scope (optionally one area's subtree) whose latest readiness report answers
   * `questionId` with `value`: a readiness finding, with the report revision behind it. In SQL.
   */
  async stationsWithFinding(
    electionId: string,
    scope: AreaScope,
    finding: { questionId: string; value: boolean | string; areaId?: string | undefined },
  ): Promise<{ stationId: string; areaId: string; number: number; reportId: string; revision: number }[]> {
    const { questionId, value } = finding;
    let answerIs: Expression<SqlBool>;
    if (this.dialect === 'postgres') {
      const text = typeof value === 'boolean' ? String(value) : value;
      answerIs = sql<SqlBool>`(v.answers ->> ${questionId}::text) = ${text}::text`;
    } else {
      const path = `$."${questionId.replaceAll('"', '')}"`;
      answerIs =
        typeof value === 'boolean'
          ? sql<SqlBool>`json_type(v.answers, ${path}) = ${value ? 'true' : 'false'}`
          : sql<SqlBool>`(json_type(v.answers, ${path}) = 'text' and json_extract(v.answers, ${path}) = ${value})`;
    }
    const area = finding.areaId ? sql`and st.area_id in ${areaSubtree(finding.areaId)}` : sql``;
    const result = await sql<{
      station_id: string;
      area_id: string;
      number: number;
      report_id: string;
      revision: number;
    }>`
      with latest as (
        select r.id, r.station_id, r.latest_revision from reports r
        where r.election_id = ${electionId} and r.form_kind = 'readiness'
          and not exists (select 1 from reports r2 where r2.election_id = r.election_id and r2.form_kind = 'readiness'
            and r2.station_id = r.station_id
            and (r2.updated_at > r.updated_at or (r2.updated_at = r.updated_at and r2.id > r.id))))
      select st.id as station_id, st.area_id, st.number, l.id as report_id, l.latest_revision as revision
      from latest l
      join report_revisions v on v.report_id = l.id and v.revision = l.latest_revision
      join stations st on st.id = l.station_id
      where st.election_id = ${electionId} and ${areaInScope('st.area_id', scope)} ${area} and ${answerIs}
      order by st.area_id, st.number, st.id`.execute(this.db);
    return result.rows.map((r) => ({
      stationId: r.station_id,
      areaId: r.area_id,
      number: Number(r.number),
      reportId: r.report_id,
      revision: Number(r.revision),
    }));
  }

  /** Deletes a draft; false when it is no longer a draft. */
  async deleteDraft(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('remarks')
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}

function photoHashes(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && 'sha256' in p ? String(p.sha256) : null))
    .filter((p): p is string => p !== null);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
