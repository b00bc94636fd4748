import type { ApplicantAvailability, ApplicantStatus } from '../recruitment/applicant.ts';
import { invitableStatuses } from '../recruitment/applicant.ts';
import type { AssignmentShift } from '../reports/assignment.ts';

/**
 * The automatic assignment proposal (issue 17): which free observers to send to which stations for
 * one shift. Pure: the server gathers the stations and observers of the actor's area, this decides,
 * the coordinator reviews, edits and confirms. Nothing here writes anything.
 */

/** The sign-up answer ("when can you help?") that makes an observer available for a shift. */
export const shiftAvailability: Record<AssignmentShift, ApplicantAvailability> = {
  readiness: 'pre_election',
  opening: 'election_day',
  voting_day: 'election_day',
  counting: 'counting',
};

/**
 * Whether an observer can work the shift by their sign-up answers. An observer with no applicant
 * record (an account the HQ made by hand), or whose record says nothing about availability, gave
 * no answer to go by: they count as available, and the coordinator reviews the proposal anyway.
 */
export function availableFor(shift: AssignmentShift, availability: readonly ApplicantAvailability[] | null): boolean {
  if (availability === null || availability.length === 0) return true;
  return availability.includes(shiftAvailability[shift]);
}

/**
 * Whether the HQ has certified the observer. An account made by hand (no applicant record) was the
 * HQ's own decision and counts as certified; one made from an applicant follows the applicant's
 * status (withdrawn, rejected or back in training is not certified).
 */
export function isCertified(applicantStatus: ApplicantStatus | null): boolean {
  return applicantStatus === null || invitableStatuses.includes(applicantStatus);
}

/**
 * Whether the observer signed up for another election only: their applicant records each name an
 * election, none this one (a record naming no election, or no record at all, fits any election).
 */
export function signedUpElsewhere(electionIds: readonly (string | null)[], electionId: string): boolean {
  return electionIds.length > 0 && !electionIds.some((e) => e === null || e === electionId);
}

export const DEFAULT_PER_STATION_CAP = 1;
export const MAX_PER_STATION_CAP = 10;

export interface ProposalStation {
  id: string;
  /** The station's area and every area above it (its own area first). */
  areaPath: readonly string[];
  /** In the quick-count sample: covered first. */
  inSample: boolean;
  /** Observers already assigned to it for this shift. */
  assigned: number;
}

export interface ProposalObserver {
  id: string;
  /** The areas the observer belongs to (account, applicant record, assigned stations); empty: anywhere. */
  areaIds: readonly string[];
  available: boolean;
  certified: boolean;
  /** Already assigned somewhere for this shift: never proposed again (no double booking). */
  booked: boolean;
  /** Signed up for another election only (see `signedUpElsewhere`): never proposed, never confirmed. */
  otherElection?: boolean;
}

export interface ProposalRow {
  observerId: string;
  stationId: string;
}

export interface Proposal {
  rows: ProposalRow[];
  /** Stations with no observer for the shift before the proposal, and after it if confirmed as is. */
  uncoveredBefore: number;
  uncoveredAfter: number;
  /** Of the uncovered stations in the quick-count sample, how many the proposal covers. */
  sampleUncovered: number;
  sampleCovered: number;
  /** Observers left out, by reason (each counted once, for the first reason that applies). */
  skipped: { booked: number; unavailable: number; uncertified: number; otherElection: number };
  /** Per station of the proposal, other free observers who could go there instead (for swapping). */
  alternatives: Record<string, string[]>;
}

/** Whether the observer may work at the station: one of their areas is the station's area or above it. */
export function observerFitsStation(observer: Pick<ProposalObserver, 'areaIds'>, station: ProposalStation): boolean {
  if (observer.areaIds.length === 0) return true;
  return observer.areaIds.some((a) => station.areaPath.includes(a));
}

/**
 * Proposes observers for the stations below `cap` observers in the shift.
 *
 * Why a greedy and not an exact maximum matching: the exact one (augmenting paths) costs
 * stations × candidate pairs, which for a country (10,000 stations, thousands of observers each
 * fitting hundreds of stations) is too slow for a request, and its result jumps around when one
 * observer is added. The greedy below is the classic min-degree heuristic for matching: the
 * stations that are hardest to cover (fewest eligible observers) choose first, each taking the
 * eligible observer with the fewest other options, so the flexible observers stay free for the
 * stations that need them. On real assignment graphs it lands within a few stations of the
 * maximum, is deterministic, and the coordinator reviews the result anyway. Stations in the
 * quick-count sample choose before all others: a sample station left empty costs the estimate,
 * which is worth more than one more ordinary station. Empty stations are filled first; only then
 * does a station get a second observer (when `cap` allows), so coverage is maximised first.
 */
export function proposeAssignments(input: {
  stations: readonly ProposalStation[];
  observers: readonly ProposalObserver[];
  cap: number;
  /** How many alternatives to offer per proposed station. */
  alternatives?: number;
}): Proposal {
  const cap = Math.max(1, Math.floor(input.cap));
  const skipped = { booked: 0, unavailable: 0, uncertified: 0, otherElection: 0 };
  const free: ProposalObserver[] = [];
  for (const o of [...input.observers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (o.otherElection) skipped.otherElection += 1;
    else if (o.booked) skipped.booked += 1;
    else if (!o.available) skipped.unavailable += 1;
    else if (!o.certified) skipped.uncertified += 1;
    else free.push(o);
  }
  const stations = [...input.stations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const open = stations.filter((s) => s.assigned < cap);

  // Who may go where, both ways.
  const candidates = new Map<string, ProposalObserver[]>();
  const options = new Map<string, number>();
  for (const s of open) {
    const fits = free.filter((o) => observerFitsStation(o, s));
    candidates.set(s.id, fits);
    for (const o of fits) options.set(o.id, (options.get(o.id) ?? 0) + 1);
  }

  const used = new Set<string>();
  const load = new Map(stations.map((s) => [s.id, s.assigned]));
  const rows: ProposalRow[] = [];
  const pass = (targets: ProposalStation[]) => {
    const order = [...targets].sort(
      (a, b) =>
        Number(b.inSample) - Number(a.inSample) ||
        (candidates.get(a.id)?.length ?? 0) - (candidates.get(b.id)?.length ?? 0),
    );
    for (const s of order) {
      if ((load.get(s.id) ?? 0) >= cap) continue;
      let best: ProposalObserver | undefined;
      for (const o of candidates.get(s.id) ?? []) {
        if (used.has(o.id)) continue;
        if (!best || (options.get(o.id) ?? 0) < (options.get(best.id) ?? 0)) best = o;
      }
      if (!best) continue;
      used.add(best.id);
      load.set(s.id, (load.get(s.id) ?? 0) + 1);
      rows.push({ observerId: best.id, stationId: s.id });
    }
  };
  // First every empty station gets one observer; then each further round adds one more per station.
  pass(open.filter((s) => s.assigned === 0));
  for (let round = 1; round < cap; round += 1) {
    const before = rows.length;
    pass(open.filter((s) => (load.get(s.id) ?? 0) < cap));
    if (rows.length === before) break;
  }

  const uncovered = stations.filter((s) => s.assigned === 0);
  const coveredNow = new Set(rows.map((r) => r.stationId));
  const limit = input.alternatives ?? 10;
  const alternatives: Record<string, string[]> = {};
  for (const stationId of coveredNow) {
    alternatives[stationId] = (candidates.get(stationId) ?? [])
      .filter((o) => !used.has(o.id))
      .slice(0, limit)
      .map((o) => o.id);
  }
  return {
    rows,
    uncoveredBefore: uncovered.length,
    uncoveredAfter: uncovered.filter((s) => !coveredNow.has(s.id)).length,
    sampleUncovered: uncovered.filter((s) => s.inSample).length,
    sampleCovered: uncovered.filter((s) => s.inSample && coveredNow.has(s.id)).length,
    skipped,
    alternatives,
  };
}

/** What can be wrong with one row of a confirmed proposal. */
export const proposalConflictCodes = [
  /** The observer already works this shift elsewhere, or appears twice in the rows. */
  'double_booked',
  /** The station would have more observers in the shift than the cap. */
  'over_cap',
  /** None of the observer's areas contains the station. */
  'outside_station_area',
  /** The observer's applicant record is not (or no longer) certified. */
  'not_certified',
  /** The observer already has this very assignment. */
  'already_assigned',
  /** The observer signed up for another election: never assigned to this one. */
  'other_election',
] as const;
export type ProposalConflictCode = (typeof proposalConflictCodes)[number];

/**
 * Which conflicts the coordinator may override (`override: true`, audited): sending an observer
 * across an area boundary, above the cap, or before their certification is a judgement call; two
 * places at once, or the same assignment twice, is not.
 */
export const overridableConflicts: readonly ProposalConflictCode[] = [
  'over_cap',
  'outside_station_area',
  'not_certified',
];

export interface ConfirmRowFacts {
  observerId: string;
  stationId: string;
  observer: Pick<ProposalObserver, 'areaIds' | 'certified' | 'otherElection'> & {
    /** Stations the observer already has in this shift. */
    bookedAt: readonly string[];
  };
  station: ProposalStation;
}

/** The conflicts of each row, in row order (rows earlier in the list count towards later rows' caps). */
export function proposalConflicts(rows: readonly ConfirmRowFacts[], cap: number): ProposalConflictCode[][] {
  const seen = new Set<string>();
  const load = new Map<string, number>();
  return rows.map((row) => {
    const codes: ProposalConflictCode[] = [];
    // The same assignment again: it is already counted at the station, nothing else to say.
    if (row.observer.bookedAt.includes(row.stationId)) return ['already_assigned'];
    if (row.observer.bookedAt.length > 0 || seen.has(row.observerId)) codes.push('double_booked');
    seen.add(row.observerId);
    const count = (load.get(row.stationId) ?? row.station.assigned) + 1;
    load.set(row.stationId, count);
    if (count > cap) codes.push('over_cap');
    if (!observerFitsStation(row.observer, row.station)) codes.push('outside_station_area');
    if (!row.observer.certified) codes.push('not_certified');
    if (row.observer.otherElection) codes.push('other_election');
    return codes;
  });
}
