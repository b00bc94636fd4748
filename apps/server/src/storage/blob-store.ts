import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Store } from '@pollwatch/db';
import { S3BlobStore, type S3Config, s3ConfigFromEnv } from './s3-blob-store.ts';
import { appendThenFinalize, type BlobWrite, tooLong, writeSmallWhole } from './whole-upload.ts';

export type { BlobWrite } from './whole-upload.ts';

/**
 * Files addressed by their SHA-256 (photos, export files): written by a resumable upload (`append`
 * at the size already kept, then `finalize`, which checks the hash), read as a stream. Three
 * implementations pass the same contract test (`blob-store.test.ts`): a folder on this host's disk,
 * and two that every process on every host shares (issue 23): the database itself, and an
 * S3-compatible object store.
 */
export interface BlobStore {
  /** Every process on every host sees the same files (database, S3), not only this host. */
  readonly shared: boolean;
  /** Whether a complete file is there. */
  exists(sha256: string): Promise<boolean>;
  /** Bytes of an upload in progress kept so far (0 when none). */
  partialSize(sha256: string): Promise<number>;
  /** Appends a chunk at `offset` (the partial size; 0 starts over), streaming; returns the new size. */
  append(sha256: string, offset: number, chunk: Readable, maxBytes: number): Promise<number>;
  /** Hashes the upload; makes it the complete file when it is what it claims to be. */
  finalize(sha256: string): Promise<{ ok: boolean; head: Buffer }>;
  /**
   * What one upload request does: `append` at `offset`, then `finalize` once `size` bytes are
   * kept. The database and S3 stores keep a small file sent whole from its start in one step.
   */
  write(sha256: string, offset: number, body: Readable, size: number): Promise<BlobWrite>;
  /** Forgets an upload in progress. */
  discard(sha256: string): Promise<void>;
  /** Deletes a complete file. */
  remove(sha256: string): Promise<void>;
  /** The complete file; the stream errors with code ENOENT when there is none. */
  read(sha256: string): Readable;
}

export type BlobStoreKind = 'disk' | 'database' | 's3';

/** `BLOB_STORE=disk|database|s3`; disk unless said otherwise. */
export function blobStoreKind(value: string | undefined): BlobStoreKind {
  if (value === undefined || value === '' || value === 'disk') return 'disk';
  if (value === 'database' || value === 's3') return value;
  throw new Error(`BLOB_STORE must be disk, database or s3, got "${value}"`);
}

/**
 * The configured store: the data folder's `blobs/`, the database's `blob_chunks`, or an
 * S3-compatible bucket (`S3_*`, read from the environment when not given).
 */
export function createBlobStore(
  store: Store,
  dataDir: string,
  kind: BlobStoreKind = blobStoreKind(process.env.BLOB_STORE),
  s3: S3Config | undefined = kind === 's3' ? s3ConfigFromEnv(process.env) : undefined,
): BlobStore {
  if (kind === 's3') {
    if (!s3) throw new Error('BLOB_STORE=s3 needs the S3_* settings');
    return new S3BlobStore(s3);
  }
  return kind === 'database' ? new DatabaseBlobStore(store) : new DiskBlobStore(dataDir);
}

/** Bytes gathered before one write to a disk file, and read at a time when hashing one. */
const WRITE_BYTES = 256 * 1024;
const READ_BYTES = 256 * 1024;

/** Writes every byte of `pieces` at the handle's position (a write may take fewer than asked). */
async function writeAll(handle: FileHandle, pieces: Buffer[]): Promise<void> {
  let rest = pieces;
  while (rest.length > 0) {
    let { bytesWritten } = await handle.writev(rest);
    const left: Buffer[] = [];
    for (const piece of rest) {
      if (bytesWritten >= piece.length) bytesWritten -= piece.length;
      else {
        left.push(piece.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    rest = left;
  }
}

/** Largest chunk row: big enough that a 15 MB photo is ~60 rows, small enough to stream. */
export const BLOB_CHUNK_BYTES = 256 * 1024;
/** Chunks read at a time: at most 1 MB held, and a photo's few chunks in one round trip. */
const CHUNKS_PER_READ = 4;

/** PostgreSQL hashes an upload this size or smaller itself (all of it in one buffer): photos, not exports. */
export const HASH_IN_DATABASE_UP_TO = 16 * 1024 * 1024;

/**
 * In the database (`blob_chunks`): an upload is a run of chunk rows, each inserted as it fills, and
 * a read fetches one chunk at a time as the reader asks for it.
 */
export class DatabaseBlobStore implements BlobStore {
  readonly shared = true;
  constructor(
    private readonly store: Store,
    private readonly hashInDatabaseUpTo = HASH_IN_DATABASE_UP_TO,
  ) {}

  exists(sha256: string): Promise<boolean> {
    return this.store.blobs.exists(sha256);
  }

  async partialSize(sha256: string): Promise<number> {
    return (await this.store.blobs.extent(sha256, 'partial')).size;
  }

  async append(sha256: string, offset: number, chunk: Readable, maxBytes: number): Promise<number> {
    const repo = this.store.blobs;
    let seq = 0;
    // From the start: no chunk to count, and what an earlier attempt kept goes with the first
    // chunk's write (PostgreSQL: one statement; issue 23, a round trip fewer per photo).
    let restart = offset === 0;
    if (restart && repo.dialect !== 'postgres') {
      await repo.drop(sha256, 'partial');
      restart = false;
    } else if (!restart) seq = (await repo.extent(sha256, 'partial')).chunks;
    let written = offset;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const data = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await put(data);
    };
    const put = async (data: Buffer) => {
      if (restart) {
        restart = false;
        await repo.restartPartial(sha256, data);
        seq = 1;
      } else await repo.putChunk(sha256, 'partial', seq++, data);
    };
    for await (const piece of chunk as AsyncIterable<Buffer>) {
      written += piece.length;
      tooLong(written, maxBytes);
      let rest = piece;
      while (rest.length > 0) {
        const take = Math.min(rest.length, BLOB_CHUNK_BYTES - pendingBytes);
        pending.push(rest.subarray(0, take));
        pendingBytes += take;
        rest = rest.subarray(take);
        if (pendingBytes === BLOB_CHUNK_BYTES) await flush();
      }
    }
    await flush();
    // An empty file still has one (empty) chunk, so that it exists.
    if (seq === 0) await put(Buffer.alloc(0));
    return written;
  }

  /** A photo sent whole in one request and one chunk: one statement, no partial row to promote. */
  write(sha256: string, offset: number, body: Readable, size: number): Promise<BlobWrite> {
    return writeSmallWhole(this, sha256, offset, body, size, BLOB_CHUNK_BYTES, (data) =>
      this.store.blobs.keepWhole(sha256, data),
    );
  }

  async finalize(sha256: string): Promise<{ ok: boolean; head: Buffer }> {
    // PostgreSQL hashes and promotes a photo-sized file in one round trip, the bytes staying where
    // they are; a bigger one (an export, an import) is streamed here to be hashed.
    if (this.store.blobs.dialect === 'postgres') {
      const done = await this.store.blobs.finalizeInDatabase(sha256, this.hashInDatabaseUpTo);
      if (done) return done;
    }
    const hash = createHash('sha256');
    const heads: Buffer[] = [];
    let headBytes = 0;
    for await (const piece of this.chunks(sha256, 'partial')) {
      hash.update(piece);
      if (headBytes < 16) {
        heads.push(piece.subarray(0, 16 - headBytes));
        headBytes += Math.min(piece.length, 16 - headBytes);
      }
    }
    const head = Buffer.alloc(16);
    Buffer.concat(heads).copy(head);
    if (hash.digest('hex') !== sha256) return { ok: false, head };
    // One transaction: readers see the whole file or none of it.
    await this.store.blobs.promote(sha256);
    return { ok: true, head };
  }

  async discard(sha256: string): Promise<void> {
    await this.store.blobs.drop(sha256, 'partial');
  }

  async remove(sha256: string): Promise<void> {
    await this.store.blobs.drop(sha256, 'complete');
  }

  read(sha256: string): Readable {
    const chunks = this.chunks(sha256, 'complete');
    return Readable.from(
      (async function* () {
        let any = false;
        for await (const piece of chunks) {
          any = true;
          yield piece;
        }
        if (!any) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      })(),
      { objectMode: false },
    );
  }

  /** The chunks in order, a few per query (a photo of a few hundred KB: one query). */
  private async *chunks(sha256: string, state: 'partial' | 'complete'): AsyncGenerator<Buffer> {
    for (let seq = 0; ; ) {
      const pieces = await this.store.blobs.chunks(sha256, state, seq, CHUNKS_PER_READ);
      yield* pieces;
      if (pieces.length < CHUNKS_PER_READ) return;
      seq += pieces.length;
    }
  }
}

/**
 * Files addressed by their SHA-256, in a folder: `blobs/ab/abcdef…` when complete, `partial/…` while
 * an upload is in progress.
 */
export class DiskBlobStore implements BlobStore {
  readonly shared = false;
  constructor(private readonly root: string) {}

  async exists(sha256: string): Promise<boolean> {
    return stat(this.blobPath(sha256)).then(
      (found) => found.isFile(),
      () => false,
    );
  }

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

  /**
   * Appends a chunk at `offset` (which must be the partial file's size), streaming to disk. Written
   * through a file handle rather than a stream pipeline: the pipeline's abort signal, events and
   * buffering cost the request thread more than the writes themselves (issue 23).
   */
  async append(sha256: string, offset: number, chunk: Readable, maxBytes: number): Promise<number> {
    // Personal photos: readable by the server's account only.
    const handle = await this.openIn(this.partialPath(sha256), offset === 0 ? 'w' : 'a', 0o600);
    let written = offset;
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const piece of chunk as AsyncIterable<Buffer>) {
        written += piece.length;
        tooLong(written, maxBytes);
        pending.push(piece);
        pendingBytes += piece.length;
        // A few pieces per write: a body arrives in pieces of 16-64 KB.
        if (pendingBytes >= WRITE_BYTES) {
          await writeAll(handle, pending);
          pending = [];
          pendingBytes = 0;
        }
      }
      if (pendingBytes > 0) await writeAll(handle, pending);
    } finally {
      await handle.close();
    }
    return written;
  }

  /** On disk the bytes are written once and read back to be hashed and flushed (`finalize`). */
  write(sha256: string, offset: number, body: Readable, size: number): Promise<BlobWrite> {
    return appendThenFinalize(this, sha256, offset, body, size);
  }

  /**
   * Hashes the partial file; moves it into place when it is what it claims to be. One handle reads,
   * hashes and flushes it (issue 23: a second open, a stream and a read of the head cost the request
   * thread as much as the hashing).
   */
  async finalize(sha256: string): Promise<{ ok: boolean; head: Buffer }> {
    const path = this.partialPath(sha256);
    const hash = createHash('sha256');
    const head = Buffer.alloc(16);
    const handle = await open(path, 'r+');
    try {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      for (let at = 0; ; ) {
        const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, at);
        if (bytesRead === 0) break;
        if (at < 16) buffer.copy(head, at, 0, Math.min(bytesRead, 16 - at));
        hash.update(buffer.subarray(0, bytesRead));
        at += bytesRead;
      }
      if (hash.digest('hex') !== sha256) return { ok: false, head };
      // On disk before anyone is told it is complete: a power cut must not leave a "complete"
      // photo of zeros.
      await this.flush(handle);
    } finally {
      await handle.close();
    }
    const target = this.blobPath(sha256);
    await this.inFolder(target, () => rename(path, target));
    await this.flushFolder(dirname(target));
    return { ok: true, head };
  }

  /**
   * Opens a file in a folder that may not exist yet: the folder is made on the first ENOENT only,
   * not before every write (one mkdir per photo and folder was a syscall each on the request
   * thread's behalf, issue 23).
   */
  private openIn(path: string, flags: string, mode: number): Promise<FileHandle> {
    return this.inFolder(path, () => open(path, flags, mode));
  }

  /** Runs `act` on `path`; when its folder is missing, makes it (private: 0700) and runs it again. */
  private async inFolder<T>(path: string, act: () => Promise<T>): Promise<T> {
    try {
      return await act();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      return act();
    }
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
