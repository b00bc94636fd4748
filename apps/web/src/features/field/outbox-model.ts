import { canonicalJson, type ReportReceipt } from '@pollwatch/core';

/**
 * The outbox, as pure rules: one record per report revision the observer saved. Sending never
 * removes a record; it moves it from queued to accepted (with the server's receipt) or to needs
 * attention (with the server's reason). A correction is a new record: the same report id with the
 * next revision. A refused revision was never stored by the server, so its fix takes its number.
 */

export type OutboxState = 'queued' | 'sending' | 'accepted' | 'attention';

export interface OutboxError {
  /** The API's error code, or `network` / `unexpected`. */
  code: string;
  status: number;
  details?: unknown;
}

export interface OutboxEntry {
  /** This record on the device: `${id}:${revision}:${localSeq}`. */
  key: string;
  /** The report's client-generated UUID, the same for every revision. */
  id: string;
  revision: number;
  userId: string;
  electionId: string;
  stationId: string;
  formId: string;
  formVersion: number;
  formKind: string;
  answers: Record<string, unknown>;
  /** When the observer saved it (ISO-8601): the phase-window check uses it, not the arrival time. */
  clientTime: string;
  /** Photo hashes the answers refer to. */
  photos: string[];
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which no new attempt is made (back-off). */
  nextAttemptAt: number;
  lastError?: OutboxError;
  receipt?: ReportReceipt;
  /** A refused revision replaced by a fixed copy: kept on the device, never sent again. */
  supersededBy?: string;
  /** When the last answer (receipt or refusal) came; for the outbox list. */
  settledAt?: string;
}

export interface StoredPhoto {
  sha256: string;
  blob: Blob;
  size: number;
  type: string;
  width: number;
  height: number;
  userId: string;
  createdAt: string;
  /** The server holds every byte. */
  uploaded: boolean;
  /** Bytes the server confirmed so far (resume point). */
  receivedBytes: number;
  attempts: number;
  nextAttemptAt: number;
  /** A refusal that retrying cannot fix (e.g. `photo_invalid`). */
  lastError?: OutboxError;
}

export const RETRY_BASE_MS = 2_000;
export const RETRY_MAX_MS = 5 * 60_000;

/**
 * Exponential back-off with jitter: 2 s, 4 s, 8 s … up to 5 min, each drawn from its upper half
 * so that phones coming back online together do not all knock at the same second.
 */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Whether a failure is worth retrying as it is, or needs the observer (or the HQ) to act. */
export function isRetryable(error: OutboxError): boolean {
  if (error.code === 'network' || error.code === 'unexpected') return true;
  if (error.status === 0 || error.status >= 500) return true;
  // Throttled, or the session ended: the report is fine; it goes once that passes or after sign-in.
  return error.status === 429 || error.code === 'rate_limited' || error.code === 'unauthenticated';
}

/** Records still in play (not replaced by a fix), in the order they were saved. */
function live(entries: readonly OutboxEntry[], id: string): OutboxEntry[] {
  return entries.filter((e) => e.id === id && e.supersededBy === undefined).sort(bySaved);
}

export function bySaved(a: OutboxEntry, b: OutboxEntry): number {
  return a.clientTime < b.clientTime ? -1 : a.clientTime > b.clientTime ? 1 : a.key < b.key ? -1 : 1;
}

/** The newest live record of a report: what the observer sees and corrects. */
export function latestOf(entries: readonly OutboxEntry[], id: string): OutboxEntry | undefined {
  return live(entries, id).at(-1);
}

/**
 * The revision a new version of report `id` gets. After an accepted or queued revision, the next
 * number; when the newest was refused (the server stored nothing), the fix takes its number. A
 * revision the server found unchanged is acknowledged with the previous revision's receipt (it
 * stored nothing new), so the next one follows the receipt's number, not the phone's.
 */
export function nextRevision(entries: readonly OutboxEntry[], id: string): number {
  const latest = latestOf(entries, id);
  if (!latest) return 1;
  if (latest.state === 'attention') return latest.revision;
  return Math.min(latest.revision, latest.receipt?.revision ?? latest.revision) + 1;
}

/**
 * Whether a new version of a report would change nothing: the same form version and answers as
 * the newest revision on the phone that was sent or is waiting to be. Such a save makes no new
 * revision (the server would acknowledge it without storing one anyway).
 */
export function unchangedRevision(
  entries: readonly OutboxEntry[],
  id: string,
  formVersion: number,
  answers: Record<string, unknown>,
): OutboxEntry | undefined {
  const latest = latestOf(entries, id);
  if (!latest || latest.state === 'attention' || latest.formVersion !== formVersion) return undefined;
  return canonicalJson(latest.answers) === canonicalJson(answers) ? latest : undefined;
}

/**
 * Records to send now: queued, due, and not behind an earlier revision of the same report that the
 * server has not accepted yet (revisions must arrive in order).
 */
export function sendable(entries: readonly OutboxEntry[], now: number): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  const blocked = new Set<string>();
  for (const e of [...entries].filter((x) => x.supersededBy === undefined).sort(bySaved)) {
    if (blocked.has(e.id)) continue;
    if (e.state === 'accepted') continue;
    blocked.add(e.id);
    if (e.state === 'queued' && e.nextAttemptAt <= now) out.push(e);
  }
  return out;
}

/** The earliest moment a queued record becomes due, for the timer; null when none waits. */
export function nextDue(entries: readonly OutboxEntry[]): number | null {
  let soonest: number | null = null;
  for (const e of entries) {
    if (e.state !== 'queued' || e.supersededBy !== undefined) continue;
    if (soonest === null || e.nextAttemptAt < soonest) soonest = e.nextAttemptAt;
  }
  return soonest;
}

export interface OutboxCounts {
  queued: number;
  accepted: number;
  attention: number;
}

/** Per report (its newest live revision): how many wait, went through, need the observer. */
export function outboxCounts(entries: readonly OutboxEntry[]): OutboxCounts {
  const counts: OutboxCounts = { queued: 0, accepted: 0, attention: 0 };
  for (const id of new Set(entries.map((e) => e.id))) {
    const latest = latestOf(entries, id);
    if (!latest) continue;
    if (latest.state === 'accepted') counts.accepted++;
    else if (latest.state === 'attention') counts.attention++;
    else counts.queued++;
  }
  return counts;
}

/** Photo hashes in a report's answers: every 64-hex string in a list or on its own, at any depth. */
export function photoHashes(answers: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      if (/^[0-9a-f]{64}$/.test(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v);
    }
  };
  visit(answers);
  return [...found];
}
