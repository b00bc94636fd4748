import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Files addressed by their SHA-256, in a folder: `blobs/ab/abcdef…` when complete, `partial/…` while
 * an upload is in progress. The interface is small so that S3-compatible storage can replace it.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  private blobPath(sha256: string): string {
    return join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  private partialPath(sha256: string): string {
    return join(this.root, 'partial', sha256);
  }

  async partialSize(sha256: string): Promise<number> {
    try {
      return (await stat(this.partialPath(sha256))).size;
    } catch {
      return 0;
    }
  }

  /** Appends a chunk at `offset` (which must be the partial file's size), streaming to disk. */
  async append(sha256: string, offset: number, chunk: Readable, maxBytes: number): Promise<number> {
    const path = this.partialPath(sha256);
    await mkdir(dirname(path), { recursive: true });
    let written = offset;
    const out = createWriteStream(path, { flags: offset === 0 ? 'w' : 'a' });
    await pipeline(
      chunk,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const piece of source) {
          written += piece.length;
          if (written > maxBytes) throw new RangeError('upload longer than announced');
          yield piece;
        }
      },
      out,
    );
    return written;
  }

  /** Hashes the partial file; moves it into place when it is what it claims to be. */
  async finalize(sha256: string): Promise<{ ok: boolean; head: Buffer }> {
    const path = this.partialPath(sha256);
    const hash = createHash('sha256');
    await pipeline(createReadStream(path), hash);
    const handle = await open(path, 'r');
    const head = Buffer.alloc(16);
    try {
      await handle.read(head, 0, 16, 0);
    } finally {
      await handle.close();
    }
    if (hash.digest('hex') !== sha256) return { ok: false, head };
    const target = this.blobPath(sha256);
    await mkdir(dirname(target), { recursive: true });
    await rename(path, target);
    return { ok: true, head };
  }

  async discard(sha256: string): Promise<void> {
    await rm(this.partialPath(sha256), { force: true });
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.blobPath(sha256), { force: true });
  }

  read(sha256: string): Readable {
    return createReadStream(this.blobPath(sha256));
  }
}
