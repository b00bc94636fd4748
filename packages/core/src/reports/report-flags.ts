import { addDays } from '../elections/election.ts';
import type { FormKind } from '../forms/form-definition.ts';
import type { SubmissionResult } from '../forms/validate-submission.ts';

/**
 * Automatic quality flags raised at ingest. A flag never refuses a report: it puts it in front of
 * a coordinator. Refusals are reserved for answers that cannot be stored as they are.
 */
export const reportFlagCodes = [
  /** A protocol relation fails (e.g. received ≠ issued + cancelled). */
  'protocol_relation',
  /** A required answer is missing. */
  'missing_required',
  /** The observer is not assigned to this station. */
  'not_assigned',
  /** Filled outside the time window of its phase (readiness before voting day, the rest on it). */
  'outside_window',
  /** Turnout lower than at an earlier checkpoint of the same station. */
  'turnout_decreasing',
  /** More voters than registered at the station. */
  'turnout_over_100',
  /** Another observer sent a different protocol copy for the station. */
  'protocol_conflict',
] as const;
export type ReportFlagCode = (typeof reportFlagCodes)[number];

export interface ReportFlag {
  code: ReportFlagCode;
  /** The check or question concerned, when there is one. */
  ref?: string;
  params?: Record<string, string | number>;
}

/** Building a formatter costs far more than using one; ingest asks for the same few zones. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Local minutes already worked out: every report asks, and formatToParts costs more than the rest
 * of the phase checks together. Keyed by zone and UTC minute (every zone in use has whole-minute
 * offsets), so an entry can never be wrong, only old.
 */
const recentMinutes = new Map<string, { date: string; time: string }>();

/** The local date and time (`YYYY-MM-DD`, `HH:MM`) of an instant in a time zone. */
export function localDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const key = `${timeZone}|${Math.floor(instant.getTime() / 60_000)}`;
  const known = recentMinutes.get(key);
  if (known) return known;
  const local = formatLocal(instant, timeZone);
  if (recentMinutes.size >= 1000) recentMinutes.clear();
  recentMinutes.set(key, Object.freeze(local));
  return local;
}

function formatLocal(instant: Date, timeZone: string): { date: string; time: string } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * Whether a report of `kind` filled at local `date` `time` fits its phase: readiness from the
 * start of monitoring to the eve of voting day; voting-day forms on voting day, counting and the
 * protocol until noon the next day (counts run past midnight); incidents any time in between.
 */
export function insidePhaseWindow(
  kind: FormKind,
  local: { date: string; time: string },
  election: { monitoringFrom: string; votingDate: string },
): boolean {
  const nextDay = addDays(election.votingDate, 1);
  const onVotingDay = local.date === election.votingDate;
  const nextMorning = local.date === nextDay && local.time < '12:00';
  switch (kind) {
    case 'readiness':
      return local.date >= election.monitoringFrom && local.date < election.votingDate;
    case 'opening':
    case 'voting':
    case 'turnout':
      return onVotingDay;
    case 'closing':
    case 'protocol':
      return onVotingDay || nextMorning;
    case 'incident':
      return (local.date >= election.monitoringFrom && local.date <= election.votingDate) || nextMorning;
    case 'custom':
      return true;
  }
}

export interface FlagContext {
  kind: FormKind;
  result: Pick<SubmissionResult, 'problems' | 'flags'>;
  assigned: boolean;
  insideWindow: boolean;
  /** For turnout reports: this report's checkpoint and count, and the station's earlier ones. */
  turnout?: {
    checkpoint: string | null;
    voters: number | null;
    registered: number | null;
    earlier: { checkpoint: string; voters: number }[];
  };
}

/** Every flag a report raises, in a stable order. */
export function reportFlags(ctx: FlagContext): ReportFlag[] {
  const flags: ReportFlag[] = [];
  for (const f of ctx.result.flags) {
    flags.push({ code: 'protocol_relation', ref: f.checkId, params: { left: f.left, right: f.right, op: f.op } });
  }
  for (const p of ctx.result.problems) {
    if (p.code === 'required') flags.push({ code: 'missing_required', ref: p.questionId });
  }
  if (!ctx.assigned) flags.push({ code: 'not_assigned' });
  if (!ctx.insideWindow) flags.push({ code: 'outside_window' });
  const t = ctx.turnout;
  if (t && t.voters !== null) {
    if (t.registered !== null && t.registered > 0 && t.voters > t.registered) {
      flags.push({ code: 'turnout_over_100', params: { voters: t.voters, registered: t.registered } });
    }
    if (t.checkpoint) {
      const before = t.earlier
        .filter((e) => e.checkpoint < (t.checkpoint as string))
        .sort((a, b) => (a.checkpoint < b.checkpoint ? 1 : -1))[0];
      if (before && t.voters < before.voters) {
        flags.push({
          code: 'turnout_decreasing',
          params: { voters: t.voters, earlier: before.voters, at: before.checkpoint },
        });
      }
    }
  }
  return flags;
}

/**
 * Problems that stop a report from being stored as sent: a wrong type, an out-of-range number or
 * an unknown choice means the device and server disagree about the form. A missing required
 * answer does not: observers send what they have, and the gap is flagged.
 */
export function refusingProblems(result: SubmissionResult) {
  return result.problems.filter((p) => p.severity === 'error' && p.code !== 'required');
}
