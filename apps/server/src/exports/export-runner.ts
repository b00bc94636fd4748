import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { EXPORT_HEARTBEAT_MS, EXPORT_KEEP_MS, EXPORT_MAX_ATTEMPTS, EXPORT_STALE_MS } from '@pollwatch/core';
import type { Broadcast, Store, StoredExportJob } from '@pollwatch/db';
import type { BlobStore } from '../storage/blob-store.ts';
import { PollingJobRunner } from '../workers/polling-job-runner.ts';
import { type ExportContext, writePhotosExport, writeReportsExport, youngCollection } from './export-writers.ts';

export interface ExportRunnerOptions {
  /** How often the queue is looked at when nothing woke the runner (another process's jobs). */
  pollMs?: number;
  /** How often expired files and stale jobs are swept. */
  sweepMs?: number;
  /** How long a finished file is kept. */
  keepMs?: number;
}

class Stopped extends Error {}

/**
 * A finished file read for its download. Each 64 KB chunk is garbage once the socket has sent it,
 * but a Buffer's memory comes back only when V8 collects its young generation, which a download
 * (almost nothing allocated on V8's heap) fills rarely: 32-34 MB of sent chunks were waiting at
 * the server's peak while a million-row export was downloaded. A young collection (a millisecond
 * or two) every 4 MB read keeps that near 6 MB.
 */
class CollectingReadStream extends (ReadStream as unknown as new (path: string) => ReadStream) {
  private sinceCollection = 0;

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk instanceof Buffer) {
      this.sinceCollection += chunk.length;
      if (this.sinceCollection >= 4 * 1024 * 1024) {
        this.sinceCollection = 0;
        youngCollection();
      }
    }
    return super.push(chunk, encoding);
  }
}

/**
 * Runs queued export jobs, one at a time per server process, into `<dataDir>/exports`: the file is
 * written as `<id>.<ext>.part` and renamed when complete, so a download never sees half a file and
 * a cancelled or failed run leaves nothing behind. The job row is the truth: a runner beats while it
 * writes; a job whose runner stopped beating (the server crashed or restarted) is queued again and
 * starts over from its first row, by this process or any other on the same database.
 */
export class ExportRunner {
  private readonly dir: string;
  private readonly controllers = new Map<string, AbortController>();
  private readonly jobs: PollingJobRunner;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly sweepMs: number;
  private readonly keepMs: number;
  /** Tells the other server processes (PostgreSQL: NOTIFY) that a job was queued. */
  private readonly queue: Broadcast | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** Told of a failed run (the server logs the error's name and the job id, never row data). */
  onError?: (error: unknown) => void;

  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    dataDir: string,
    private readonly now: () => Date,
    options: ExportRunnerOptions = {},
  ) {
    this.dir = join(dataDir, 'exports');
    // a failed claim (database away, schema not migrated yet) waits for the next poll
    this.jobs = new PollingJobRunner({
      pollMs: options.pollMs ?? 5_000,
      staleMs: EXPORT_STALE_MS,
      now,
      catchUp: true,
      pass: () => this.drain(),
      onError: (error) => this.onError?.(error),
    });
    this.sweepMs = options.sweepMs ?? 60_000;
    this.keepMs = options.keepMs ?? EXPORT_KEEP_MS;
    this.queue = store.broadcast?.('export_jobs');
  }

  get id(): string {
    return this.jobs.id;
  }

  fileOf(job: Pick<StoredExportJob, 'id' | 'format'>): string {
    return join(this.dir, `${job.id}.${job.format}`);
  }

  open(job: Pick<StoredExportJob, 'id' | 'format' | 'fileSha256'>): Readable {
    // In the shared store (BLOB_STORE=database or s3): whichever process or host wrote it.
    if (job.fileSha256) return this.openShared(job.fileSha256);
    return new CollectingReadStream(this.fileOf(job));
  }

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // A server that is up before its schema (/readyz says 503 until migrated) must still start;
    // the periodic sweep tries again.
    await this.sweep().catch((error: unknown) => this.onError?.(error));
    this.sweepTimer = setInterval(() => {
      this.sweep().catch(() => undefined);
    }, this.sweepMs);
    this.sweepTimer.unref();
    // A job queued on another process is looked at at once, not at the next poll.
    // (Without it, polling still finds the job.)
    this.unlisten = await this.queue?.subscribe(() => this.wake()).catch(() => undefined);
    this.jobs.start();
  }

  /** Stops taking jobs; a job being written is put back in the queue for the next start. */
  async stop(): Promise<void> {
    const stopped = this.jobs.stop();
    clearInterval(this.sweepTimer);
    for (const c of this.controllers.values()) c.abort(new Stopped());
    await stopped;
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** A job was just queued: this process looks at once, and so do the others that run jobs. */
  queued(): void {
    this.wake();
    this.queue?.publish('queued').catch(() => undefined);
  }

  /** Look at the queue now. */
  wake(): void {
    this.jobs.wake();
  }

  /** Stops a job this process is writing (the row is already cancelled); its partial file goes. */
  cancel(id: string): void {
    this.controllers.get(id)?.abort(new Error('cancelled'));
  }

  /** Resolves when no job is being written and none is queued for this runner to take. */
  async idle(): Promise<void> {
    await this.jobs.idle();
  }

  private async drain(): Promise<void> {
    // A job whose process stopped beating (crashed) is taken over here, not only by the sweep.
    await this.jobs.claimEach(
      (runner, now, staleBefore) => this.store.exports.claimNext(runner, now, staleBefore),
      async (job) => {
        await this.run(job);
        return !this.jobs.stopping;
      },
    );
  }

  private async run(job: StoredExportJob): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    const file = this.fileOf(job);
    const part = `${file}.part`;
    let lastBeat = 0;
    const ctx: ExportContext = {
      signal: controller.signal,
      progress: async (rowsDone, rowsTotal) => {
        const at = Date.now();
        if (at - lastBeat < Math.min(EXPORT_HEARTBEAT_MS, 1000) && rowsDone < rowsTotal) return;
        lastBeat = at;
        const mine = await this.store.exports.beat(job.id, this.id, { rowsDone, rowsTotal }, this.now());
        if (!mine) controller.abort(new Error('cancelled'));
      },
    };
    const out = createWriteStream(part);
    try {
      const rows =
        job.kind === 'photos'
          ? await writePhotosExport(this.store, this.blobs, job, out, ctx)
          : await writeReportsExport(this.store, job, out, ctx);
      if (!out.writableFinished) await finished(out);
      controller.signal.throwIfAborted();
      const { size } = await stat(part);
      await rename(part, file);
      // Several processes or hosts (BLOB_STORE=database or s3): the file goes to the shared store.
      const fileSha256 = this.blobs.shared ? await this.share(file, size) : undefined;
      const done = await this.store.exports.finish(
        job.id,
        this.id,
        { rowsDone: rows, sizeBytes: size, ...(fileSha256 ? { fileSha256 } : {}) },
        this.now(),
        this.keepMs,
      );
      // cancelled between the last page and now: the file goes too
      if (!done) {
        await rm(file, { force: true });
        if (fileSha256) await this.blobs.remove(fileSha256);
      }
    } catch (error) {
      out.destroy();
      await finished(out).catch(() => undefined);
      await rm(part, { force: true });
      await rm(file, { force: true });
      const reason = controller.signal.reason;
      if (reason instanceof Stopped) {
        await this.store.exports.fail(job.id, this.id, 'interrupted', true, this.now());
      } else if (!controller.signal.aborted) {
        // an error code only: messages may quote data
        this.onError?.(error);
        await this.store.exports.fail(job.id, this.id, 'export_failed', job.attempts < EXPORT_MAX_ATTEMPTS, this.now());
      }
    } finally {
      this.controllers.delete(job.id);
    }
  }

  /** Like a file's read stream: 'open' once the file is known to be there, else 'error'. */
  private openShared(sha256: string): Readable {
    const out = new PassThrough();
    this.blobs.exists(sha256).then(
      (there) => {
        if (!there) {
          out.destroy(Object.assign(new Error('export file is gone'), { code: 'ENOENT' }));
          return;
        }
        out.emit('open');
        pipeline(this.blobs.read(sha256), out).catch(() => undefined);
      },
      (error) => out.destroy(error),
    );
    return out;
  }

  /** Copies a finished file into the shared blob store (streamed), then drops the local copy. */
  private async share(file: string, size: number): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    const sha256 = hash.digest('hex');
    const { done } = await this.blobs.write(sha256, 0, createReadStream(file), size);
    if (!done?.ok) throw new Error('export file changed while being stored');
    await rm(file, { force: true });
    return sha256;
  }

  /**
   * Jobs whose runner stopped beating go back to the queue; files past their keeping time are
   * deleted (the row stays, as expired); any file in the folder that no job keeps (a partial file
   * left by a crash, an expired one) is deleted.
   */
  async sweep(): Promise<void> {
    const now = this.now();
    const requeued = await this.store.exports.requeueStale(new Date(now.getTime() - EXPORT_STALE_MS));
    for (const id of await this.store.exports.expiredBefore(now)) {
      const sha256 = (await this.store.exports.find(id))?.fileSha256;
      if (sha256) await this.blobs.remove(sha256);
      await this.store.exports.markExpired(id);
    }
    let names: string[] = [];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const idOf = (name: string) => name.split('.')[0] ?? '';
    const kept = await this.store.exports.keptIds(
      [...new Set(names.map(idOf))].filter((id) => /^[0-9a-f-]{36}$/.test(id)),
    );
    for (const name of names) {
      const id = idOf(name);
      if (this.controllers.has(id)) continue;
      // a job that is neither done nor running (here or in another process) keeps no file
      if (!kept.has(id)) await rm(join(this.dir, name), { force: true });
    }
    if (requeued > 0) this.wake();
  }
}
