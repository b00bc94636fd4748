import { newReportId, type ReportReceipt, type SubmitReportBody } from '@pollwatch/core';
import { ApiError } from '../../api/api-client.ts';
import { fieldApi, uploadPhoto } from './field-api.ts';
import { fieldDb } from './field-db.ts';
import {
  backoffDelay,
  isRetryable,
  nextDue,
  nextRevision,
  type OutboxEntry,
  type OutboxError,
  photoHashes,
  type StoredPhoto,
  sendable,
  unchangedRevision,
} from './outbox-model.ts';
import type { PreparedPhoto } from './photo-capture.ts';

/**
 * The outbox at work: saves every report on the device first, then sends what is queued — on
 * start, whenever the browser says it is online again, and on a timer — with back-off and jitter.
 * Reports go before photos (they are small and matter most); photos follow, resumably. The state
 * lives in IndexedDB; this keeps a copy in memory for the screens and tells them of each change.
 */

export interface FieldSnapshot {
  loaded: boolean;
  entries: OutboxEntry[];
  photos: StoredPhoto[];
  syncing: boolean;
  online: boolean;
  /** The server said the session ended: reports wait until the observer signs in again. */
  needsSignIn: boolean;
  lastSyncAt: string | null;
}

export interface NewReport {
  /** Given for a correction (or the fix of a refused revision); a new report gets a new UUID. */
  id?: string;
  electionId: string;
  stationId: string;
  formId: string;
  formVersion: number;
  formKind: string;
  answers: Record<string, unknown>;
}

export interface ResendResult {
  confirmed: number;
  differed: number;
  failed: number;
}

const TICK_MS = 15_000;

function toOutboxError(error: unknown): OutboxError {
  if (error instanceof ApiError) {
    return {
      code: error.code,
      status: error.status,
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  }
  return { code: 'unexpected', status: 0 };
}

function bodyOf(entry: OutboxEntry): SubmitReportBody {
  return {
    id: entry.id,
    revision: entry.revision,
    stationId: entry.stationId,
    formId: entry.formId,
    formVersion: entry.formVersion,
    answers: entry.answers,
    clientTime: entry.clientTime,
  };
}

export class FieldSync {
  private snapshot: FieldSnapshot = {
    loaded: false,
    entries: [],
    photos: [],
    syncing: false,
    online: typeof navigator === 'undefined' ? true : navigator.onLine,
    needsSignIn: false,
    lastSyncAt: null,
  };
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = 0;
  private seq = 0;

  constructor(readonly userId: string) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FieldSnapshot => this.snapshot;

  private set(patch: Partial<FieldSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private async reload(): Promise<void> {
    const [entries, photos] = await Promise.all([fieldDb.outboxOf(this.userId), fieldDb.photos()]);
    this.set({ entries, photos: photos.filter((p) => p.userId === this.userId), loaded: true });
  }

  private async saveEntry(entry: OutboxEntry): Promise<void> {
    await fieldDb.putEntry(entry);
    this.set({ entries: [...this.snapshot.entries.filter((e) => e.key !== entry.key), entry] });
  }

  private async savePhoto(photo: StoredPhoto): Promise<void> {
    await fieldDb.putPhoto(photo);
    this.set({ photos: [...this.snapshot.photos.filter((p) => p.sha256 !== photo.sha256), photo] });
  }

  /** Loads the outbox and starts sending; returns the stop function. Several callers may share it. */
  start(): () => void {
    this.started++;
    if (this.started === 1) {
      window.addEventListener('online', this.onOnline);
      window.addEventListener('offline', this.onOffline);
      document.addEventListener('visibilitychange', this.onVisible);
      this.timer = setInterval(() => this.tick(), TICK_MS);
      void this.reload().then(async () => {
        // A send cut short by a reload may or may not have arrived: the resend is harmless.
        const interrupted = this.snapshot.entries.filter((e) => e.state === 'sending');
        for (const e of interrupted) await this.saveEntry({ ...e, state: 'queued' });
        this.kick();
      });
    }
    return () => {
      this.started--;
      if (this.started > 0) return;
      window.removeEventListener('online', this.onOnline);
      window.removeEventListener('offline', this.onOffline);
      document.removeEventListener('visibilitychange', this.onVisible);
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    };
  }

  private onOnline = () => {
    this.set({ online: true });
    void this.retryNow();
  };

  private onOffline = () => this.set({ online: false });

  private onVisible = () => {
    if (document.visibilityState === 'visible') this.kick();
  };

  private tick(): void {
    const due = nextDue(this.snapshot.entries);
    const photosDue = this.photosToUpload(Date.now()).length > 0;
    if ((due !== null && due <= Date.now()) || photosDue) this.kick();
  }

  /** Forgets the back-off of everything waiting and sends at once (back online, or "send now"). */
  async retryNow(): Promise<void> {
    const now = Date.now();
    for (const e of this.snapshot.entries) {
      if (e.state === 'queued' && e.nextAttemptAt > now) await this.saveEntry({ ...e, nextAttemptAt: now });
    }
    for (const p of this.snapshot.photos) {
      if (!p.uploaded && p.lastError === undefined && p.nextAttemptAt > now) {
        await this.savePhoto({ ...p, nextAttemptAt: now });
      }
    }
    this.set({ needsSignIn: false });
    this.kick();
  }

  /** Runs a send round now, or right after the one in progress. */
  kick(): void {
    if (!this.snapshot.loaded) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round().finally(() => {
      this.running = null;
      this.set({ syncing: false });
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when the current round (if any) has finished; for tests and the "send now" button. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async round(): Promise<void> {
    this.set({ syncing: true });
    let reached = false;
    for (;;) {
      const next = sendable(this.snapshot.entries, Date.now())[0];
      if (!next) break;
      const outcome = await this.send(next);
      if (outcome === 'offline') return;
      reached = true;
    }
    for (const photo of this.photosToUpload(Date.now())) {
      const outcome = await this.upload(photo);
      if (outcome === 'offline') return;
      reached = true;
    }
    if (reached) this.set({ lastSyncAt: new Date().toISOString() });
  }

  private async send(entry: OutboxEntry): Promise<'ok' | 'offline'> {
    const sending: OutboxEntry = { ...entry, state: 'sending', attempts: entry.attempts + 1 };
    await this.saveEntry(sending);
    try {
      const receipt = await fieldApi.submitReport(bodyOf(entry));
      const { lastError: _dropped, ...rest } = sending;
      await this.saveEntry({ ...rest, state: 'accepted', receipt, settledAt: receipt.receivedAt });
      this.set({ online: true, needsSignIn: false });
      return 'ok';
    } catch (caught) {
      const error = toOutboxError(caught);
      if (isRetryable(error)) {
        const retryAfter = caught instanceof ApiError && caught.retryAfter !== null ? caught.retryAfter * 1000 : 0;
        const delay = Math.max(retryAfter, backoffDelay(sending.attempts));
        await this.saveEntry({ ...sending, state: 'queued', lastError: error, nextAttemptAt: Date.now() + delay });
        if (error.code === 'unauthenticated') this.set({ needsSignIn: true });
        if (error.code === 'network') this.set({ online: navigator.onLine });
        return 'offline';
      }
      await this.saveEntry({ ...sending, state: 'attention', lastError: error, settledAt: new Date().toISOString() });
      return 'ok';
    }
  }

  /** Photos some live report refers to, not on the server yet, due, and not refused for good. */
  private photosToUpload(now: number): StoredPhoto[] {
    const wanted = new Set(
      this.snapshot.entries
        .filter((e) => e.supersededBy === undefined && e.state !== 'attention')
        .flatMap((e) => e.photos),
    );
    return this.snapshot.photos.filter(
      (p) => wanted.has(p.sha256) && !p.uploaded && p.lastError === undefined && p.nextAttemptAt <= now,
    );
  }

  private async upload(photo: StoredPhoto): Promise<'ok' | 'offline'> {
    let current: StoredPhoto = { ...photo, attempts: photo.attempts + 1 };
    try {
      const status = await uploadPhoto(photo.sha256, photo.blob, (received) => {
        if (received > current.receivedBytes) {
          current = { ...current, receivedBytes: received };
          void this.savePhoto(current);
        }
      });
      await this.savePhoto({ ...current, uploaded: status.complete, receivedBytes: status.receivedBytes });
      return 'ok';
    } catch (caught) {
      const error = toOutboxError(caught);
      if (isRetryable(error)) {
        await this.savePhoto({ ...current, nextAttemptAt: Date.now() + backoffDelay(current.attempts) });
        return 'offline';
      }
      await this.savePhoto({ ...current, lastError: error });
      return 'ok';
    }
  }

  /** Saves a report revision on the device (that is the moment it counts as filled) and sends it. */
  async save(input: NewReport): Promise<OutboxEntry> {
    const id = input.id ?? newReportId();
    // Saving again without a change makes no new revision: the phone keeps the one it has.
    const unchanged = unchangedRevision(this.snapshot.entries, id, input.formVersion, input.answers);
    if (unchanged) return unchanged;
    const revision = nextRevision(this.snapshot.entries, id);
    const entry: OutboxEntry = {
      key: `${id}:${revision}:${Date.now().toString(36)}${(this.seq++).toString(36)}`,
      id,
      revision,
      userId: this.userId,
      electionId: input.electionId,
      stationId: input.stationId,
      formId: input.formId,
      formVersion: input.formVersion,
      formKind: input.formKind,
      answers: input.answers,
      clientTime: new Date().toISOString(),
      photos: photoHashes(input.answers),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
    };
    // A refused revision that is being fixed stays on the device, marked as replaced.
    const refused = this.snapshot.entries.filter(
      (e) => e.id === id && e.state === 'attention' && e.supersededBy === undefined,
    );
    await fieldDb.putEntries([...refused.map((e) => ({ ...e, supersededBy: entry.key })), entry]);
    this.set({
      entries: [
        ...this.snapshot.entries.filter((e) => !refused.some((r) => r.key === e.key)),
        ...refused.map((e) => ({ ...e, supersededBy: entry.key })),
        entry,
      ],
    });
    this.kick();
    return entry;
  }

  /** Keeps a prepared photo on the device until the server holds it. */
  async addPhoto(prepared: PreparedPhoto): Promise<StoredPhoto> {
    const existing = this.snapshot.photos.find((p) => p.sha256 === prepared.sha256);
    if (existing) return existing;
    const photo: StoredPhoto = {
      sha256: prepared.sha256,
      blob: prepared.blob,
      size: prepared.blob.size,
      type: prepared.blob.type || 'image/jpeg',
      width: prepared.width,
      height: prepared.height,
      userId: this.userId,
      createdAt: new Date().toISOString(),
      uploaded: false,
      receivedBytes: 0,
      attempts: 0,
      nextAttemptAt: 0,
    };
    await this.savePhoto(photo);
    return photo;
  }

  /**
   * Sends every accepted revision again and compares the answers with the receipts on the device:
   * the server must return the very same receipt (it stores a revision once). A check the observer
   * (or a coordinator on the phone) can run at any time; nothing is duplicated by it.
   */
  async resendAccepted(): Promise<ResendResult> {
    const result: ResendResult = { confirmed: 0, differed: 0, failed: 0 };
    for (const entry of this.snapshot.entries.filter((e) => e.state === 'accepted')) {
      try {
        const receipt: ReportReceipt = await fieldApi.submitReport(bodyOf(entry));
        if (receipt.chainSeq === entry.receipt?.chainSeq && receipt.chainHash === entry.receipt.chainHash) {
          result.confirmed++;
        } else {
          result.differed++;
        }
      } catch {
        result.failed++;
      }
    }
    return result;
  }
}

let current: FieldSync | null = null;

/** One outbox per signed-in observer on this device. */
export function fieldSyncFor(userId: string): FieldSync {
  if (current?.userId !== userId) current = new FieldSync(userId);
  return current;
}

export type Persistence = 'granted' | 'refused' | 'unsupported';

/** Asks the browser not to clear the app's data under storage pressure. */
export async function requestPersistence(): Promise<Persistence> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return 'unsupported';
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'refused';
  } catch {
    return 'refused';
  }
}
