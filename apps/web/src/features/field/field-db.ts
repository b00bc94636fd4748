import type { FieldPack, FollowUpDto, UserDto } from '@pollwatch/core';
import type { OutboxEntry, StoredPhoto } from './outbox-model.ts';

/**
 * The field app's data on the device, in IndexedDB (raw API, no library): the offline pack, the
 * outbox of report revisions and the photos. Nothing here is ever deleted by the app before the
 * server has acknowledged it; reports stay as the observer's own record.
 */

const DB_NAME = 'pollwatch-field';
const DB_VERSION = 1;
const OUTBOX = 'outbox';
const PHOTOS = 'photos';
const META = 'meta';

export interface CachedPack {
  userId: string;
  pack: FieldPack;
  fetchedAt: string;
  /** The HQ's follow-up requests on the observer's reports, fetched with the pack (absent in older caches). */
  followUps?: FollowUpDto[];
}

let opening: Promise<IDBDatabase> | null = null;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export function openFieldDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OUTBOX)) {
        const outbox = db.createObjectStore(OUTBOX, { keyPath: 'key' });
        outbox.createIndex('byUser', 'userId');
      }
      if (!db.objectStoreNames.contains(PHOTOS)) db.createObjectStore(PHOTOS, { keyPath: 'sha256' });
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error);
    };
  });
  return opening;
}

async function read<T>(store: string, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openFieldDb();
  return promised(fn(db.transaction(store, 'readonly').objectStore(store)));
}

async function write(store: string, fn: (s: IDBObjectStore) => void): Promise<void> {
  const db = await openFieldDb();
  const tx = db.transaction(store, 'readwrite');
  fn(tx.objectStore(store));
  await done(tx);
}

export const fieldDb = {
  outboxOf: (userId: string) =>
    read<OutboxEntry[]>(OUTBOX, (s) => s.index('byUser').getAll(IDBKeyRange.only(userId)) as IDBRequest<OutboxEntry[]>),
  putEntry: (entry: OutboxEntry) => write(OUTBOX, (s) => s.put(entry)),
  putEntries: (entries: OutboxEntry[]) =>
    write(OUTBOX, (s) => {
      for (const e of entries) s.put(e);
    }),

  photo: (sha256: string) => read<StoredPhoto | undefined>(PHOTOS, (s) => s.get(sha256)),
  /** Photos without their bytes, for lists and the upload queue. */
  photos: () => read<StoredPhoto[]>(PHOTOS, (s) => s.getAll() as IDBRequest<StoredPhoto[]>),
  putPhoto: (photo: StoredPhoto) => write(PHOTOS, (s) => s.put(photo)),

  pack: (userId: string) => read<CachedPack | undefined>(META, (s) => s.get(`pack:${userId}`)),
  putPack: (cached: CachedPack) => write(META, (s) => s.put(cached, `pack:${cached.userId}`)),
  /** The observer last signed in on this device: the app opens offline for them. */
  lastUser: () => read<UserDto | undefined>(META, (s) => s.get('user')),
  putLastUser: (user: UserDto) => write(META, (s) => s.put(user, 'user')),
};
