import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
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
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    let written = offset;
    // Personal photos: readable by the server's account only.
    const out = createWriteStream(path, { flags: offset === 0 ? 'w' : 'a', mode: 0o600 });
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
    const handle = await open(path, 'r+');
    const head = Buffer.alloc(16);
    try {
      await handle.read(head, 0, 16, 0);
      if (hash.digest('hex') !== sha256) return { ok: false, head };
      // On disk before anyone is told it is complete: a power cut must not leave a "complete"
      // photo of zeros.
      await this.flush(handle);
    } finally {
      await handle.close();
    }
    const target = this.blobPath(sha256);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await rename(path, target);
    await this.flushFolder(dirname(target));
    return { ok: true, head };
  }

  /** fsync: the bytes are on the disk, not in the page cache. */
  protected async flush(handle: FileHandle): Promise<void> {
    await handle.sync();
  }

  /** fsync of a folder: the rename into it survives a crash. Not every platform allows it. */
  protected async flushFolder(path: string): Promise<void> {
    const folder = await open(path, 'r').catch(() => undefined);
    if (!folder) return;
    try {
      await folder.sync();
    } catch {
      // Windows cannot fsync a folder.
    } finally {
      await folder.close();
    }
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
