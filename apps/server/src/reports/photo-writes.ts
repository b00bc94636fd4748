import type { Store } from '@pollwatch/db';

/**
 * A change to a photo's row. On SQLite in a file these are written by the report writer's thread
 * (issue 23): a write on the request thread waits for the write lock synchronously, stopping every
 * request while the writer commits a group, and fails past the busy timeout. Plain data: it
 * crosses to the writer's thread.
 */
export type PhotoWrite =
  | {
      op: 'create';
      sha256: string;
      sizeBytes: number;
      uploadedBy: string;
      at: Date;
      /** The uploader's quota, checked in the same transaction as the insert. */
      quota: { since: Date; count: number; bytes: number };
    }
  | { op: 'progress'; sha256: string; receivedBytes: number; complete: { contentType: string; at: Date } | null }
  | { op: 'delete'; sha256: string };

/** created: a new row; exists: the photo was announced before (the row is left as it is). */
export type PhotoWriteOutcome = 'created' | 'exists' | 'over_quota' | 'done';

/** Where a photo's row changes go: the report writer (its thread), or straight to the store. */
export interface PhotoWriter {
  /** Settles once the change is committed. */
  writePhoto(write: PhotoWrite): Promise<PhotoWriteOutcome>;
  /**
   * A create answers "exists" for a photo announced before within its own round trip (PostgreSQL's
   * `photo_announce`), so reading the photo first would only add one. Where it does not (a writer
   * thread, which queues every change behind the reports), the announce reads first, so that a
   * repeated announce does not queue.
   */
  readonly createAnswersExisting: boolean;
}

/**
 * Writes on the calling thread: PostgreSQL, SQLite in memory, the demo. On PostgreSQL each change
 * is one statement and needs no transaction of its own: a create is `photo_announce`, which takes
 * its uploader's quota lock before it reads the quota.
 */
export function directPhotoWriter(store: Store): PhotoWriter {
  return {
    createAnswersExisting: store.dialect === 'postgres',
    writePhoto: async (write) =>
      store.dialect === 'postgres'
        ? applyOne(store, write)
        : ((await applyPhotoWrites(store, [write]))[0] as PhotoWriteOutcome),
  };
}

/**
 * Where a server's photo rows are written. SQLite in a file: through the report writer's thread
 * (its write lock, see `PhotoWrite`). PostgreSQL: straight through the pool. The writer's thread
 * there holds the chain's head through each group of reports, one process's group after another's,
 * and a photo row needs nothing of it: in the kz protocol window every announce and every finished
 * upload waited behind the report groups of all processes (issue 23).
 */
export function photoWriterFor(store: Store, reportWriter: PhotoWriter): PhotoWriter {
  return store.dialect === 'postgres' ? directPhotoWriter(store) : reportWriter;
}

/**
 * Photo row changes in one transaction (one flush to disk for all of them), in order. A create
 * checks the uploader's daily quota within the transaction, so two uploads at once cannot both
 * take its last place.
 */
export function applyPhotoWrites(store: Store, writes: readonly PhotoWrite[]): Promise<PhotoWriteOutcome[]> {
  return store.transaction((tx) => applyPhotoWritesIn(tx, writes));
}

/** The same within the caller's transaction `tx` (the report writer's, with a group of reports). */
export async function applyPhotoWritesIn(tx: Store, writes: readonly PhotoWrite[]): Promise<PhotoWriteOutcome[]> {
  const outcomes: PhotoWriteOutcome[] = [];
  for (const write of writes) outcomes.push(await applyOne(tx, write));
  return outcomes;
}

async function applyOne(tx: Store, write: PhotoWrite): Promise<PhotoWriteOutcome> {
  switch (write.op) {
    case 'create':
      return tx.reports.createPhotoWithinQuota(
        { sha256: write.sha256, sizeBytes: write.sizeBytes, uploadedBy: write.uploadedBy, at: write.at },
        write.quota,
      );
    case 'progress':
      await tx.reports.setPhotoProgress(write.sha256, write.receivedBytes, write.complete);
      return 'done';
    case 'delete':
      await tx.reports.deletePhoto(write.sha256);
      return 'done';
  }
}
