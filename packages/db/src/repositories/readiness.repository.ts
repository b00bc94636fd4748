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
 * Readiness monitoring in SQL, from what the schema's triggers keep (migration 20261207010000):
 * each station's latest readiness report (readiness_latest) and its scalar answers
 * (readiness_answers), per area how many stations' latest reports hold each answer
 * (readiness_answer_counts), and per area the stations and the visited ones (area_marks). Counts
 * add area rows; the station list reads each class of stations (problems, not visited, the rest)
 * in its order, stopping at the page. Nothing here loads reports into JavaScript.
 */
export class ReadinessRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** An answer as readiness_answers keeps it: `true` / `false`, or the choice's value. */
  private static valueOf(value: boolean | string): string {
    return typeof value === 'boolean' ? String(value) : value;
  }

  /** The problem answers, each (question, value) once. */
  private static problemsOf(answers: readonly AnswerCount[]): { questionId: string; value: string }[] {
    const seen = new Map<string, { questionId: string; value: string }>();
    for (const a of answers) {
      if (!a.problem) continue;
      const value = ReadinessRepository.valueOf(a.value);
      seen.set(`${a.questionId}\u0000${value}`, { questionId: a.questionId, value });
    }
    return [...seen.values()];
  }

  /** The row `x` of readiness_answers is one of the problem answers. */
  private isProblem(answers: readonly AnswerCount[]): RawBuilder<SqlBool> {
    const problems = ReadinessRepository.problemsOf(answers);
    if (problems.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`(${sql.join(
      problems.map((a) => sql`(x.question_id = ${a.questionId} and x.value = ${a.value})`),
      sql` or `,
    )})`;
  }

  /**
   * The readiness_answers rows (station_id) holding a problem answer: one range of the
   * (election, question, value) index per problem answer, a few thousand rows, instead of a walk
   * over every answer of the election testing each against the list.
   */
  private problemRows(electionId: string, answers: readonly AnswerCount[]): RawBuilder<unknown> {
    const problems = ReadinessRepository.problemsOf(answers);
    if (problems.length === 0) return sql`(select x.station_id from readiness_answers x where 1 = 0)`;
    return sql`(${sql.join(
      problems.map(
        (a) => sql`select x.station_id from readiness_answers x
          where x.election_id = ${electionId} and x.question_id = ${a.questionId} and x.value = ${a.value}`,
      ),
      sql` union all `,
    )})`;
  }

  private stationWhere(w: ReadinessWhere): Expression<SqlBool> {
    const parts = [sql`st.election_id = ${w.electionId}`, areaInScope('st.area_id', w.scope)];
    if (w.areaId) parts.push(sql`st.area_id in ${areaSubtree(w.areaId)}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  private areaWhere(w: ReadinessWhere): Expression<SqlBool> {
    const parts = [sql`am.election_id = ${w.electionId}`, areaInScope('am.area_id', w.scope)];
    if (w.areaId) parts.push(sql`am.area_id in ${areaSubtree(w.areaId)}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  /**
   * Stations in `w` whose latest readiness report has a problem answer, with how many: the problem
   * rows first, then their stations by key (`cross join` keeps that order on SQLite, which without
   * statistics would walk the election's stations and probe the rows for each).
   */
  private problemStations(w: ReadinessWhere, answers: readonly AnswerCount[]) {
    return sql`(select p.station_id, count(*) as problems from ${this.problemRows(w.electionId, answers)} p
      cross join stations st
      where st.id = p.station_id and ${this.stationWhere(w)}
      group by p.station_id)`;
  }

  /** Stations, visited ones and ones whose latest visit found a problem (`problems`: counted already). */
  async totals(w: ReadinessWhere, answers: readonly AnswerCount[], problems?: number) {
    const marks = await sql<{ mark: string; n: number | string }>`
      select am.mark, sum(am.stations) as n from area_marks am
      where ${this.areaWhere(w)} and am.mark in ('station', 'r:readiness') group by am.mark`.execute(this.db);
    const withProblems =
      problems ??
      Number(
        (
          await sql<{ n: number | string }>`select count(*) as n from ${this.problemStations(w, answers)} p`.execute(
            this.db,
          )
        ).rows[0]?.n ?? 0,
      );
    const of = new Map(marks.rows.map((r) => [r.mark, Number(r.n)]));
    return { stations: of.get('station') ?? 0, visited: of.get('r:readiness') ?? 0, withProblems };
  }

  /** The areas one level down from `start`, each with its whole subtree (`top`: the area counted for). */
  private static tree(start: { parentId: string } | { roots: true } | { areaId: string }) {
    const seed =
      'parentId' in start
        ? sql`select a.id, a.id from areas a where a.parent_id = ${start.parentId}`
        : 'areaId' in start
          ? sql`select a.id, a.id from areas a where a.id = ${start.areaId}`
          : sql`select a.id, a.id from areas a where a.parent_id is null`;
    return sql`tree(id, top) as (${seed} union all select c.id, t.top from areas c join tree t on c.parent_id = t.id)`;
  }

  /**
   * Stations in `w` whose latest visit found a problem: how many in all, and per area one level
   * down from `start` (none without it), from one reading of the problem answers (they were read
   * once for the total and again for the areas).
   */
  async problemCounts(
    w: ReadinessWhere,
    start: { parentId: string } | { roots: true } | { areaId: string } | null,
    answers: readonly AnswerCount[],
  ): Promise<{ total: number; byTop: Map<string, number> }> {
    // Per area of a station with a problem: a few hundred rows, added up twice below.
    const perArea = sql`select st.area_id, count(*) as n
      from (select p.station_id from ${this.problemRows(w.electionId, answers)} p group by p.station_id) p
      cross join stations st where st.id = p.station_id and ${this.stationWhere(w)} group by st.area_id`;
    const rows = start
      ? await sql<{ top: string | null; n: number | string | null }>`
          with recursive ${ReadinessRepository.tree(start)}, pa(area_id, n) as (${perArea})
          select t.top as top, sum(pa.n) as n from tree t join pa on pa.area_id = t.id group by t.top
          union all select null as top, sum(pa.n) as n from pa`.execute(this.db)
      : await sql<{ top: string | null; n: number | string | null }>`
          select null as top, sum(pa.n) as n from (${perArea}) pa`.execute(this.db);
    let total = 0;
    const byTop = new Map<string, number>();
    for (const r of rows.rows) {
      if (r.top === null) total = Number(r.n ?? 0);
      else byTop.set(r.top, Number(r.n ?? 0));
    }
    return { total, byTop };
  }

  /**
   * The same counts per area one level down: for each child of `parentId` (or each of `tops` when
   * there is no parent: the roots, or the actor's own area) over its whole subtree.
   */
  async byArea(
    w: ReadinessWhere,
    start: { parentId: string } | { roots: true } | { areaId: string },
    answers: readonly AnswerCount[],
    /** The problem stations per area from `problemCounts`, when the caller has them. */
    knownProblems?: Map<string, number>,
  ) {
    const seed =
      'parentId' in start
        ? sql`select a.id, a.id from areas a where a.parent_id = ${start.parentId}`
        : 'areaId' in start
          ? sql`select a.id, a.id from areas a where a.id = ${start.areaId}`
          : sql`select a.id, a.id from areas a where a.parent_id is null`;
    const tree = sql`with recursive tree(id, top) as (${seed} union all select c.id, t.top from areas c join tree t on c.parent_id = t.id)`;
    const scopeOnly = { electionId: w.electionId, scope: w.scope };
    const marks = await sql<{ top: string; mark: string; n: number | string }>`
      ${tree}
      select t.top as top, am.mark, sum(am.stations) as n
      from tree t join area_marks am on am.area_id = t.id
      where ${this.areaWhere(scopeOnly)} and am.mark in ('station', 'r:readiness')
      group by t.top, am.mark`.execute(this.db);
    const problemsOf =
      knownProblems ??
      new Map(
        (
          await sql<{ top: string; n: number | string }>`
            ${tree}
            select t.top as top, count(*) as n
            from ${this.problemStations(scopeOnly, answers)} p join stations ps on ps.id = p.station_id
            join tree t on t.id = ps.area_id
            group by t.top`.execute(this.db)
        ).rows.map((r) => [r.top, Number(r.n)]),
      );
    const byTop = new Map<string, { stations: number; visited: number }>();
    for (const r of marks.rows) {
      const row = byTop.get(r.top) ?? { stations: 0, visited: 0 };
      if (r.mark === 'station') row.stations = Number(r.n);
      else row.visited = Number(r.n);
      byTop.set(r.top, row);
    }
    return [...byTop]
      .filter(([, r]) => r.stations > 0)
      .map(([areaId, r]) => ({ areaId, ...r, withProblems: problemsOf.get(areaId) ?? 0 }));
  }

  /** How many stations' latest reports hold each of `answers` (same order). */
  async answerCounts(w: ReadinessWhere, answers: readonly AnswerCount[]): Promise<number[]> {
    if (answers.length === 0) return [];
    const questions = [...new Set(answers.map((a) => a.questionId))];
    const result = await sql<{ question_id: string; value: string; n: number | string }>`
      select am.question_id, am.value, sum(am.stations) as n from readiness_answer_counts am
      where ${this.areaWhere(w)} and am.question_id in (${sql.join(questions)})
      group by am.question_id, am.value`.execute(this.db);
    const counts = new Map(result.rows.map((r) => [`${r.question_id}\u0000${r.value}`, Number(r.n)]));
    return answers.map((a) => counts.get(`${a.questionId}\u0000${ReadinessRepository.valueOf(a.value)}`) ?? 0);
  }

  /**
   * One page of stations: problems first (most first), then stations nobody visited, then the
   * rest, each by number; with the latest readiness report and the next planned visit.
   */
  async stations(
    w: ReadinessWhere,
    answers: readonly AnswerCount[],
    page: { filter: StationFilter; limit: number; offset: number },
    /** The totals of `w` when the caller has them already (saves counting them again). */
    known?: { stations: number; visited: number; withProblems: number },
  ): Promise<{ total: number; items: ReadinessStationRow[] }> {
    type Segment = 'problems' | 'not_visited' | 'fine';
    const segments: Segment[] =
      page.filter === 'problems'
        ? ['problems']
        : page.filter === 'not_visited'
          ? ['not_visited']
          : page.filter === 'visited'
            ? ['problems', 'fine']
            : ['problems', 'not_visited', 'fine'];
    const totals = known ?? (await this.totals(w, answers));
    const sizes: Record<Segment, number> = {
      problems: totals.withProblems,
      not_visited: totals.stations - totals.visited,
      fine: totals.visited - totals.withProblems,
    };
    const visited = sql<SqlBool>`exists (select 1 from readiness_latest l where l.election_id = ${w.electionId} and l.station_id = st.id)`;
    const problemIds = sql`(select p.station_id from ${this.problemRows(w.electionId, answers)} p)`;
    const ids: string[] = [];
    let skip = page.offset;
    for (const segment of segments) {
      const size = sizes[segment];
      const want = page.limit - ids.length;
      if (want <= 0) break;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      const rows =
        segment === 'problems'
          ? await sql<{ id: string }>`
              select st.id from ${this.problemStations(w, answers)} p join stations st on st.id = p.station_id
              order by p.problems desc, st.number, st.id limit ${want} offset ${skip}`.execute(this.db)
          : await sql<{ id: string }>`
              select st.id from stations st where ${this.stationWhere(w)}
                and ${segment === 'not_visited' ? sql`not ${visited}` : sql`${visited} and st.id not in ${problemIds}`}
              order by st.number, st.id limit ${want} offset ${skip}`.execute(this.db);
      ids.push(...rows.rows.map((r) => r.id));
      skip = 0;
    }
    const total = segments.reduce((sum, s) => sum + sizes[s], 0);
    if (ids.length === 0) return { total, items: [] };
    // The page's details, each an indexed read of these stations (one query joining them all was
    // planned by SQLite as a walk over the election's visits: 0.6–0.9 s for 100 stations).
    const list = sql.join(ids);
    const e = w.electionId;
    const [stationRows, latestRows, reportRows, visitRows] = await Promise.all([
      sql<{ id: string; number: number; address: string; area_id: string }>`
        select st.id, st.number, st.address, st.area_id from stations st where st.id in (${list})`.execute(this.db),
      sql<{ station_id: string; report_id: string }>`
        select l.station_id, l.report_id from readiness_latest l where l.election_id = ${e} and l.station_id in (${list})`.execute(
        this.db,
      ),
      sql<{ station_id: string; n: number | string }>`
        select m.station_id, m.n from station_marks m where m.election_id = ${e} and m.mark = 'r:readiness'
          and m.station_id in (${list})`.execute(this.db),
      sql<{ station_id: string; next_visit: string | null }>`
        select p.station_id, min(p.visit_date) as next_visit from readiness_visits p
        where p.election_id = ${e} and p.station_id in (${list})
          -- Not done yet: no readiness report of that observer at that station (kept, 20261210300000).
          and p.done = 0
        group by p.station_id`.execute(this.db),
    ]);
    const latestOf = new Map(latestRows.rows.map((r) => [r.station_id, r.report_id]));
    const reportsOf = new Map(reportRows.rows.map((r) => [r.station_id, Number(r.n)]));
    const nextOf = new Map(visitRows.rows.map((r) => [r.station_id, r.next_visit]));
    const found = await sql<{ station_id: string; question_id: string; value: string }>`
      select x.station_id, x.question_id, x.value from readiness_answers x
      where x.election_id = ${w.electionId} and x.station_id in (${list}) and ${this.isProblem(answers)}`.execute(
      this.db,
    );
    const problemsOf = new Map<string, number[]>();
    for (const f of found.rows) {
      const i = answers.findIndex(
        (a) => a.problem && a.questionId === f.question_id && ReadinessRepository.valueOf(a.value) === f.value,
      );
      if (i >= 0) problemsOf.set(f.station_id, [...(problemsOf.get(f.station_id) ?? []), i]);
    }
    const byId = new Map(stationRows.rows.map((r) => [r.id, r]));
    return {
      total,
      items: ids.flatMap((id) => {
        const r = byId.get(id);
        if (!r) return [];
        const problemAnswers = (problemsOf.get(id) ?? []).sort((a, b) => a - b);
        return [
          {
            id,
            number: Number(r.number),
            address: r.address,
            areaId: r.area_id,
            latestReportId: latestOf.get(id) ?? null,
            reports: reportsOf.get(id) ?? 0,
            problems: problemAnswers.length,
            problemAnswers,
            nextVisit: nextOf.get(id) ?? null,
          },
        ];
      }),
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
    // `done` is kept on each visit by the schema's triggers (migration 20261210300000): one range of
    // the (election, visit_date, done, station) index.
    const result = await sql<{
      planned: number | string;
      done: number | string | null;
      overdue: number | string | null;
    }>`
      select count(*) as planned, sum(p.done) as done,
        sum(case when p.visit_date < ${today} then 1 - p.done else 0 end) as overdue
      from readiness_visits p
      where p.election_id = ${electionId} and ${stationInScope('p.station_id', scope)}
        and ${areaId ? stationInScope('p.station_id', { kind: 'area', areaId }) : sql<SqlBool>`1 = 1`}`.execute(
      this.db,
    );
    const row = result.rows[0] ?? { planned: 0, done: 0, overdue: 0 };
    return { planned: Number(row.planned), done: Number(row.done ?? 0), overdue: Number(row.overdue ?? 0) };
  }
}
