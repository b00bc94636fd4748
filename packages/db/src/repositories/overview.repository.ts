import type { AreaScope } from '@pollwatch/core';
import { type Kysely, sql } from 'kysely';
import { areaInScope, stationInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { timeValue } from '../values.ts';

/** Where applicant_counts keeps applicants of no election (and of no area). */
const NO_ELECTION = '00000000-0000-0000-0000-000000000000';

/** An applicant's record counts once: merged duplicates point at the record that stays. */
const READY_STATUSES: readonly string[] = ['certified', 'accredited', 'active'];

/**
 * The campaign dashboard's counts that belong to no other part: recruitment, observers ready and
 * reports today. Every count is one grouped, indexed query in the actor's scope.
 */
export class OverviewRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Applicants per status: those who signed up for this election, or for none in particular. */
  async applicantsByStatus(electionId: string, scope: AreaScope): Promise<{ status: string; count: number }[]> {
    // The counts kept per (election, status, area) by the schema's triggers (migration
    // 20261211120000): this election's rows and those of no election (the nil uuid), in the scope.
    const result = await sql<{ status: string; n: number | string | null }>`
      select c.status, sum(c.n) as n from applicant_counts c
      where c.election_id in (${electionId}, ${NO_ELECTION}) and ${areaInScope('c.area_id', scope)}
      group by c.status`.execute(this.db);
    return result.rows.map((r) => ({ status: r.status, count: Number(r.n ?? 0) })).filter((r) => r.count !== 0);
  }

  /**
   * Observers ready to go: certified, accredited or active applicants, and observer accounts with
   * at least one assignment in the election (one person may be both; both figures are shown).
   */
  async observersReady(electionId: string, scope: AreaScope): Promise<{ applicants: number; assigned: number }> {
    const applicants = await this.db
      .selectFrom('applicants as a')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => eb.or([eb('a.election_id', '=', electionId), eb('a.election_id', 'is', null)]))
      .where('a.merged_into', 'is', null)
      .where('a.status', 'in', [...READY_STATUSES])
      .where(areaInScope('a.area_id', scope))
      .executeTakeFirstOrThrow();
    const assigned = await this.db
      .selectFrom('assignments as s')
      .select((eb) => eb.fn.count<number | string>('s.observer_id').distinct().as('n'))
      .where('s.election_id', '=', electionId)
      .where(stationInScope('s.station_id', scope))
      .executeTakeFirstOrThrow();
    return { applicants: Number(applicants.n), assigned: Number(assigned.n) };
  }

  /** Applicants ready to go (certified, accredited or active) among counts per status. */
  readyOf(byStatus: readonly { status: string; count: number }[]): number {
    return byStatus.filter((r) => READY_STATUSES.includes(r.status)).reduce((sum, r) => sum + r.count, 0);
  }

  /** Observer accounts with at least one assignment in the election, in scope. */
  async assignedObservers(electionId: string, scope: AreaScope): Promise<number> {
    if (scope.kind === 'area') {
      // The area's stations first, then their assignments (by station): a region's few hundred
      // stations, not every assignment of the election probed for its station.
      // (`cross join` keeps that order on SQLite, which has no statistics to choose it by; a
      // station's assignments are of its election.)
      const result = await sql<{ n: number | string }>`select count(distinct s.observer_id) as n
        from stations st cross join assignments s
        where s.station_id = st.id and st.election_id = ${electionId} and ${areaInScope('st.area_id', scope)}`.execute(
        this.db,
      );
      const row = { n: result.rows[0]?.n ?? 0 };
      return Number(row.n);
    }
    const assigned = await this.db
      .selectFrom('assignments as s')
      .select((eb) => eb.fn.count<number | string>('s.observer_id').distinct().as('n'))
      .where('s.election_id', '=', electionId)
      .where(stationInScope('s.station_id', scope))
      .executeTakeFirstOrThrow();
    return Number(assigned.n);
  }

  /** Reports (not revisions) first received at or after `since`. */
  async reportsSince(electionId: string, since: Date, scope: AreaScope): Promise<number> {
    // The kept quarter-hour counts per area answer for any start on a quarter hour (every
    // midnight of a real time zone); another start counts the reports themselves.
    if (since.getTime() % (15 * 60_000) === 0) {
      const row = await this.db
        .selectFrom('report_buckets as b')
        .select((eb) => eb.fn.sum<number | string | null>('b.n').as('n'))
        .where('b.election_id', '=', electionId)
        .where('b.bucket', '>=', timeValue(this.dialect, since))
        .where(areaInScope('b.area_id', scope))
        .executeTakeFirstOrThrow();
      return Number(row.n ?? 0);
    }
    const row = await this.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('r.election_id', '=', electionId)
      // A report's last change is never before its first receipt: the range on (election,
      // updated_at), or on (election, station, updated_at) in an area, finds them (issue 23 dropped
      // the index on created_at, which cost every new report an entry).
      .where('r.updated_at', '>=', timeValue(this.dialect, since))
      .where('r.created_at', '>=', timeValue(this.dialect, since))
      .where(stationInScope('r.station_id', scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Stations of the election in scope (`station`), with at least one report of a kind (`r:<kind>`,
   * e.g. readiness: visited) or an assignment for a shift (`a:<shift>`): the per-area counts the
   * schema's triggers keep (station_marks, area_marks), a few hundred rows.
   */
  async marks(electionId: string, scope: AreaScope): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('area_marks as am')
      .select((eb) => ['am.mark', eb.fn.sum<number | string>('am.stations').as('n')])
      .where('am.election_id', '=', electionId)
      .where(areaInScope('am.area_id', scope))
      .groupBy('am.mark')
      .execute();
    return new Map(rows.map((r) => [r.mark, Number(r.n)]));
  }

  /** Stations of the election in scope. */
  async stationCount(electionId: string, scope: AreaScope): Promise<number> {
    return (await this.marks(electionId, scope)).get('station') ?? 0;
  }

  /** Stations with at least one report of `kind` (e.g. readiness: visited). */
  async stationsWithReport(electionId: string, kind: string, scope: AreaScope): Promise<number> {
    return (await this.marks(electionId, scope)).get(`r:${kind}`) ?? 0;
  }

  /** Stations with an assigned observer, per shift. */
  async coveredPerShift(electionId: string, scope: AreaScope): Promise<{ shift: string; stations: number }[]> {
    return [...(await this.marks(electionId, scope))]
      .filter(([mark]) => mark.startsWith('a:'))
      .map(([mark, stations]) => ({ shift: mark.slice(2), stations }));
  }
}
