import type { IncidentSeverity } from '../forms/standard-forms/incident-taxonomy.ts';
import type { AssignmentShift } from '../reports/assignment.ts';
import { localDateTime } from '../reports/report-flags.ts';

/**
 * Alerts (issue 17): what a coordinator must look at now. Computed at request time from the
 * schedule and what arrived; this file decides what is due, the server counts the rest in SQL.
 */
export const alertKinds = [
  /** No opening checklist 30 minutes after the station's polls opened. */
  'opening_missing',
  /** No turnout report for a checkpoint 30 minutes after it. */
  'turnout_missing',
  /** No protocol copy 3 hours after the station's polls closed. */
  'protocol_missing',
  /** An incident its observer marked as grave, until the verification queue verifies or rejects it. */
  'critical_incident',
  /** An observer working today whose phone has not been heard from for a while during polling hours. */
  'observer_silent',
] as const;
export type AlertKind = (typeof alertKinds)[number];

export const OPENING_GRACE_MINUTES = 30;
export const TURNOUT_GRACE_MINUTES = 30;
export const PROTOCOL_GRACE_MINUTES = 180;
/** A phone with no report and no request for this long during polling hours has stopped syncing. */
export const SILENT_AFTER_MINUTES = 60;

/**
 * The incident form asks "how serious?" (low, medium, high): the observer's "high" (Грубое /
 * Өрескел) is a critical incident. The answer is the observer's judgement; the verification queue
 * weighs it afterwards.
 */
export const criticalIncidentSeverity: IncidentSeverity = 'high';

export function isCriticalIncident(answers: Record<string, unknown>): boolean {
  return answers.severity === criticalIncidentSeverity;
}

/**
 * Which shifts make a report expected at a station: an alert is raised only for a station that has
 * an observer assigned for the relevant shift. A station with nobody there cannot send anything;
 * it is listed as uncovered on the coverage page, and an alert for it would only bury the real ones.
 */
export const expectedShifts = {
  opening: ['opening', 'voting_day'],
  turnout: ['voting_day'],
  protocol: ['voting_day', 'counting'],
  silent: ['opening', 'voting_day'],
} as const satisfies Record<string, readonly AssignmentShift[]>;

/** The station's voting day: the election's, with the station's own hours and zone when it has them (abroad). */
export interface StationSchedule {
  votingDate: string;
  timeZone: string;
  pollsOpen: string;
  pollsClose: string;
  /** The election's turnout checkpoints, local `HH:MM`, ascending. */
  checkpoints: readonly string[];
}

const MINUTE = 60_000;

/**
 * The instant at which a wall clock in `timeZone` shows `date` `time`. Worked out with
 * `localDateTime`: start from the same digits read as UTC, correct by the zone's offset there, and
 * once more in case the offset changed in between (daylight saving). A local time skipped by a
 * spring-forward gap gives the instant just after the gap.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  for (let i = 0; i < 3; i += 1) {
    const local = localDateTime(new Date(guess), timeZone);
    const shown = Date.parse(`${local.date}T${local.time}:00Z`);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}

export interface DueCheckpoint {
  checkpoint: string;
  /** The next checkpoint: a turnout report with a time from `checkpoint` up to (not including) it counts. */
  until: string | null;
  dueAt: Date;
}

export interface DueExpectations {
  /** When the opening checklist became overdue, if it has. */
  opening: Date | null;
  /** The checkpoints (inside the station's polling hours) whose report is overdue. */
  checkpoints: DueCheckpoint[];
  protocol: Date | null;
  /** Polls are open now: the hours in which a silent phone is an alert. */
  polling: boolean;
  pollsOpenAt: Date;
  pollsCloseAt: Date;
}

/** What a station should have sent by `now`, whatever actually arrived. */
export function dueExpectations(schedule: StationSchedule, now: Date): DueExpectations {
  const t = now.getTime();
  const open = zonedInstant(schedule.votingDate, schedule.pollsOpen, schedule.timeZone).getTime();
  const close = zonedInstant(schedule.votingDate, schedule.pollsClose, schedule.timeZone).getTime();
  const openingDue = open + OPENING_GRACE_MINUTES * MINUTE;
  const protocolDue = close + PROTOCOL_GRACE_MINUTES * MINUTE;
  const inHours = schedule.checkpoints.filter((c) => c >= schedule.pollsOpen && c <= schedule.pollsClose);
  const checkpoints: DueCheckpoint[] = [];
  inHours.forEach((checkpoint, i) => {
    const dueAt =
      zonedInstant(schedule.votingDate, checkpoint, schedule.timeZone).getTime() + TURNOUT_GRACE_MINUTES * MINUTE;
    if (t >= dueAt) checkpoints.push({ checkpoint, until: inHours[i + 1] ?? null, dueAt: new Date(dueAt) });
  });
  return {
    opening: t >= openingDue ? new Date(openingDue) : null,
    checkpoints,
    protocol: t >= protocolDue ? new Date(protocolDue) : null,
    polling: t >= open && t <= close,
    pollsOpenAt: new Date(open),
    pollsCloseAt: new Date(close),
  };
}

/** Whether a turnout report filled for `reportedTime` answers the checkpoint. */
export function turnoutAnswers(checkpoint: Pick<DueCheckpoint, 'checkpoint' | 'until'>, reportedTime: string): boolean {
  return reportedTime >= checkpoint.checkpoint && (checkpoint.until === null || reportedTime < checkpoint.until);
}

export interface StationArrivals {
  /** The shifts the station has an observer for. */
  shifts: readonly AssignmentShift[];
  opening: boolean;
  /** The checkpoint times of the turnout reports that arrived. */
  turnout: readonly string[];
  protocol: boolean;
}

export interface DueAlert {
  kind: 'opening_missing' | 'turnout_missing' | 'protocol_missing';
  /** For `turnout_missing`. */
  checkpoint?: string;
  /** Since when the report is missing. */
  since: Date;
}

/** The missing-report alerts of one station at `now`, given its schedule and what arrived. */
export function missingReportAlerts(schedule: StationSchedule, arrived: StationArrivals, now: Date): DueAlert[] {
  const due = dueExpectations(schedule, now);
  const has = (shifts: readonly AssignmentShift[]) => shifts.some((s) => arrived.shifts.includes(s));
  const alerts: DueAlert[] = [];
  if (due.opening && !arrived.opening && has(expectedShifts.opening)) {
    alerts.push({ kind: 'opening_missing', since: due.opening });
  }
  if (has(expectedShifts.turnout)) {
    for (const c of due.checkpoints) {
      if (!arrived.turnout.some((time) => turnoutAnswers(c, time))) {
        alerts.push({ kind: 'turnout_missing', checkpoint: c.checkpoint, since: c.dueAt });
      }
    }
  }
  if (due.protocol && !arrived.protocol && has(expectedShifts.protocol)) {
    alerts.push({ kind: 'protocol_missing', since: due.protocol });
  }
  return alerts;
}

/**
 * Before this instant, a phone last heard from counts as silent (`null`: no phone is silent now).
 * Only while polls are open, and never in the first minutes after they open: the clock starts at
 * the opening for a phone last heard from the day before.
 */
export function silentBefore(due: Pick<DueExpectations, 'polling' | 'pollsOpenAt'>, now: Date): Date | null {
  if (!due.polling) return null;
  const cutoff = now.getTime() - SILENT_AFTER_MINUTES * MINUTE;
  return due.pollsOpenAt.getTime() <= cutoff ? new Date(cutoff) : null;
}

/** Whether an observer's phone counts as silent at `now`. */
export function isSilent(lastHeard: Date | null, schedule: StationSchedule, now: Date): boolean {
  const before = silentBefore(dueExpectations(schedule, now), now);
  return before !== null && (lastHeard === null || lastHeard.getTime() < before.getTime());
}
