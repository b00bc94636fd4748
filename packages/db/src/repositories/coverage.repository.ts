import type { AreaScope } from '@pollwatch/core';
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { areaInScope, areaSubtree } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';

export interface CoverageWhere {
  electionId: string;
  scope: AreaScope;
  areaId?: string | undefined;
  shift: string;
  /** The report kinds of the shift's phases, e.g. opening … protocol for voting day. */
  kinds: readonly string[];
}

export type CoverageFilter = 'all' | 'uncovered' | 'silent';

export interface CoverageCounts {
  stations: number;
  assigned: number;
  /** Stations with at least one report of each kind, in `kinds` order. */
  reported: number[];
}

export interface CoverageStationRow {
  id: string;
  number: number;
  address: string;
  areaId: string;
  observers: number;
  /** Whether the station sent a report of each kind, in `kinds` order. */
  reported: boolean[];
  latestReportId: string | null;
}

/**
 * Coverage in SQL: per station, whether an observer is assigned for the shift and which phases'
 * reports arrived; each an indexed existence probe (assignments by election, shift, station;
 * reports by election, kind, station), summed per area. No report is loaded into JavaScript.
 */
export class CoverageRepository {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  private assigned(w: CoverageWhere): RawBuilder<SqlBool> {
    return sql<SqlBool>`exists (select 1 from assignments a where a.election_id = ${w.electionId}
      and a.shift = ${w.shift} and a.station_id = st.id)`;
  }

  private reported(w: CoverageWhere, kind: string): RawBuilder<SqlBool> {
    return sql<SqlBool>`exists (select 1 from reports r where r.election_id = ${w.electionId}
      and r.form_kind = ${kind} and r.station_id = st.id)`;
  }

  private anyReport(w: CoverageWhere): RawBuilder<SqlBool> {
    if (w.kinds.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`(${sql.join(
      w.kinds.map((k) => this.reported(w, k)),
      sql` or `,
    )})`;
  }

  private stationWhere(w: { electionId: string; scope: AreaScope; areaId?: string | undefined }): Expression<SqlBool> {
    const parts = [sql`st.election_id = ${w.electionId}`, areaInScope('st.area_id', w.scope)];
    if (w.areaId) parts.push(sql`st.area_id in ${areaSubtree(w.areaId)}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  private countColumns(w: CoverageWhere) {
    return sql.join([
      sql`count(*) as stations`,
      sql`sum(case when ${this.assigned(w)} then 1 else 0 end) as assigned`,
      ...w.kinds.map((k, i) => sql`sum(case when ${this.reported(w, k)} then 1 else 0 end) as ${sql.ref(`k${i}`)}`),
    ]);
  }

  private counts(w: CoverageWhere, row: Record<string, unknown> | undefined): CoverageCounts {
    return {
      stations: Number(row?.stations ?? 0),
      assigned: Number(row?.assigned ?? 0),
      reported: w.kinds.map((_, i) => Number(row?.[`k${i}`] ?? 0)),
    };
  }

  async totals(w: CoverageWhere): Promise<CoverageCounts> {
    const result = await sql<Record<string, unknown>>`
      select ${this.countColumns(w)} from stations st where ${this.stationWhere(w)}`.execute(this.db);
    return this.counts(w, result.rows[0]);
  }

  /** The same counts per area one level down (children of `parentId`, the roots, or one area). */
  async byArea(
    w: CoverageWhere,
    start: { parentId: string } | { roots: true } | { areaId: string },
  ): Promise<(CoverageCounts & { areaId: string })[]> {
    const seed =
      'parentId' in start
        ? sql`select a.id, a.id from areas a where a.parent_id = ${start.parentId}`
        : 'areaId' in start
          ? sql`select a.id, a.id from areas a where a.id = ${start.areaId}`
          : sql`select a.id, a.id from areas a where a.parent_id is null`;
    const result = await sql<Record<string, unknown>>`
      with recursive tree(id, top) as (${seed} union all select c.id, t.top from areas c join tree t on c.parent_id = t.id)
      select t.top as top, ${this.countColumns(w)}
      from tree t join stations st on st.area_id = t.id
      where ${this.stationWhere({ electionId: w.electionId, scope: w.scope })}
      group by t.top`.execute(this.db);
    return result.rows.map((r) => ({ areaId: r.top as string, ...this.counts(w, r) }));
  }

  /**
   * One page of stations: uncovered ones (nobody assigned for the shift) first, then covered ones
   * that sent nothing, then the rest; each by number.
   */
  async stations(
    w: CoverageWhere,
    page: { filter: CoverageFilter; limit: number; offset: number },
  ): Promise<{ total: number; items: CoverageStationRow[] }> {
    const filter =
      page.filter === 'uncovered'
        ? sql`and not ${this.assigned(w)}`
        : page.filter === 'silent'
          ? sql`and not ${this.anyReport(w)}`
          : sql``;
    const counted = await sql<{ n: number | string }>`
      select count(*) as n from stations st where ${this.stationWhere(w)} ${filter}`.execute(this.db);
    const kindList = w.kinds.length > 0 ? sql.join(w.kinds.map((k) => sql`${k}`)) : sql`''`;
    const result = await sql<Record<string, unknown>>`
      select st.id, st.number, st.address, st.area_id,
        (select count(*) from assignments a where a.election_id = st.election_id and a.shift = ${w.shift}
          and a.station_id = st.id) as observers,
        (select r.id from reports r where r.election_id = st.election_id and r.station_id = st.id
          and r.form_kind in (${kindList}) order by r.updated_at desc, r.id desc limit 1) as latest_report
        ${sql.join(
          w.kinds.map((k, i) => sql`, (case when ${this.reported(w, k)} then 1 else 0 end) as ${sql.ref(`k${i}`)}`),
          sql``,
        )}
      from stations st
      where ${this.stationWhere(w)} ${filter}
      order by (case when not ${this.assigned(w)} then 0 when not ${this.anyReport(w)} then 1 else 2 end),
        st.number, st.id
      limit ${page.limit} offset ${page.offset}`.execute(this.db);
    return {
      total: Number(counted.rows[0]?.n ?? 0),
      items: result.rows.map((r) => ({
        id: r.id as string,
        number: Number(r.number),
        address: r.address as string,
        areaId: r.area_id as string,
        observers: Number(r.observers),
        reported: w.kinds.map((_, i) => Number(r[`k${i}`]) === 1),
        latestReportId: (r.latest_report as string | null) ?? null,
      })),
    };
  }
}
