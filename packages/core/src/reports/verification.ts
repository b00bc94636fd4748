import { incidentSeverities } from '../forms/standard-forms/incident-taxonomy.ts';
import type { ReportFlagCode } from './report-flags.ts';

/**
 * The verification queue (issue 17): every report with a flag, and every incident, waits for a
 * coordinator's decision. A report is `pending` until someone verifies or rejects it, or asks its
 * observer to follow up; the observer's next revision puts a follow-up back to `pending`, answered.
 */
export const verificationStatuses = ['pending', 'verified', 'rejected', 'follow_up'] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];

/** What a coordinator decides about a report in the queue. */
export const verificationDecisions = ['verified', 'rejected', 'follow_up'] as const;
export type VerificationDecision = (typeof verificationDecisions)[number];

/** The queue's states as filters: `claimed` is a pending report someone holds a live claim on. */
export const verificationStates = ['pending', 'claimed', 'follow_up', 'verified', 'rejected'] as const;
export type VerificationState = (typeof verificationStates)[number];

/** A claim lasts this long unless its holder decides or claims again (which extends it). */
export const CLAIM_MINUTES = 15;

export const severities = ['low', 'medium', 'high'] as const;
export type Severity = (typeof severities)[number];

/**
 * How serious each flag is: numbers that contradict each other or the register come first, a
 * report from the wrong place or time next, a missing answer last.
 */
export const flagSeverity: Record<ReportFlagCode, Severity> = {
  protocol_conflict: 'high',
  protocol_relation: 'high',
  turnout_over_100: 'high',
  turnout_decreasing: 'medium',
  not_assigned: 'medium',
  outside_window: 'medium',
  missing_required: 'low',
};

/** The flag codes of one severity (the queue filters on them in SQL). */
export function flagCodesOfSeverity(severity: Severity): ReportFlagCode[] {
  return (Object.keys(flagSeverity) as ReportFlagCode[]).filter((code) => flagSeverity[code] === severity);
}

function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (incidentSeverities as readonly string[]).includes(value);
}

/**
 * A queued report's severity: the highest of its flags' and, for an incident, the severity the
 * observer gave (an incident without one counts as medium).
 */
export function reportSeverity(flags: readonly { code: ReportFlagCode }[], incidentSeverity?: unknown): Severity {
  let rank = -1;
  for (const f of flags) rank = Math.max(rank, severities.indexOf(flagSeverity[f.code] ?? 'low'));
  if (incidentSeverity !== undefined) {
    rank = Math.max(rank, severities.indexOf(isSeverity(incidentSeverity) ? incidentSeverity : 'medium'));
  }
  return severities[Math.max(rank, 0)] ?? 'low';
}

/** Whether a claim is held at `now` (an expired claim is nobody's). */
export function claimLive(claimedUntil: Date | null, now: Date): boolean {
  return claimedUntil !== null && claimedUntil.getTime() > now.getTime();
}
