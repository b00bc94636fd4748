import type { ApplicantAvailability, ApplicantStatus, AreaScope, AssignmentShift } from '@pollwatch/core';
import type { Kysely } from 'kysely';
import { areaInScope, observerInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readInt } from '../values.ts';

/** A station as the proposal sees it: where it is and how many observers it has in the shift. */
export interface ProposalStationFacts {
  id: string;
  number: number;
  address: string;
  areaId: string;
  assigned: number;
}

/** An active observer as the proposal sees them: their areas, sign-up answers and bookings in the shift. */
export interface ProposalObserverFacts {
  id: string;
  name: string;
  /** Account area, applicant area, and the areas of the stations they are assigned to in this election. */
  areaIds: string[];
  /** The applicant record's answers, or null for an account made by hand. */
  availability: ApplicantAvailability[] | null;
  applicantStatus: ApplicantStatus | null;
  /** The elections the observer's applicant records signed up for (null: none named); empty without a record. */
  electionIds: (string | null)[];
  /** Stations the observer already has in this shift of this election. */
  bookedAt: string[];
}

const unpack = (packed: string) => packed.split(',').filter((s) => s.length > 0);

/** The facts the automatic assignment proposal (and its confirmation) decide on, in the actor's area. */
export class AssignmentProposalsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  /** The election's stations in the scope (or only `ids`), each with its observers in the shift. */
  async stations(
    electionId: string,
    shift: AssignmentShift,
    scope: AreaScope,
    ids?: readonly string[],
  ): Promise<ProposalStationFacts[]> {
    if (ids && ids.length === 0) return [];
    let q = this.db
      .selectFrom('stations as s')
      .select((eb) => [
        's.id',
        's.number',
        's.address',
        's.area_id',
        eb
          .selectFrom('assignments as a')
          .select((e) => e.fn.countAll<number | string>().as('n'))
          .whereRef('a.station_id', '=', 's.id')
          .where('a.shift', '=', shift)
          .as('assigned'),
      ])
      .where('s.election_id', '=', electionId)
      .where(areaInScope('s.area_id', scope));
    if (ids) q = q.where('s.id', 'in', [...new Set(ids)]);
    const rows = await q.orderBy('s.region_id').orderBy('s.number').execute();
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      address: r.address,
      areaId: r.area_id,
      assigned: readInt(r.assigned ?? 0),
    }));
  }

  /** Every area's parent, to walk a station's area up to the root. */
  async areaParents(): Promise<Map<string, string | null>> {
    const rows = await this.db.selectFrom('areas').select(['id', 'parent_id']).execute();
    return new Map(rows.map((r) => [r.id, r.parent_id]));
  }

  /** The active observers in the scope (or only `ids`) with what the proposal needs to know of each. */
  async observers(
    electionId: string,
    shift: AssignmentShift,
    scope: AreaScope,
    ids?: readonly string[],
  ): Promise<ProposalObserverFacts[]> {
    if (ids && ids.length === 0) return [];
    const only = ids ? [...new Set(ids)] : undefined;
    let users = this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.display_name', 'u.area_id'])
      .where('u.role', '=', 'observer')
      .where('u.status', '=', 'active')
      .where(observerInScope('u.id', scope));
    if (only) users = users.where('u.id', 'in', only);
    const observers = await users.orderBy('u.display_name').orderBy('u.id').execute();
    if (observers.length === 0) return [];

    let applicants = this.db
      .selectFrom('applicants as ap')
      .innerJoin('users as u', 'u.id', 'ap.user_id')
      .select(['ap.user_id', 'ap.area_id', 'ap.availability', 'ap.status', 'ap.election_id'])
      .where('u.role', '=', 'observer')
      .where('u.status', '=', 'active')
      .where('ap.merged_into', 'is', null)
      .where(observerInScope('u.id', scope));
    if (only) applicants = applicants.where('u.id', 'in', only);
    // The most recently changed record wins when one person has several.
    const applicantRows = await applicants.orderBy('ap.updated_at').execute();

    let assignments = this.db
      .selectFrom('assignments as a')
      .innerJoin('stations as s', 's.id', 'a.station_id')
      .innerJoin('users as u', 'u.id', 'a.observer_id')
      .select(['a.observer_id', 'a.station_id', 'a.shift', 's.area_id'])
      .where('a.election_id', '=', electionId)
      .where('u.role', '=', 'observer')
      .where('u.status', '=', 'active')
      .where(observerInScope('u.id', scope));
    if (only) assignments = assignments.where('a.observer_id', 'in', only);
    const assignmentRows = await assignments.execute();

    const facts = new Map<string, ProposalObserverFacts>(
      observers.map((o) => [
        o.id,
        {
          id: o.id,
          name: o.display_name,
          areaIds: o.area_id ? [o.area_id] : [],
          availability: null,
          applicantStatus: null,
          electionIds: [],
          bookedAt: [],
        },
      ]),
    );
    for (const a of applicantRows) {
      const f = a.user_id ? facts.get(a.user_id) : undefined;
      if (!f) continue;
      if (a.area_id && !f.areaIds.includes(a.area_id)) f.areaIds.push(a.area_id);
      f.availability = unpack(a.availability) as ApplicantAvailability[];
      f.applicantStatus = a.status as ApplicantStatus;
      if (!f.electionIds.includes(a.election_id)) f.electionIds.push(a.election_id);
    }
    for (const a of assignmentRows) {
      const f = facts.get(a.observer_id);
      if (!f) continue;
      if (!f.areaIds.includes(a.area_id)) f.areaIds.push(a.area_id);
      if (a.shift === shift) f.bookedAt.push(a.station_id);
    }
    return [...facts.values()];
  }
}
