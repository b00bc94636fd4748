import type { Worker } from 'node:worker_threads';
import type { Store } from '@pollwatch/db';
import { startTsWorker } from '../workers/ts-worker.ts';
import { type BatchOutcome, type PreparedReport, writeReportBatch } from './report-batch.ts';

/** Where ingest's batches are written: in this thread, or on a writer thread of its own. */
export interface ReportWriter {
  /** Gets ready before the first report (a writer thread takes a moment to start). */
  start(): Promise<void>;
  write(batch: readonly PreparedReport[]): Promise<BatchOutcome[]>;
  close(): Promise<void>;
}

/** PostgreSQL (its commits wait on the network, not on this thread) and SQLite in memory. */
export class InProcessReportWriter implements ReportWriter {
  constructor(private readonly store: Store) {}

  async start(): Promise<void> {}

  write(batch: readonly PreparedReport[]): Promise<BatchOutcome[]> {
    return writeReportBatch(this.store, batch);
  }

  async close(): Promise<void> {}
}

export interface WriterRequest {
  id: number;
  batch: readonly PreparedReport[];
}

/** Id 0 answers the start: the thread has loaded its code and opened its connection. */
export type WriterResponse = { id: number; outcomes: BatchOutcome[] } | { id: number; error: string };

/**
 * SQLite in a file. better-sqlite3 is synchronous: a commit with synchronous=FULL waits for the
 * disk's flush on the calling thread, and on the request thread that stalled every request for
 * milliseconds per batch. Here the writes and the flush run on a thread with its own connection
 * (WAL lets the request thread keep reading), while the request thread gathers the next batch.
 */
export class WorkerReportWriter implements ReportWriter {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (o: BatchOutcome[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly sqliteFile: string) {}

  /** Loading the writer's code takes a second or more: done when the server starts, not on the first report. */
  async start(): Promise<void> {
    this.started();
    await this.ready;
  }

  write(batch: readonly PreparedReport[]): Promise<BatchOutcome[]> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, batch } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startTsWorker(new URL('./report-writer.worker.ts', import.meta.url), {
      sqliteFile: this.sqliteFile,
    });
    // The HTTP server keeps the process alive; an idle writer must not.
    worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.waiting.set(0, { resolve: () => resolve(), reject });
    });
    // Whoever waits for the start hears of a failure from it; nobody else must see it unhandled.
    this.ready.catch(() => {});
    worker.on('message', (response: WriterResponse) => {
      const waiter = this.waiting.get(response.id);
      if (!waiter) return;
      this.waiting.delete(response.id);
      if ('error' in response) waiter.reject(new Error(`report writer: ${response.error}`));
      else waiter.resolve(response.outcomes);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = undefined;
      }
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    // A writer that stops is started again by the next batch; what it held was not acknowledged.
    worker.on('exit', (code) => fail(new Error(`report writer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

/** The writer a store needs: its own thread for SQLite in a file. */
export function reportWriterFor(store: Store): ReportWriter {
  const sqliteFile = store.connection?.sqliteFile;
  return sqliteFile && store.dialect === 'sqlite'
    ? new WorkerReportWriter(sqliteFile)
    : new InProcessReportWriter(store);
}
