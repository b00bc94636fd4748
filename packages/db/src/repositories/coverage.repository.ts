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
 * Coverage in SQL, from the counts the schema's triggers keep (migration 20261207010000): per
 * station, its assignments per shift (`a:<shift>`) and reports per kind (`r:<kind>`) in
 * station_marks; per area, how many stations have each in area_marks. Totals and the per-area
 * breakdown add a few hundred area rows; the station list reads each class of stations (uncovered,
 * silent, the rest) in number order, stopping at the page. No report is loaded into JavaScript.
 */
export class CoverageRepository {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  private mark(w: CoverageWhere, mark: string): RawBuilder<SqlBool> {
    return sql<SqlBool>`exists (select 1 from station_marks m where m.election_id = ${w.electionId}
      and m.mark = ${mark} and m.station_id = st.id)`;
  }

  private assigned(w: CoverageWhere): RawBuilder<SqlBool> {
    return this.mark(w, `a:${w.shift}`);
  }

  private anyReport(w: CoverageWhere): RawBuilder<SqlBool> {
    if (w.kinds.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`(${sql.join(
      w.kinds.map((k) => this.mark(w, `r:${k}`)),
      sql` or `,
    )})`;
  }

  private stationWhere(w: { electionId: string; scope: AreaScope; areaId?: string | undefined }): Expression<SqlBool> {
    const parts = [sql`st.election_id = ${w.electionId}`, areaInScope('st.area_id', w.scope)];
    if (w.areaId) parts.push(sql`st.area_id in ${areaSubtree(w.areaId)}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  /** The marks counted: the station itself, the shift's assignments, each phase's reports. */
  private marks(w: CoverageWhere): string[] {
    return ['station', `a:${w.shift}`, ...w.kinds.map((k) => `r:${k}`)];
  }

  private counts(w: CoverageWhere, byMark: Map<string, number>): CoverageCounts {
    return {
      stations: byMark.get('station') ?? 0,
      assigned: byMark.get(`a:${w.shift}`) ?? 0,
      reported: w.kinds.map((k) => byMark.get(`r:${k}`) ?? 0),
    };
  }

  private areaWhere(w: { electionId: string; scope: AreaScope; areaId?: string | undefined }): Expression<SqlBool> {
    const parts = [sql`am.election_id = ${w.electionId}`, areaInScope('am.area_id', w.scope)];
    if (w.areaId) parts.push(sql`am.area_id in ${areaSubtree(w.areaId)}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  }

  async totals(w: CoverageWhere): Promise<CoverageCounts> {
    const marks = this.marks(w);
    const result = await sql<{ mark: string; n: number | string }>`
      select am.mark, sum(am.stations) as n from area_marks am
      where ${this.areaWhere(w)} and am.mark in (${sql.join(marks)})
      group by am.mark`.execute(this.db);
    return this.counts(w, new Map(result.rows.map((r) => [r.mark, Number(r.n)])));
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
    const result = await sql<{ top: string; mark: string; n: number | string }>`
      with recursive tree(id, top) as (${seed} union all select c.id, t.top from areas c join tree t on c.parent_id = t.id)
      select t.top as top, am.mark, sum(am.stations) as n
      from tree t join area_marks am on am.area_id = t.id
      where ${this.areaWhere({ electionId: w.electionId, scope: w.scope })} and am.mark in (${sql.join(this.marks(w))})
      group by t.top, am.mark`.execute(this.db);
    const byTop = new Map<string, Map<string, number>>();
    for (const r of result.rows) {
      const m = byTop.get(r.top) ?? new Map<string, number>();
      m.set(r.mark, Number(r.n));
      byTop.set(r.top, m);
    }
    return [...byTop].map(([areaId, m]) => ({ areaId, ...this.counts(w, m) })).filter((r) => r.stations > 0);
  }

  /**
   * One page of stations: uncovered ones (nobody assigned for the shift) first, then covered ones
   * that sent nothing, then the rest; each by number. Each class is read in number order up to
   * the page's end, and skipped when empty (its size is known from the kept counts).
   */
  async stations(
    w: CoverageWhere,
    page: { filter: CoverageFilter; limit: number; offset: number },
  ): Promise<{ total: number; items: CoverageStationRow[] }> {
    type Segment = { assigned: boolean; reported?: boolean };
    const segments: Segment[] =
      page.filter === 'uncovered'
        ? [{ assigned: false }]
        : page.filter === 'silent'
          ? [
              { assigned: false, reported: false },
              { assigned: true, reported: false },
            ]
          : [{ assigned: false }, { assigned: true, reported: false }, { assigned: true, reported: true }];
    const quietStations = (mark: string) =>
      sql`(select x.station_id from station_alerts x where x.election_id = ${w.electionId} and x.mark = ${mark})`;
    const condition = (s: Segment) => {
      const mark = quietMark(w);
      // Assigned and silent: the kept marks (one indexed list) instead of probing each phase per station.
      if (mark && s.assigned && s.reported === false) return sql<SqlBool>`st.id in ${quietStations(mark)}`;
      // Assigned and reported: assigned and not among those few, instead of probing each phase's
      // marks per station (on PostgreSQL five hashed sets of ~9,000 stations for every request).
      if (mark && s.assigned && s.reported === true) {
        return sql<SqlBool>`${this.assigned(w)} and st.id not in ${quietStations(mark)}`;
      }
      return sql<SqlBool>`${s.assigned ? sql`` : sql`not `}${this.assigned(w)}${
        s.reported === undefined ? sql`` : sql` and ${s.reported ? sql`` : sql`not `}${this.anyReport(w)}`
      }`;
    };
    const totals = await this.totals(w);
    // Assigned stations that sent none of the phases' reports: counted from the assignments' marks.
    let silentCount: Promise<number> | undefined;
    const quiet = quietMark(w);
    const countSilent = async () => {
      if (quiet) {
        // The kept per-area count of stations with an observer and none of the phases' reports.
        const kept = await sql<{ n: number | string | null }>`
          select sum(am.stations) as n from area_alerts am where am.election_id = ${w.electionId}
            and am.mark = ${quiet} and ${areaInScope('am.area_id', w.scope)}
            ${w.areaId ? sql`and am.area_id in ${areaSubtree(w.areaId)}` : sql``}`.execute(this.db);
        return Number(kept.rows[0]?.n ?? 0);
      }
      const row = await sql<{ n: number | string }>`
        select count(*) as n from station_marks a join stations st on st.id = a.station_id
        where a.election_id = ${w.electionId} and a.mark = ${`a:${w.shift}`} and ${this.stationWhere(w)}
          and not ${this.anyReport(w)}`.execute(this.db);
      return Number(row.rows[0]?.n ?? 0);
    };
    const silentAssigned = () => {
      silentCount ??= countSilent();
      return silentCount;
    };
    const sizeOf = async (s: Segment): Promise<number> => {
      if (!s.assigned && s.reported === undefined) return totals.stations - totals.assigned;
      if (s.assigned && s.reported === false) return silentAssigned();
      if (s.assigned && s.reported === true) return totals.assigned - (await silentAssigned());
      const row = await sql<{ n: number | string }>`
        select count(*) as n from stations st where ${this.stationWhere(w)} and ${condition(s)}`.execute(this.db);
      return Number(row.rows[0]?.n ?? 0);
    };
    const sizes = await Promise.all(segments.map(sizeOf));
    const ids: string[] = [];
    let skip = page.offset;
    for (const [i, s] of segments.entries()) {
      const size = sizes[i] ?? 0;
      const want = page.limit - ids.length;
      if (want <= 0) break;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      const rows = await sql<{ id: string }>`
        select st.id from stations st where ${this.stationWhere(w)} and ${condition(s)}
        order by st.number, st.id limit ${want} offset ${skip}`.execute(this.db);
      ids.push(...rows.rows.map((r) => r.id));
      skip = 0;
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    if (ids.length === 0) return { total, items: [] };
    const kindList = w.kinds.length > 0 ? sql.join(w.kinds.map((k) => sql`${k}`)) : sql`''`;
    const result = await sql<Record<string, unknown>>`
      select st.id, st.number, st.address, st.area_id,
        (select count(*) from assignments a where a.election_id = st.election_id and a.shift = ${w.shift}
          and a.station_id = st.id) as observers,
        (select r.id from reports r where r.election_id = st.election_id and r.station_id = st.id
          and r.form_kind in (${kindList}) order by r.updated_at desc, r.id desc limit 1) as latest_report
        ${sql.join(
          w.kinds.map((k, i) => sql`, (case when ${this.mark(w, `r:${k}`)} then 1 else 0 end) as ${sql.ref(`k${i}`)}`),
          sql``,
        )}
      from stations st where st.id in (${sql.join(ids)})`.execute(this.db);
    const byId = new Map(result.rows.map((r) => [r.id as string, r]));
    return {
      total,
      items: ids.flatMap((id) => {
        const r = byId.get(id);
        if (!r) return [];
        return [
          {
            id,
            number: Number(r.number),
            address: r.address as string,
            areaId: r.area_id as string,
            observers: Number(r.observers),
            reported: w.kinds.map((_, i) => Number(r[`k${i}`]) === 1),
            latestReportId: (r.latest_report as string | null) ?? null,
          },
        ];
      }),
    };
  }
}

/** The phases whose silence the schema keeps per shift (migration 20261208010000, core's `coveragePhases`). */
const KEPT_PHASES: Record<string, readonly string[]> = {
  readiness: ['readiness'],
  opening: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
  voting_day: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
  counting: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
};

/** The kept mark of "an observer for the shift and none of the phases' reports", when the phases are the kept ones. */
function quietMark(w: CoverageWhere): string | null {
  const kept = KEPT_PHASES[w.shift];
  if (!kept || kept.length !== w.kinds.length || !kept.every((k) => w.kinds.includes(k))) return null;
  return `quiet:${w.shift}`;
}
