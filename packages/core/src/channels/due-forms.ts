import type { FormKind } from '../forms/form-definition.ts';
import { type StationSchedule, TURNOUT_GRACE_MINUTES, zonedInstant } from '../operations/alert-schedule.ts';
import type { AssignmentShift } from '../reports/assignment.ts';

/**
 * Which forms the Telegram bot offers an observer now (issue 22): those the station's voting day
 * and the observer's shift make due, so the menu is short. The windows, around the station's own
 * hours (its zone and hours when it has them, else the election's):
 *
 * - readiness — any time before the polls open;
 * - opening — from an hour before the polls open until three hours after;
 * - voting — while the polls are open;
 * - turnout — from `TURNOUT_REMINDER_LEAD_MINUTES` before each checkpoint (inside polling hours)
 *   until an hour after it (the alerts' 30-minute grace and as long again);
 * - closing — from half an hour before the polls close until three hours after;
 * - protocol — from the close until a day after (counting runs into the night);
 * - incident and custom forms — always.
 *
 * Shifts as for the alerts (`expectedShifts`): turnout from a voting-day observer, the opening and
 * voting forms from an opening or voting-day one, closing and protocol from voting-day or counting.
 * Coded messages still accept every published form: this only chooses the buttons.
 */
export const TURNOUT_REMINDER_LEAD_MINUTES = 15;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const shiftsFor: Record<FormKind, readonly AssignmentShift[] | 'any'> = {
  readiness: ['readiness', 'opening', 'voting_day'],
  opening: ['opening', 'voting_day'],
  voting: ['opening', 'voting_day'],
  turnout: ['voting_day'],
  closing: ['voting_day', 'counting'],
  protocol: ['voting_day', 'counting'],
  incident: 'any',
  custom: 'any',
};

/** The turnout checkpoints inside the station's polling hours, each with the instant it falls at. */
export function checkpointInstants(schedule: StationSchedule): { checkpoint: string; at: Date }[] {
  return schedule.checkpoints
    .filter((c) => c >= schedule.pollsOpen && c <= schedule.pollsClose)
    .map((checkpoint) => ({ checkpoint, at: zonedInstant(schedule.votingDate, checkpoint, schedule.timeZone) }));
}

/** The turnout checkpoint whose window `now` is in, if any. */
export function turnoutCheckpointNow(schedule: StationSchedule, now: Date): string | null {
  const t = now.getTime();
  const found = checkpointInstants(schedule).find(
    ({ at }) =>
      t >= at.getTime() - TURNOUT_REMINDER_LEAD_MINUTES * MINUTE &&
      t < at.getTime() + (TURNOUT_GRACE_MINUTES + 30) * MINUTE,
  );
  return found?.checkpoint ?? null;
}

/** Whether a form of `kind` is due now for an observer with `shifts` at a station with `schedule`. */
export function formDueNow(
  kind: FormKind,
  shifts: readonly AssignmentShift[],
  schedule: StationSchedule,
  now: Date,
): boolean {
  const allowed = shiftsFor[kind];
  if (allowed !== 'any' && !shifts.some((s) => allowed.includes(s))) return false;
  const t = now.getTime();
  const open = zonedInstant(schedule.votingDate, schedule.pollsOpen, schedule.timeZone).getTime();
  const close = zonedInstant(schedule.votingDate, schedule.pollsClose, schedule.timeZone).getTime();
  switch (kind) {
    case 'readiness':
      return t < open;
    case 'opening':
      return t >= open - HOUR && t <= open + 3 * HOUR;
    case 'voting':
      return t >= open && t <= close;
    case 'turnout':
      return turnoutCheckpointNow(schedule, now) !== null;
    case 'closing':
      return t >= close - 30 * MINUTE && t <= close + 3 * HOUR;
    case 'protocol':
      return t >= close && t <= close + 24 * HOUR;
    default:
      return true;
  }
}

/**
 * The turnout checkpoint a reminder is due for now (issue 22): from `TURNOUT_REMINDER_LEAD_MINUTES`
 * before the checkpoint until the alerts' grace after it (a server that was down at the lead time
 * still reminds, late rather than never). The job sends it once per observer and checkpoint.
 */
export function reminderCheckpointNow(schedule: StationSchedule, now: Date): string | null {
  const t = now.getTime();
  const found = checkpointInstants(schedule).find(
    ({ at }) =>
      t >= at.getTime() - TURNOUT_REMINDER_LEAD_MINUTES * MINUTE && t < at.getTime() + TURNOUT_GRACE_MINUTES * MINUTE,
  );
  return found?.checkpoint ?? null;
}
