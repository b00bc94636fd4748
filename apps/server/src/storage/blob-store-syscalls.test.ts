import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as BlobStoreModule from './blob-store.ts';

// Test files share their modules (vitest.config.ts: isolate: false), so blob-store.ts may already
// be loaded with the real file system: the counting one is mocked, and the store imported afresh
// after it, in this file only (a hoisted vi.mock would not reach a module loaded before it).
const calls = { mkdir: 0, open: 0 };
let DiskBlobStore: typeof BlobStoreModule.DiskBlobStore;
beforeAll(async () => {
  vi.doMock('node:fs/promises', async (importOriginal) => {
    const actual = await importOriginal<typeof FsPromises>();
    return {
      ...actual,
      mkdir: (...args: Parameters<typeof actual.mkdir>) => {
        calls.mkdir++;
        return actual.mkdir(...args);
      },
      open: (...args: Parameters<typeof actual.open>) => {
        calls.open++;
        return actual.open(...args);
      },
    };
  });
  vi.resetModules();
  ({ DiskBlobStore } = await import('./blob-store.ts'));
  vi.doUnmock('node:fs/promises');
  vi.resetModules();
});

/** A JPEG-looking photo whose name starts with `prefix` (its folder under blobs/). */
function photoStartingWith(prefix: string, after = -1): { bytes: Buffer; hash: string; n: number } {
  for (let n = after + 1; ; n++) {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`photo ${n} `.repeat(30_000))]);
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash.startsWith(prefix)) return { bytes, hash, n };
  }
}

/** Uploads in 64 KB pieces, as a request body arrives; returns the file system calls it took. */
async function upload(store: BlobStoreModule.DiskBlobStore, { bytes, hash }: { bytes: Buffer; hash: string }) {
  calls.mkdir = 0;
  calls.open = 0;
  const pieces = Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    })(),
  );
  expect(await store.append(hash, 0, pieces, bytes.length)).toBe(bytes.length);
  const { ok, head } = await store.finalize(hash);
  return { ok, head, mkdir: calls.mkdir, open: calls.open };
}

describe('disk blob store: file system calls per photo (issue 23)', () => {
  it('makes a folder only when it is missing, and opens the upload once to write and once to check it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pollwatch-blobs-'));
    const store = new DiskBlobStore(root);
    const first = photoStartingWith('ab');
    const second = photoStartingWith('ab', first.n);
    // The first photo makes partial/ and blobs/a…/.
    expect((await upload(store, first)).ok).toBe(true);
    // The second, of the same folder, finds both there: no mkdir; append, finalize and the folder's flush open one file each.
    const again = await upload(store, second);
    expect(again).toMatchObject({ ok: true, mkdir: 0, open: 3 });
    expect(again.head.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(readFileSync(join(root, 'blobs', second.hash.slice(0, 2), second.hash))).toEqual(second.bytes);
  });

  it('makes the folders again when they were removed meanwhile', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pollwatch-blobs-'));
    const store = new DiskBlobStore(root);
    const photo = photoStartingWith('cd');
    expect((await upload(store, photo)).ok).toBe(true);
    rmSync(join(root, 'blobs'), { recursive: true });
    rmSync(join(root, 'partial'), { recursive: true });
    expect(await upload(store, photo)).toMatchObject({ ok: true, mkdir: 2 });
    expect(readFileSync(join(root, 'blobs', photo.hash.slice(0, 2), photo.hash))).toEqual(photo.bytes);
  });
});
