import { isIsoDate, type LocalizedText } from '../elections/election.ts';

/**
 * The remarks register (замечание / ескерту): a finding the HQ addresses to an election commission
 * and tracks until the commission acts. Pure rules only: statuses and their transitions, what each
 * transition needs, which commission a remark goes to and when it is overdue.
 */

/** The commission a remark is addressed to: a station's precinct commission, a territorial one or the CEC. */
export const commissionLevels = ['precinct', 'territorial', 'central'] as const;
export type CommissionLevel = (typeof commissionLevels)[number];

/** Where a remark came from; `manual` remarks have no evidence link. */
export const remarkOrigins = ['manual', 'readiness', 'incident', 'report'] as const;
export type RemarkOrigin = (typeof remarkOrigins)[number];

/**
 * draft → sent (date, how) → acknowledged → resolved / not resolved / no answer. A commission may
 * also act without acknowledging first, so the closing statuses are reachable from `sent` too.
 */
export const remarkStatuses = ['draft', 'sent', 'acknowledged', 'resolved', 'not_resolved', 'no_answer'] as const;
export type RemarkStatus = (typeof remarkStatuses)[number];

/** How a remark reached its commission. */
export const remarkDeliveries = ['post', 'email', 'in_person', 'online', 'other'] as const;
export type RemarkDelivery = (typeof remarkDeliveries)[number];

export const closedRemarkStatuses: readonly RemarkStatus[] = ['resolved', 'not_resolved', 'no_answer'];
/** Statuses awaiting the commission: these can be overdue. */
export const awaitingRemarkStatuses: readonly RemarkStatus[] = ['sent', 'acknowledged'];

const transitions: Record<RemarkStatus, readonly RemarkStatus[]> = {
  draft: ['sent'],
  sent: ['acknowledged', 'resolved', 'not_resolved', 'no_answer'],
  acknowledged: ['resolved', 'not_resolved', 'no_answer'],
  resolved: [],
  not_resolved: [],
  no_answer: [],
};

export function canTransitionRemark(from: RemarkStatus, to: RemarkStatus): boolean {
  return transitions[from].includes(to);
}

export function nextRemarkStatuses(from: RemarkStatus): readonly RemarkStatus[] {
  return transitions[from];
}

/** Days a commission has to answer before a remark counts as overdue, unless the HQ sets another. */
export const DEFAULT_REMARK_ANSWER_DAYS = 5;
export const REMARK_ANSWER_DAYS_MAX = 365;
export const REMARK_TEXT_MAX = 8000;
export const REMARK_TITLE_MAX = 200;
export const REMARK_LEGAL_BASIS_MAX = 1000;
export const REMARK_ANSWER_MAX = 8000;
/** At most this many stations in one bulk creation. */
export const REMARK_BULK_STATIONS_MAX = 5000;

/** A status change as the HQ asks for it. Dates are `YYYY-MM-DD`. */
export interface RemarkTransition {
  to: RemarkStatus;
  /** The day it happened (sent, acknowledged, answered or closed); defaults to today. */
  on?: string | undefined;
  /** `sent` only: how it was delivered. */
  via?: RemarkDelivery | undefined;
  /** The commission's answer (resolved / not resolved), with `on` as its date. */
  answer?: string | undefined;
}

export type RemarkTransitionProblem = 'status_transition_invalid' | 'validation_failed';

/** What a transition writes, given the remark as it stands; or why it is refused. */
export interface RemarkChange {
  status: RemarkStatus;
  sentOn?: string;
  sentVia?: RemarkDelivery;
  acknowledgedOn?: string;
  answer?: string;
  answeredOn?: string;
  closedOn?: string;
}

/**
 * The change a transition makes, or the problem with it. `today` is the HQ's calendar day; a date
 * in the future or before the remark was sent is refused.
 */
export function planRemarkTransition(
  remark: { status: RemarkStatus; sentOn: string | null },
  request: RemarkTransition,
  today: string,
): RemarkChange | RemarkTransitionProblem {
  if (!canTransitionRemark(remark.status, request.to)) return 'status_transition_invalid';
  const on = request.on ?? today;
  if (!isIsoDate(on) || on > today) return 'validation_failed';
  if (remark.sentOn && on < remark.sentOn) return 'validation_failed';
  const answer = request.answer?.trim() || undefined;
  switch (request.to) {
    case 'sent':
      if (!request.via || answer) return 'validation_failed';
      return { status: 'sent', sentOn: on, sentVia: request.via };
    case 'acknowledged':
      if (request.via || answer) return 'validation_failed';
      return { status: 'acknowledged', acknowledgedOn: on };
    case 'resolved':
    case 'not_resolved':
      if (request.via) return 'validation_failed';
      return { status: request.to, closedOn: on, ...(answer && { answer, answeredOn: on }) };
    case 'no_answer':
      if (request.via || answer) return 'validation_failed';
      return { status: 'no_answer', closedOn: on };
    default:
      return 'status_transition_invalid';
  }
}

/** The commission's answer may be recorded (or corrected) while the remark awaits it or once closed with one. */
export function canRecordRemarkAnswer(status: RemarkStatus): boolean {
  return status === 'sent' || status === 'acknowledged' || status === 'resolved' || status === 'not_resolved';
}

/** Only a draft may be edited or deleted; once sent, the letter is what the commission has. */
export function isRemarkEditable(status: RemarkStatus): boolean {
  return status === 'draft';
}

/** The last day a remark sent on `sentOn` may go unanswered before it is overdue. */
export function remarkAnswerDue(sentOn: string, answerDays: number): string {
  const d = new Date(`${sentOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + answerDays);
  return d.toISOString().slice(0, 10);
}

/**
 * The overdue cut-off for SQL: a remark awaiting an answer and sent on or before this day is
 * overdue on `today` (it was due yesterday or earlier).
 */
export function overdueSentOnOrBefore(today: string, answerDays: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - answerDays - 1);
  return d.toISOString().slice(0, 10);
}

export function isRemarkOverdue(
  remark: { status: RemarkStatus; sentOn: string | null; answeredOn: string | null },
  today: string,
  answerDays: number,
): boolean {
  if (!awaitingRemarkStatuses.includes(remark.status) || !remark.sentOn || remark.answeredOn) return false;
  return remark.sentOn <= overdueSentOnOrBefore(today, answerDays);
}

/** The commission level of an area: the root of the tree (the country) is the CEC. */
export function commissionLevelOfArea(area: { parentId: string | null; level: string }): CommissionLevel {
  return area.parentId === null || area.level === 'country' ? 'central' : 'territorial';
}

/**
 * Bulk creation: one remark per commission. Stations go to their own precinct commission, or to
 * the territorial commission of their nearest ancestor area at the chosen depth. `commissionOf`
 * gives the commission key each station belongs to; stations keep their input order within a group.
 */
export function groupStationsByCommission<T extends { stationId: string }>(
  stations: readonly T[],
  commissionOf: (station: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const seen = new Set<string>();
  for (const s of stations) {
    if (seen.has(s.stationId)) continue;
    seen.add(s.stationId);
    const key = commissionOf(s);
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  return groups;
}

/** A remark as the register shows it. */
export interface Remark {
  id: string;
  electionId: string;
  /** Its number in the election's register, from 1. */
  number: number;
  commissionLevel: CommissionLevel;
  /** The commission's area: the station's area for a precinct commission. */
  areaId: string;
  areaName: LocalizedText;
  stationId: string | null;
  stationNumber: number | null;
  /** The commission's name as the territory tree has it, when known. */
  commissionName: string | null;
  commissionAddress: string | null;
  origin: RemarkOrigin;
  /** A short subject, e.g. "No ramp at the entrance". */
  title: string;
  body: string;
  legalBasis: string | null;
  status: RemarkStatus;
  sentOn: string | null;
  sentVia: RemarkDelivery | null;
  acknowledgedOn: string | null;
  answer: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  /** Remarks made together by one bulk creation share this id. */
  batchId: string | null;
  /** How many stations the remark concerns (evidence links). */
  stationCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One piece of evidence: a station, and the report revision (answers, photos, chain entry) behind it. */
export interface RemarkEvidence {
  stationId: string;
  stationNumber: number;
  stationAddress: string;
  reportId: string | null;
  formKind: string | null;
  revision: number | null;
  /** A readiness finding: the checklist question. */
  questionId: string | null;
  answers: Record<string, unknown> | null;
  photos: string[];
  chainSeq: number | null;
  chainHash: string | null;
  receivedAt: Date | null;
}
