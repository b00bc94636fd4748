import type { Locale } from '../i18n/locales.ts';

/** A name in every UI language; `ru` is required, the others fall back to it when empty. */
export type LocalizedText = { ru: string; kk?: string; en?: string };

/** The text in `locale`, falling back to Russian, the language every record has. */
export function localized(text: LocalizedText, locale: Locale): string {
  const value = text[locale]?.trim();
  return value ? value : text.ru;
}

export const electionKinds = ['presidential', 'parliamentary', 'local_council', 'referendum'] as const;
export type ElectionKind = (typeof electionKinds)[number];

/** What a line on the ballot is: a candidate, a party list, a referendum answer or "against all". */
export const ballotOptionKinds = ['candidate', 'party', 'yes', 'no', 'against_all'] as const;
export type BallotOptionKind = (typeof ballotOptionKinds)[number];

export interface BallotOption {
  /** Stable key used by forms, results files and SMS (lowercase letters, digits, underscores). */
  code: string;
  kind: BallotOptionKind;
  name: LocalizedText;
}

/** The built-in precinct protocol layouts (see forms/protocol); an election starts from one. */
export const protocolTemplateBases = ['kz', 'ru'] as const;
export type ProtocolTemplateBase = (typeof protocolTemplateBases)[number];

export interface Election {
  id: string;
  name: LocalizedText;
  kind: ElectionKind;
  /** Voting day, `YYYY-MM-DD`, in the election's time zone. */
  votingDate: string;
  /** IANA zone, e.g. Asia/Almaty; a station may override it (stations abroad). */
  timeZone: string;
  /** Local `HH:MM`. */
  pollsOpen: string;
  pollsClose: string;
  /** First day of pre-election monitoring of stations' readiness, `YYYY-MM-DD`. */
  monitoringFrom: string;
  /** Local `HH:MM` times at which the CEC announces turnout, ascending. */
  turnoutCheckpoints: string[];
  /** In ballot order. */
  ballotOptions: BallotOption[];
  protocolTemplate: ProtocolTemplateBase;
  isDemo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const DEFAULT_TURNOUT_CHECKPOINTS = ['10:00', '12:00', '14:00', '16:00', '18:00', '20:00'] as const;
/** For the 2022 presidential election of Kazakhstan, monitoring began ten days before voting day. */
export const DEFAULT_MONITORING_DAYS = 10;
export const DEFAULT_POLLS_OPEN = '07:00';
export const DEFAULT_POLLS_CLOSE = '20:00';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(value: string): boolean {
  const m = datePattern.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isClockTime(value: string): boolean {
  return timePattern.test(value);
}

export function minutesOfDay(value: string): number {
  const m = timePattern.exec(value);
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** True for a zone the runtime's time-zone database knows (Intl is there in browsers and Node). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(value) && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `date` moved by `days`, both `YYYY-MM-DD`. */
/** Ingest asks for the same few dates thousands of times a second; Date parsing is not free. */
const shiftedDates = new Map<string, string>();

export function addDays(date: string, days: number): string {
  const key = `${date}|${days}`;
  const known = shiftedDates.get(key);
  if (known !== undefined) return known;
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const shifted = d.toISOString().slice(0, 10);
  if (shiftedDates.size >= 1000) shiftedDates.clear();
  shiftedDates.set(key, shifted);
  return shifted;
}

export type ElectionProblem = { field: string; code: string };

/**
 * Rules a JSON schema cannot say: real dates and zones, opening before closing, checkpoints inside
 * polling hours and ascending, monitoring before voting day, unique option codes, one "against all".
 */
export function electionProblems(
  e: Pick<
    Election,
    | 'votingDate'
    | 'timeZone'
    | 'pollsOpen'
    | 'pollsClose'
    | 'monitoringFrom'
    | 'turnoutCheckpoints'
    | 'ballotOptions'
    | 'name'
  >,
): ElectionProblem[] {
  const problems: ElectionProblem[] = [];
  if (!e.name.ru.trim()) problems.push({ field: 'name.ru', code: 'required' });
  if (!isIsoDate(e.votingDate)) problems.push({ field: 'votingDate', code: 'invalid_date' });
  if (!isIsoDate(e.monitoringFrom)) problems.push({ field: 'monitoringFrom', code: 'invalid_date' });
  else if (isIsoDate(e.votingDate) && e.monitoringFrom > e.votingDate) {
    problems.push({ field: 'monitoringFrom', code: 'after_voting_day' });
  }
  if (!isTimeZone(e.timeZone)) problems.push({ field: 'timeZone', code: 'invalid_time_zone' });
  if (!isClockTime(e.pollsOpen)) problems.push({ field: 'pollsOpen', code: 'invalid_time' });
  if (!isClockTime(e.pollsClose)) problems.push({ field: 'pollsClose', code: 'invalid_time' });
  if (isClockTime(e.pollsOpen) && isClockTime(e.pollsClose) && e.pollsOpen >= e.pollsClose) {
    problems.push({ field: 'pollsClose', code: 'not_after_opening' });
  }
  e.turnoutCheckpoints.forEach((t, i) => {
    if (!isClockTime(t)) problems.push({ field: `turnoutCheckpoints/${i}`, code: 'invalid_time' });
    else if (i > 0 && t <= (e.turnoutCheckpoints[i - 1] ?? '')) {
      problems.push({ field: `turnoutCheckpoints/${i}`, code: 'not_ascending' });
    }
  });
  const codes = new Set<string>();
  let againstAll = 0;
  e.ballotOptions.forEach((o, i) => {
    if (codes.has(o.code)) problems.push({ field: `ballotOptions/${i}/code`, code: 'duplicate' });
    codes.add(o.code);
    if (!o.name.ru.trim()) problems.push({ field: `ballotOptions/${i}/name/ru`, code: 'required' });
    if (o.kind === 'against_all' && ++againstAll > 1) {
      problems.push({ field: `ballotOptions/${i}/kind`, code: 'duplicate' });
    }
  });
  return problems;
}
