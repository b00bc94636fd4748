import type { ApplicantStatus } from '../recruitment/applicant.ts';
import { isCertified, observerFitsStation, type ProposalStation, signedUpElsewhere } from './assignment-proposal.ts';

/**
 * What a coordinator is warned of when they send one observer to one station by hand (the
 * assignments page, the assignments import): the same judgement calls the automatic proposal
 * makes, said before anything is written.
 */
export const assignmentWarningCodes = [
  /** None of the observer's areas contains the station. */
  'outside_station_area',
  /** The observer's applicant record is not (or no longer) certified. */
  'not_certified',
  /** The observer signed up for another election: never assigned to this one. */
  'other_election',
] as const;
export type AssignmentWarningCode = (typeof assignmentWarningCodes)[number];

/** The warnings a coordinator may override (`override: true`, audited with the codes). */
export const overridableAssignmentWarnings: readonly AssignmentWarningCode[] = [
  'outside_station_area',
  'not_certified',
];

export interface AssignmentWarningFacts {
  electionId: string;
  observer: {
    /** The observer's areas (account, applicant record, stations already assigned); empty: anywhere. */
    areaIds: readonly string[];
    applicantStatus: ApplicantStatus | null;
    /** The elections of the observer's applicant records (null: none named); empty without a record. */
    electionIds: readonly (string | null)[];
  };
  station: Pick<ProposalStation, 'areaPath'>;
}

/** The warnings of one manual assignment, in the order of `assignmentWarningCodes`. */
export function assignmentWarnings(facts: AssignmentWarningFacts): AssignmentWarningCode[] {
  const { observer, station, electionId } = facts;
  const codes: AssignmentWarningCode[] = [];
  if (!observerFitsStation(observer, { id: '', areaPath: station.areaPath, inSample: false, assigned: 0 })) {
    codes.push('outside_station_area');
  }
  if (!isCertified(observer.applicantStatus)) codes.push('not_certified');
  if (signedUpElsewhere(observer.electionIds, electionId)) codes.push('other_election');
  return codes;
}

/** Whether the coordinator may assign anyway: every warning is a judgement call. */
export function canOverrideAssignment(codes: readonly AssignmentWarningCode[]): boolean {
  return codes.every((c) => overridableAssignmentWarnings.includes(c));
}
