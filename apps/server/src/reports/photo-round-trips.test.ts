import { Readable } from 'node:stream';
import { Store } from '@pollwatch/db';
import { countingStore, createTestObserver, describeEachDialect } from '@pollwatch/db/testing';
import { expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { DatabaseBlobStore } from '../storage/blob-store.ts';
import { jpeg, sha256 } from '../testing/two-regions-fixture.ts';
import { PhotosService } from './photos.service.ts';

// Issue 23: in the kz protocol window every protocol brings a photo, announced and then sent in one
// request; with the photos in PostgreSQL each statement is a round trip costing the backend and
// the server. Counted here (the statements the server sends; a transaction's BEGIN and COMMIT are
// not seen by the counter): an announce is one call that locks the quota, answers "announced
// before" or takes the quota and inserts (was 3 and BEGIN, COMMIT: the read, the quota lock, the
// insert); a first upload in one request of at most one chunk (a protocol's photo) is the row,
// the file kept whole in one statement with whatever an earlier attempt kept cleared (hashed by
// the server as it arrived, so there is no partial chunk for the database to hash and promote:
// two statements more before) and the row's completion (8 before this issue). The same answers and bytes on both dialects.

describeEachDialect('photo round trips (issue 23)', (db, dialect) => {
  const now = new Date('2026-12-06T15:00:00.000Z');

  async function setup() {
    const plain = Store.over(db());
    const { store, statements } = countingStore(db());
    const id = await createTestObserver(plain, now);
    const user = await plain.users.findById(id);
    if (!user) throw new Error('no user');
    const actor: Actor = { user, audited: false };
    const blobs = new DatabaseBlobStore(store);
    const photos = new PhotosService(store, blobs, () => now);
    return {
      actor,
      photos,
      blobs,
      store,
      counted: async <T>(work: () => Promise<T>) => {
        const before = statements.length;
        const result = await work();
        return { result, statements: statements.length - before };
      },
    };
  }

  it('announces in 1 statement and finishes a one-request upload in 3 (PostgreSQL), same bytes on both', async () => {
    const s = await setup();
    const bytes = jpeg(7);
    const hash = sha256(bytes);
    const announce = await s.counted(() => s.photos.begin(s.actor, hash, bytes.length));
    expect(announce.result).toEqual({ sha256: hash, sizeBytes: bytes.length, receivedBytes: 0, complete: false });
    const upload = await s.counted(() => s.photos.append(s.actor, hash, 0, Readable.from([bytes])));
    expect(upload.result).toMatchObject({ complete: true, receivedBytes: bytes.length });
    if (dialect === 'postgres') {
      expect(announce.statements).toBe(1);
      expect(upload.statements).toBe(3);
    }
    const read: Buffer[] = [];
    for await (const piece of s.blobs.read(hash)) read.push(piece as Buffer);
    expect(Buffer.concat(read).equals(bytes)).toBe(true);
    // Announced again: the same answer, nothing new; with another size, a conflict.
    expect(await s.photos.begin(s.actor, hash, bytes.length)).toMatchObject({ complete: true });
    await expect(s.photos.begin(s.actor, hash, bytes.length + 1)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('starts over from offset 0 after an earlier attempt kept more chunks than the new one', async () => {
    const s = await setup();
    const bytes = jpeg(5);
    const hash = sha256(bytes);
    await s.photos.begin(s.actor, hash, bytes.length);
    // An earlier attempt's leftovers, never recorded on the row (a crash between the two).
    await s.blobs.append(hash, 0, Readable.from([Buffer.alloc(10, 1)]), bytes.length);
    await s.store.blobs.putChunk(hash, 'partial', 1, Buffer.alloc(10, 2));
    const upload = await s.photos.append(s.actor, hash, 0, Readable.from([bytes]));
    expect(upload).toMatchObject({ complete: true, receivedBytes: bytes.length });
    const read: Buffer[] = [];
    for await (const piece of s.blobs.read(hash)) read.push(piece as Buffer);
    expect(Buffer.concat(read).equals(bytes)).toBe(true);
  });

  it('refuses bytes that do not hash to the name, keeping nothing readable', async () => {
    const s = await setup();
    const bytes = jpeg(8);
    const hash = sha256(jpeg(9));
    await s.photos.begin(s.actor, hash, bytes.length);
    await expect(s.photos.append(s.actor, hash, 0, Readable.from([bytes]))).rejects.toMatchObject({
      code: 'photo_mismatch',
    });
    expect(await s.blobs.exists(hash)).toBe(false);
    expect(await s.blobs.partialSize(hash)).toBe(0);
  });
});
