import type { AreaScope } from '@pollwatch/core';
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { areaInScope, areaSubtree, stationInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { readTime, timeValue } from '../values.ts';

/**
 * One answer the readiness summary counts: a yes/no question answered `value`, or a choice
 * question answered with the choice `value`. `problem` marks the answers that are findings.
 */
export interface AnswerCount {
  questionId: string;
  value: boolean | string;
  problem: boolean;
}

/** Where the readiness view looks: an election, the actor's scope and optionally an area subtree. */
export interface ReadinessWhere {
  electionId: string;
  scope: AreaScope;
  areaId?: string | undefined;
}

export type StationFilter = 'all' | 'problems' | 'not_visited' | 'visited';

export interface ReadinessStationRow {
  id: string;
  number: number;
  address: string;
  areaId: string;
  latestReportId: string | null;
  reports: number;
  problems: number;
  /** Indexes into the `answers` given, of the problem answers this station's latest report has. */
  problemAnswers: number[];
  nextVisit: string | null;
}

export interface ReadinessVisitRow {
  id: string;
  electionId: string;
  observerId: string;
  observerName: string;
  stationId: string;
  stationNumber: number;
  stationAddress: string;
  visitDate: string;
  createdAt: Date;
  /** A readiness report of this observer at this station, if one has arrived. */
  reportId: string | null;
}

/**
 * Readiness monitoring in SQL: each station's latest readiness report, its findings per checklist
 * item, counts per area, and the planned visits (observer × station × day) with their progress.
 * Nothing here loads reports into JavaScript; the station list is one page in the database's order.
 */
export class ReadinessRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** The latest answers `l.answers` hold `value` for the question. */
  private answerIs(questionId: string, value: boolean | string): RawBuilder<SqlBool> {
    if (this.dialect === 'postgres') {
      const text = typeof value === 'boolean' ? String(value) : value;
      return sql<SqlBool>`(l.answers ->> ${questionId}::text) = ${text}::text`;
    }
    const path = `$."${questionId.replaceAll('"', '')}"`;
    if (typeof value === 'boolean') return sql<SqlBool>`json_type(l.answers, ${path}) = ${value ? 'true' : 'false'}`;
    return sql<SqlBool>`(json_type(l.answers, ${path}) = 'text' and json_extract(l.answers, ${path}) = ${value})`;
  }

  /** How many problem answers the latest report `l` has (0 without a report). */
  private problemCount(answers: readonly AnswerCount[]): RawBuilder<number> {
    const problems = answers.filter((a) => a.problem);
    if (problems.length === 0) return sql<number>`0`;
    return sql<number>`(${sql.join(
      problems.map((a) => sql`(case when ${this.answerIs(a.questionId, a.value)} then 1 else 0 end)`),
      sql` + `,
    )})`;
  }

  /** Each station's latest readiness report with its answers (a CTE named `latest`). */
  private latestCte(electionId: string): RawBuilder<unknown> {
    return sql`latest as (
      select r.id, r.station_id, v.answers from reports r
      join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
      where r.election_id = ${electionId} and r.form_kind = 'readiness'
        and not exists (select 1 from reports r2 where r2.election_id = r.election_id and r2.form_kind = 'readiness'
          and r2.station_id = r.station_id
          and (r2.updated_at > r.updated_at or (r2.updated_at = r.updated_at and r2.id > r.id))))`;
  }

  private stationWhere(w: ReadinessWhere): Expression<SqlBool> {
    const parts = [sql`st.election_id = ${w.electionId}`, areaInScope('st.area_id', w.scope)];
    if (w.areaId) parts.push(sql`st.area_id in ${areaSubtree(w.areaId)}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  /** Stations, visited ones and ones whose latest visit found a problem. */
  async totals(w: ReadinessWhere, answers: readonly AnswerCount[]) {
    const result = await sql<{ stations: number | string; visited: number | string; problems: number | string | null }>`
      with ${this.latestCte(w.electionId)}
      select count(*) as stations, count(l.id) as visited,
        sum(case when l.id is not null and ${this.problemCount(answers)} > 0 then 1 else 0 end) as problems
      from stations st left join latest l on l.station_id = st.id
      where ${this.stationWhere(w)}`.execute(this.db);
    const row = result.rows[0];
    return {
      stations: Number(row?.stations ?? 0),
      visited: Number(row?.visited ?? 0),
      withProblems: Number(row?.problems ?? 0),
    };
  }

  /**
   * The same counts per area one level down: for each child of `parentId` (or each of `tops` when
   * there is no parent: the roots, or the actor's own area) over its whole subtree.
   */
  async byArea(
    w: ReadinessWhere,
    start: { parentId: string } | { roots: true } | { areaId: string },
    answers: readonly AnswerCount[],
  ) {
    const seed =
      'parentId' in start
        ? sql`select a.id, a.id from areas a where a.parent_id = ${start.parentId}`
        : 'areaId' in start
          ? sql`select a.id, a.id from areas a where a.id = ${start.areaId}`
          : sql`select a.id, a.id from areas a where a.parent_id is null`;
    const result = await sql<{
      top: string;
      stations: number | string;
      visited: number | string;
      problems: number | string | null;
    }>`
      with recursive tree(id, top) as (${seed} union all select c.id, t.top from areas c join tree t on c.parent_id = t.id),
      ${this.latestCte(w.electionId)}
      select t.top as top, count(st.id) as stations, count(l.id) as visited,
        sum(case when l.id is not null and ${this.problemCount(answers)} > 0 then 1 else 0 end) as problems
      from tree t join stations st on st.area_id = t.id left join latest l on l.station_id = st.id
      where ${this.stationWhere({ electionId: w.electionId, scope: w.scope })}
      group by t.top`.execute(this.db);
    return result.rows.map((r) => ({
      areaId: r.top,
      stations: Number(r.stations),
      visited: Number(r.visited),
      withProblems: Number(r.problems ?? 0),
    }));
  }

  /** How many stations' latest reports hold each of `answers` (same order). */
  async answerCounts(w: ReadinessWhere, answers: readonly AnswerCount[]): Promise<number[]> {
    if (answers.length === 0) return [];
    const columns = answers.map(
      (a, i) => sql`count(case when ${this.answerIs(a.questionId, a.value)} then 1 end) as ${sql.ref(`c${i}`)}`,
    );
    const result = await sql<Record<string, number | string>>`
      with ${this.latestCte(w.electionId)}
      select ${sql.join(columns)} from latest l join stations st on st.id = l.station_id
      where ${this.stationWhere(w)}`.execute(this.db);
    const row = result.rows[0] ?? {};
    return answers.map((_, i) => Number(row[`c${i}`] ?? 0));
  }

  /**
   * One page of stations: problems first (most first), then stations nobody visited, then the
   * rest, each by number; with the latest readiness report and the next planned visit.
   */
  async stations(
    w: ReadinessWhere,
    answers: readonly AnswerCount[],
    page: { filter: StationFilter; limit: number; offset: number },
  ): Promise<{ total: number; items: ReadinessStationRow[] }> {
    const problems = this.problemCount(answers);
    const filter =
      page.filter === 'problems'
        ? sql`and l.id is not null and ${problems} > 0`
        : page.filter === 'not_visited'
          ? sql`and l.id is null`
          : page.filter === 'visited'
            ? sql`and l.id is not null`
            : sql``;
    const problemIndexes = answers.flatMap((a, i) => (a.problem ? [i] : []));
    const flags = problemIndexes.map(
      (i) =>
        sql`, (case when ${this.answerIs(answers[i]?.questionId ?? '', answers[i]?.value ?? '')} then 1 else 0 end) as ${sql.ref(`p${i}`)}`,
    );
    const counted = await sql<{ n: number | string }>`
      with ${this.latestCte(w.electionId)}
      select count(*) as n from stations st left join latest l on l.station_id = st.id
      where ${this.stationWhere(w)} ${filter}`.execute(this.db);
    const result = await sql<Record<string, unknown>>`
      with ${this.latestCte(w.electionId)}
      select st.id, st.number, st.address, st.area_id, l.id as report_id,
        (case when l.id is null then 0 else ${problems} end) as problems,
        (select count(*) from reports r where r.election_id = st.election_id and r.form_kind = 'readiness'
          and r.station_id = st.id) as reports,
        (select min(p.visit_date) from readiness_visits p where p.election_id = st.election_id and p.station_id = st.id
          and not exists (select 1 from reports r where r.election_id = p.election_id and r.form_kind = 'readiness'
            and r.station_id = p.station_id and r.observer_id = p.observer_id)) as next_visit
        ${sql.join(flags, sql``)}
      from stations st left join latest l on l.station_id = st.id
      where ${this.stationWhere(w)} ${filter}
      order by (case when l.id is not null and ${problems} > 0 then 0 when l.id is null then 1 else 2 end),
        (case when l.id is null then 0 else ${problems} end) desc, st.number, st.id
      limit ${page.limit} offset ${page.offset}`.execute(this.db);
    return {
      total: Number(counted.rows[0]?.n ?? 0),
      items: result.rows.map((r) => ({
        id: r.id as string,
        number: Number(r.number),
        address: r.address as string,
        areaId: r.area_id as string,
        latestReportId: (r.report_id as string | null) ?? null,
        reports: Number(r.reports),
        problems: Number(r.problems),
        problemAnswers: problemIndexes.filter((i) => Number(r[`p${i}`]) === 1),
        nextVisit: (r.next_visit as string | null) ?? null,
      })),
    };
  }

  // ---- planned visits ----

  /** False when the same observer is already planned at the station that day. */
  async createVisit(
    v: { id: string; electionId: string; observerId: string; stationId: string; visitDate: string; createdBy: string },
    now: Date,
  ): Promise<boolean> {
    try {
      await this.db
        .insertInto('readiness_visits')
        .values({
          id: v.id,
          election_id: v.electionId,
          observer_id: v.observerId,
          station_id: v.stationId,
          visit_date: v.visitDate,
          created_by: v.createdBy,
          created_at: timeValue(this.dialect, now),
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async deleteVisit(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('readiness_visits').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async findVisit(id: string, scope?: AreaScope): Promise<{ id: string; electionId: string } | undefined> {
    let query = this.db.selectFrom('readiness_visits as p').select(['p.id', 'p.election_id']).where('p.id', '=', id);
    if (scope) query = query.where(stationInScope('p.station_id', scope));
    const row = await query.executeTakeFirst();
    return row ? { id: row.id, electionId: row.election_id } : undefined;
  }

  /** Planned visits of the election in scope, by day then station number (at most `limit`). */
  async listVisits(filter: {
    electionId: string;
    scope: AreaScope;
    stationId?: string | undefined;
    observerId?: string | undefined;
    id?: string | undefined;
    limit: number;
  }): Promise<ReadinessVisitRow[]> {
    let query = this.db
      .selectFrom('readiness_visits as p')
      .innerJoin('stations as st', 'st.id', 'p.station_id')
      .innerJoin('users as u', 'u.id', 'p.observer_id')
      .select([
        'p.id',
        'p.election_id',
        'p.observer_id',
        'u.display_name',
        'p.station_id',
        'st.number',
        'st.address',
        'p.visit_date',
        'p.created_at',
      ])
      .select(
        sql<string | null>`(select r.id from reports r where r.election_id = p.election_id
          and r.form_kind = 'readiness' and r.station_id = p.station_id and r.observer_id = p.observer_id
          order by r.updated_at desc, r.id desc limit 1)`.as('report_id'),
      )
      .where('p.election_id', '=', filter.electionId)
      .where(stationInScope('p.station_id', filter.scope));
    if (filter.stationId) query = query.where('p.station_id', '=', filter.stationId);
    if (filter.observerId) query = query.where('p.observer_id', '=', filter.observerId);
    if (filter.id) query = query.where('p.id', '=', filter.id);
    const rows = await query.orderBy('p.visit_date').orderBy('st.number').orderBy('p.id').limit(filter.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      electionId: r.election_id,
      observerId: r.observer_id,
      observerName: r.display_name,
      stationId: r.station_id,
      stationNumber: r.number,
      stationAddress: r.address,
      visitDate: r.visit_date,
      createdAt: readTime(r.created_at),
      reportId: r.report_id ?? null,
    }));
  }

  /** Planned visits: how many, done (a readiness report by that observer at that station), overdue. */
  async visitProgress(
    electionId: string,
    today: string,
    scope: AreaScope,
    areaId?: string,
  ): Promise<{ planned: number; done: number; overdue: number }> {
    const done = sql<number>`(case when exists (select 1 from reports r where r.election_id = p.election_id
      and r.form_kind = 'readiness' and r.station_id = p.station_id and r.observer_id = p.observer_id) then 1 else 0 end)`;
    const row = await this.db
      .selectFrom('readiness_visits as p')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('planned'),
        eb.fn.sum<number | string | null>(done).as('done'),
        eb.fn
          .sum<number | string | null>(sql`(case when p.visit_date < ${today} then 1 - ${done} else 0 end)`)
          .as('overdue'),
      ])
      .where('p.election_id', '=', electionId)
      .where(stationInScope('p.station_id', scope))
      .where(areaId ? stationInScope('p.station_id', { kind: 'area', areaId }) : sql<SqlBool>`1 = 1`)
      .executeTakeFirstOrThrow();
    return { planned: Number(row.planned), done: Number(row.done ?? 0), overdue: Number(row.overdue ?? 0) };
  }
}
