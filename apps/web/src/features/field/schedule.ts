import { type AssignmentShift, type FormKind, localDateTime } from '@pollwatch/core';
import { latestOf, type OutboxEntry } from './outbox-model.ts';

/**
 * Which reports an observer owes at a station, by phase: the readiness visit during monitoring;
 * opening, voting, one turnout report per checkpoint of the election, closing and the protocol copy
 * on voting day. Times are the station's local time (its own zone, else the election's).
 */

export type Phase = 'monitoring' | 'voting_day';

export interface DueItem {
  /** Stable within a station: the kind, and the checkpoint for turnout. */
  key: string;
  kind: FormKind;
  phase: Phase;
  checkpoint?: string;
}

export type DueStatus = 'todo' | 'queued' | 'done' | 'attention';

interface ElectionTimes {
  votingDate: string;
  monitoringFrom: string;
  turnoutCheckpoints: readonly string[];
  timeZone: string;
}

const shiftKinds: Record<AssignmentShift, FormKind[]> = {
  readiness: ['readiness'],
  voting_day: ['opening', 'voting', 'turnout', 'closing', 'protocol'],
  opening: ['opening'],
  counting: ['closing', 'protocol'],
};

const kindOrder: FormKind[] = ['readiness', 'opening', 'voting', 'turnout', 'closing', 'protocol'];

/** The reports due at one station for the observer's shifts there, in the order of the day. */
export function dueItems(shifts: readonly AssignmentShift[], election: Pick<ElectionTimes, 'turnoutCheckpoints'>) {
  const kinds = new Set(shifts.flatMap((s) => shiftKinds[s]));
  const items: DueItem[] = [];
  for (const kind of kindOrder) {
    if (!kinds.has(kind)) continue;
    const phase: Phase = kind === 'readiness' ? 'monitoring' : 'voting_day';
    if (kind === 'turnout') {
      for (const checkpoint of election.turnoutCheckpoints) {
        items.push({ key: `turnout@${checkpoint}`, kind, phase, checkpoint });
      }
    } else {
      items.push({ key: kind, kind, phase });
    }
  }
  return items;
}

/** The station's records that answer a due item: same station and kind (and checkpoint). */
export function entriesFor(entries: readonly OutboxEntry[], stationId: string, item: DueItem): OutboxEntry[] {
  const ids = new Set(
    entries
      .filter(
        (e) =>
          e.stationId === stationId &&
          e.formKind === item.kind &&
          (item.checkpoint === undefined || e.answers.checkpoint_time === item.checkpoint),
      )
      .map((e) => e.id),
  );
  return [...ids].map((id) => latestOf(entries, id)).filter((e): e is OutboxEntry => e !== undefined);
}

/** Done once any report went through; otherwise the worst state among those on the device. */
export function dueStatus(entries: readonly OutboxEntry[]): DueStatus {
  if (entries.some((e) => e.state === 'attention')) return 'attention';
  if (entries.some((e) => e.state === 'queued' || e.state === 'sending')) return 'queued';
  if (entries.some((e) => e.state === 'accepted')) return 'done';
  return 'todo';
}

export function stationZone(station: { timeZone: string | null }, election: { timeZone: string }): string {
  return station.timeZone ?? election.timeZone;
}

/** `HH:MM` plus minutes, clamped to the day. */
function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = Math.min(24 * 60 - 1, h * 60 + m + minutes);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export const REMINDER_MINUTES = 60;

/**
 * The turnout checkpoint to remind of at `now`, if any: on voting day, from the checkpoint until
 * the next one (at most an hour), while no report for it is on the device.
 */
export function checkpointReminder(
  now: Date,
  zone: string,
  election: Pick<ElectionTimes, 'votingDate' | 'turnoutCheckpoints'>,
  reported: ReadonlySet<string>,
): string | null {
  const local = localDateTime(now, zone);
  if (local.date !== election.votingDate) return null;
  const checkpoints = [...election.turnoutCheckpoints].sort();
  for (let i = checkpoints.length - 1; i >= 0; i--) {
    const checkpoint = checkpoints[i] as string;
    if (checkpoint > local.time) continue;
    const next = checkpoints[i + 1];
    const until = addMinutes(checkpoint, REMINDER_MINUTES);
    const end = next !== undefined && next < until ? next : until;
    if (local.time >= end) return null;
    return reported.has(checkpoint) ? null : checkpoint;
  }
  return null;
}

/** The phase the station is in today, for ordering: before, on or after voting day. */
export function currentPhase(now: Date, zone: string, election: Pick<ElectionTimes, 'votingDate'>): Phase | 'after' {
  const { date } = localDateTime(now, zone);
  if (date < election.votingDate) return 'monitoring';
  if (date === election.votingDate) return 'voting_day';
  return 'after';
}
