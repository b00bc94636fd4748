import type { AreaScope } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import { areaInScope, stationInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { timeValue } from '../values.ts';

/** An applicant's record counts once: merged duplicates point at the record that stays. */
const READY_STATUSES = ['certified', 'accredited', 'active'];

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
    const rows = await this.db
      .selectFrom('applicants as a')
      .select((eb) => ['a.status', eb.fn.countAll<number | string>().as('n')])
      .where((eb) => eb.or([eb('a.election_id', '=', electionId), eb('a.election_id', 'is', null)]))
      .where('a.merged_into', 'is', null)
      .where(areaInScope('a.area_id', scope))
      .groupBy('a.status')
      .execute();
    return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
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
      .where('a.status', 'in', READY_STATUSES)
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

  /** Reports (not revisions) first received at or after `since`. */
  async reportsSince(electionId: string, since: Date, scope: AreaScope): Promise<number> {
    const row = await this.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('r.election_id', '=', electionId)
      .where('r.created_at', '>=', timeValue(this.dialect, since))
      .where(stationInScope('r.station_id', scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Stations of the election in scope. */
  async stationCount(electionId: string, scope: AreaScope): Promise<number> {
    const row = await this.db
      .selectFrom('stations as st')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('st.election_id', '=', electionId)
      .where(stationInScope('st.id', scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Stations with at least one report of `kind` (e.g. readiness: visited). */
  async stationsWithReport(electionId: string, kind: string, scope: AreaScope): Promise<number> {
    const row = await this.db
      .selectFrom('reports as r')
      .select((eb) => eb.fn.count<number | string>('r.station_id').distinct().as('n'))
      .where('r.election_id', '=', electionId)
      .where('r.form_kind', '=', kind)
      .where(stationInScope('r.station_id', scope))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Stations with an assigned observer, per shift. */
  async coveredPerShift(electionId: string, scope: AreaScope): Promise<{ shift: string; stations: number }[]> {
    const rows = await this.db
      .selectFrom('assignments as s')
      .select((eb) => ['s.shift', eb.fn.count<number | string>('s.station_id').distinct().as('n')])
      .where('s.election_id', '=', electionId)
      .where(stationInScope('s.station_id', scope))
      .groupBy('s.shift')
      .execute();
    return rows.map((r) => ({ shift: r.shift, stations: Number(r.n) }));
  }
}
