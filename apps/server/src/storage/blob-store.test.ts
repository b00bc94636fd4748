import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Store } from '@pollwatch/db';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_CHUNK_BYTES, type BlobStore, DatabaseBlobStore, DiskBlobStore } from './blob-store.ts';
import { type FakeS3, startFakeS3 } from './fake-s3-server.ts';
import { objectUrl, S3BlobStore, type S3Config } from './s3-blob-store.ts';

class RecordingStore extends DiskBlobStore {
  readonly calls: string[] = [];
  protected override async flush(handle: FileHandle): Promise<void> {
    this.calls.push('flush');
    await super.flush(handle);
  }
}

describe('blob store (issue 21)', () => {
  it('flushes a finished upload to disk before calling it complete, and keeps files private (0600)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pollwatch-blobs-'));
    const store = new RecordingStore(root);
    const bytes = Buffer.from('\xff\xd8\xff private photo bytes', 'latin1');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.append(hash, 0, Readable.from([bytes]), bytes.length);
    expect(store.calls).toEqual([]);
    const { ok } = await store.finalize(hash);
    expect(ok).toBe(true);
    expect(store.calls).toEqual(['flush']);
    const file = join(root, 'blobs', hash.slice(0, 2), hash);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(statSync(join(root, 'blobs', hash.slice(0, 2))).mode & 0o077).toBe(0);
    expect(readdirSync(join(root, 'partial'))).toEqual([]);
  });
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(store: BlobStore, hash: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of store.read(hash)) parts.push(piece as Buffer);
  return Buffer.concat(parts);
}

/** Pieces of `size` bytes, as a request body arrives. */
const body = (bytes: Buffer, size = 64 * 1024) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    })(),
  );

/** What every blob store must do (issue 23): the disk, database and S3 ones pass the same test. */
function blobStoreContract(open: () => BlobStore) {
  // A photo bigger than a few database chunks, with a JPEG start.
  const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(BLOB_CHUNK_BYTES * 2 + 12345, 7)]);
  photo.writeUInt32BE(0xdeadbeef, BLOB_CHUNK_BYTES + 3);

  it('stores an upload sent in two parts and reads it back byte for byte', async () => {
    const store = open();
    const hash = sha(photo);
    expect(await store.partialSize(hash)).toBe(0);
    const half = 300_001;
    expect(await store.append(hash, 0, body(photo.subarray(0, half)), photo.length)).toBe(half);
    expect(await store.partialSize(hash)).toBe(half);
    expect(await store.append(hash, half, body(photo.subarray(half), 70_000), photo.length)).toBe(photo.length);
    const { ok, head } = await store.finalize(hash);
    expect(ok).toBe(true);
    expect(head.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(await store.partialSize(hash)).toBe(0);
    expect(await store.exists(hash)).toBe(true);
    expect((await readAll(store, hash)).equals(photo)).toBe(true);
  });

  it('starts over when sent from offset 0 again', async () => {
    const store = open();
    const bytes = Buffer.from('the real photo');
    const hash = sha(bytes);
    await store.append(hash, 0, body(Buffer.from('garbage that was cut off')), 100);
    await store.append(hash, 0, body(bytes), 100);
    expect(await store.partialSize(hash)).toBe(bytes.length);
    expect((await store.finalize(hash)).ok).toBe(true);
    expect((await readAll(store, hash)).toString()).toBe('the real photo');
  });

  it('refuses bytes that do not match the hash: nothing readable, and discard forgets them', async () => {
    const store = open();
    const hash = sha(Buffer.from('what was promised'));
    await store.append(hash, 0, body(Buffer.from('something else')), 100);
    expect((await store.finalize(hash)).ok).toBe(false);
    expect(await store.exists(hash)).toBe(false);
    await expect(readAll(store, hash)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.discard(hash);
    expect(await store.partialSize(hash)).toBe(0);
  });

  it('stops an upload longer than announced', async () => {
    const store = open();
    const hash = sha(photo);
    await expect(store.append(hash, 0, body(photo), 1000)).rejects.toBeInstanceOf(RangeError);
  });

  it('removes a file; reading a missing file fails with ENOENT', async () => {
    const store = open();
    const bytes = Buffer.from('to be removed');
    const hash = sha(bytes);
    await store.append(hash, 0, body(bytes), 100);
    await store.finalize(hash);
    await store.remove(hash);
    await expect(readAll(store, hash)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes a small file sent whole from its start in one step: complete, readable, nothing partial left', async () => {
    const store = open();
    const bytes = Buffer.from('\xff\xd8\xff a whole small photo', 'latin1');
    const hash = sha(bytes);
    // What an earlier attempt kept goes.
    await store.append(hash, 0, body(Buffer.from('cut off')), bytes.length);
    const written = await store.write(hash, 0, body(bytes, 5), bytes.length);
    expect(written).toEqual({ received: bytes.length, done: { ok: true, head: bytes.subarray(0, 16) } });
    expect(await store.exists(hash)).toBe(true);
    expect(await store.partialSize(hash)).toBe(0);
    expect((await readAll(store, hash)).equals(bytes)).toBe(true);
    // Sent again whole (a phone that did not see the answer): the same file.
    expect((await store.write(hash, 0, body(bytes), bytes.length)).done?.ok).toBe(true);
    expect((await readAll(store, hash)).equals(bytes)).toBe(true);
  });

  it('writes nothing readable for a small file that does not hash to its name', async () => {
    const store = open();
    const hash = sha(Buffer.from('what was promised'));
    const bytes = Buffer.from('something else, same length');
    const written = await store.write(hash, 0, body(bytes), bytes.length);
    expect(written.done?.ok).toBe(false);
    expect(await store.exists(hash)).toBe(false);
    await store.discard(hash);
    expect(await store.partialSize(hash)).toBe(0);
  });

  it('keeps what arrived of a write that ended early, and completes it when resumed', async () => {
    // Bytes of their own: the S3 store's bucket outlives each test.
    for (const bytes of [Buffer.from('a photo cut off in the middle'), Buffer.concat([photo, Buffer.from('cut')])]) {
      const store = open();
      const hash = sha(bytes);
      const cut = Math.floor(bytes.length / 2);
      expect(await store.write(hash, 0, body(bytes.subarray(0, cut)), bytes.length)).toEqual({ received: cut });
      expect(await store.exists(hash)).toBe(false);
      expect(await store.partialSize(hash)).toBe(cut);
      const rest = await store.write(hash, cut, body(bytes.subarray(cut)), bytes.length);
      expect(rest).toEqual({ received: bytes.length, done: { ok: true, head: bytes.subarray(0, 16) } });
      expect((await readAll(store, hash)).equals(bytes)).toBe(true);
      expect(await store.partialSize(hash)).toBe(0);
    }
  });

  it('writes a big file sent whole, and stops a write longer than announced', async () => {
    const store = open();
    const hash = sha(photo);
    expect((await store.write(hash, 0, body(photo), photo.length)).done?.ok).toBe(true);
    expect((await readAll(store, hash)).equals(photo)).toBe(true);
    const small = Buffer.from('eleven char');
    await expect(store.write(sha(small), 0, body(small), 5)).rejects.toBeInstanceOf(RangeError);
    expect(await store.exists(sha(small))).toBe(false);
  });

  it('keeps an empty file', async () => {
    const store = open();
    const hash = sha(Buffer.alloc(0));
    await store.append(hash, 0, body(Buffer.alloc(0)), 100);
    expect((await store.finalize(hash)).ok).toBe(true);
    expect((await readAll(store, hash)).length).toBe(0);
  });
}

describe('blob store contract: disk (issue 23)', () => {
  blobStoreContract(() => new DiskBlobStore(mkdtempSync(join(tmpdir(), 'pollwatch-blobs-'))));
});

describeEachDialect('blob store contract: database (issue 23)', (db) => {
  blobStoreContract(() => new DatabaseBlobStore(Store.over(db())));

  it('keeps a large photo as chunk rows no bigger than the chunk size', async () => {
    const store = Store.over(db());
    const blobs = new DatabaseBlobStore(store);
    const bytes = Buffer.alloc(BLOB_CHUNK_BYTES * 3 + 1, 1);
    const hash = sha(bytes);
    await blobs.append(hash, 0, body(bytes, 100_000), bytes.length);
    await blobs.finalize(hash);
    const rows = await db()
      .kysely.selectFrom('blob_chunks')
      .select(['seq', 'state'])
      .where('sha256', '=', hash)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['complete']));
  });

  it('hashes and reads back a file of more chunks than one query reads, in order', async () => {
    const blobs = new DatabaseBlobStore(Store.over(db()));
    // Nine chunks (a few are read per query), each starting with its own number.
    const bytes = Buffer.alloc(BLOB_CHUNK_BYTES * 8 + 5, 3);
    for (let i = 0; i <= 8; i++) bytes.writeUInt8(i, i * BLOB_CHUNK_BYTES);
    const hash = sha(bytes);
    await blobs.append(hash, 0, body(bytes, 500_000), bytes.length);
    expect((await blobs.finalize(hash)).ok).toBe(true);
    expect((await readAll(blobs, hash)).equals(bytes)).toBe(true);
  });

  it('hashes a file bigger than PostgreSQL hashes in one buffer as it streams it (an export, not a photo)', async () => {
    // The in-database hash stops at one chunk here, so a three-chunk file takes the streaming path.
    const blobs = new DatabaseBlobStore(Store.over(db()), BLOB_CHUNK_BYTES);
    const bytes = Buffer.alloc(BLOB_CHUNK_BYTES * 2 + 7, 5);
    bytes.write('%PDF', 0);
    const hash = sha(bytes);
    await blobs.append(hash, 0, body(bytes, 300_000), bytes.length);
    const done = await blobs.finalize(hash);
    expect(done.ok).toBe(true);
    expect(done.head.subarray(0, 4).toString()).toBe('%PDF');
    expect((await readAll(blobs, hash)).equals(bytes)).toBe(true);

    const wrong = sha(Buffer.from('another file'));
    await blobs.append(wrong, 0, body(bytes, 300_000), bytes.length);
    expect((await blobs.finalize(wrong)).ok).toBe(false);
    expect(await blobs.exists(wrong)).toBe(false);
  });
});

describe('blob store contract: S3-compatible, against a local server checking SigV4 (issue 23)', () => {
  let s3: FakeS3;
  // Parts of 200 KiB (the fake's floor is lowered to match): the contract's photo goes up as a
  // multipart upload of three parts, and listings come in pages of two keys.
  const partBytes = 200 * 1024;
  const config = (): S3Config => ({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    pathStyle: true,
    prefix: 'pw/',
    partBytes,
  });
  beforeAll(async () => {
    s3 = await startFakeS3({ minPartBytes: partBytes, maxKeys: 2 });
  });
  // Every request the store makes is signed right: the only refusals are the wrong-keys test's.
  let refusedOnPurpose = 0;
  afterAll(async () => {
    expect(s3.refused).toBe(refusedOnPurpose);
    await s3.close();
  });

  blobStoreContract(() => new S3BlobStore(config()));

  it('streams a big file in parts no bigger than the part size, leaving no upload open', async () => {
    const store = new S3BlobStore(config());
    const bytes = Buffer.alloc(partBytes * 5 + 777, 3);
    bytes.writeUInt32BE(0xcafebabe, partBytes * 4);
    const hash = sha(bytes);
    s3.partSizes.length = 0;
    // Four appends, as a resumed upload would send them: four pieces, listed over two pages.
    const quarter = Math.ceil(bytes.length / 4);
    for (let at = 0; at < bytes.length; at += quarter) {
      const end = Math.min(bytes.length, at + quarter);
      expect(await store.append(hash, at, body(bytes.subarray(at, end)), bytes.length)).toBe(end);
    }
    expect(await store.partialSize(hash)).toBe(bytes.length);
    expect((await store.finalize(hash)).ok).toBe(true);
    expect(Math.max(...s3.partSizes)).toBe(partBytes);
    expect(s3.objects.get(`pw/blobs/${hash}`)?.equals(bytes)).toBe(true);
    expect([...s3.objects.keys()].filter((k) => k.startsWith('pw/partial/'))).toEqual([]);
    expect(s3.openUploads()).toBe(0);
  });

  it('never makes a big upload that fails its hash visible, and aborts its multipart upload', async () => {
    const store = new S3BlobStore(config());
    const bytes = Buffer.alloc(partBytes * 3, 9);
    const hash = sha(Buffer.from('something else'));
    await store.append(hash, 0, body(bytes), bytes.length);
    expect((await store.finalize(hash)).ok).toBe(false);
    expect(s3.objects.has(`pw/blobs/${hash}`)).toBe(false);
    expect(s3.openUploads()).toBe(0);
    await store.discard(hash);
    expect(await store.partialSize(hash)).toBe(0);
  });

  it('is refused with wrong keys, and says only the S3 error code', async () => {
    const store = new S3BlobStore({ ...config(), secretAccessKey: 'not the secret' });
    const refusedBefore = s3.refused;
    await expect(store.partialSize(sha(Buffer.from('x')))).rejects.toThrow(
      /^S3 ListObjectsV2 answered 403 SignatureDoesNotMatch$/,
    );
    refusedOnPurpose += 1;
    expect(s3.refused).toBe(refusedBefore + 1);
  });

  it('addresses objects path-style or virtual-hosted', () => {
    const base = { endpoint: 'https://storage.example.kz', bucket: 'pw-photos' };
    expect(objectUrl({ ...base, pathStyle: true }, 'blobs/ab').toString()).toBe(
      'https://storage.example.kz/pw-photos/blobs/ab',
    );
    expect(objectUrl({ ...base, pathStyle: false }, 'blobs/ab').toString()).toBe(
      'https://pw-photos.storage.example.kz/blobs/ab',
    );
    expect(objectUrl({ ...base, pathStyle: false }, '').toString()).toBe('https://pw-photos.storage.example.kz/');
  });
});
