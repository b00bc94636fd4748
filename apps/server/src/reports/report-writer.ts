import type { Worker } from 'node:worker_threads';
import type { ErrorCode, FormKind, ReportReceipt } from '@pollwatch/core';
import type { DatabaseConfig, Store } from '@pollwatch/db';
import { prepareWorker, startTsWorker } from '../workers/ts-worker.ts';
import { applyPhotoWrites, type PhotoWrite, type PhotoWriteOutcome, type PhotoWriter } from './photo-writes.ts';
import { type BatchOutcome, type Channel, type PreparedReport, writeReportBatch } from './report-batch.ts';

/**
 * Where ingest's reports are written, with group commit: every report that arrives while a
 * transaction is being written joins the next one, so a busy moment costs one flush to disk per
 * group rather than one per report. A report's promise settles once its transaction committed.
 */
export interface ReportWriter extends PhotoWriter {
  /** Writes on the request thread: prepared reports reach it as they are, not as copies. */
  readonly sameThread: boolean;
  /** Gets ready before the first report (a writer thread takes a moment to start). */
  start(): Promise<void>;
  write(report: PreparedReport): Promise<BatchOutcome>;
  close(): Promise<void>;
}

const WRITER_MODULE = new URL('./report-writer.worker.ts', import.meta.url);

/** At most this many reports share one transaction (a bulk import must not hold the lock for long). */
export const MAX_GROUP = 512;

interface Waiter {
  resolve: (outcome: BatchOutcome) => void;
  reject: (error: Error) => void;
}

/** PostgreSQL (its commits wait on the network, not on this thread) and SQLite in memory. */
export class InProcessReportWriter implements ReportWriter {
  private readonly queue: { report: PreparedReport; waiter: Waiter }[] = [];
  private draining = false;
  readonly sameThread = true;
  readonly createAnswersExisting: boolean;

  constructor(private readonly store: Store) {
    this.createAnswersExisting = store.dialect === 'postgres';
  }

  async start(): Promise<void> {}

  write(report: PreparedReport): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ report, waiter: { resolve, reject } });
      if (!this.draining) {
        this.draining = true;
        // Reports parsed in the same turn of the event loop join the first one's transaction.
        setImmediate(() => void this.drain());
      }
    });
  }

  async close(): Promise<void> {}

  async writePhoto(write: PhotoWrite): Promise<PhotoWriteOutcome> {
    return (await applyPhotoWrites(this.store, [write]))[0] as PhotoWriteOutcome;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          settle(
            group.map((g) => g.waiter),
            await writeReportBatch(
              this.store,
              group.map((g) => g.report),
            ),
          );
        } catch (error) {
          for (const { waiter } of group) waiter.reject(asError(error));
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/**
 * Reports sent to the writer thread in one message: everything prepared in one turn of the event
 * loop. Reports and outcomes cross as JSON text: copying a string between threads costs far less
 * than the structured clone of the same nested objects, and the request thread is the busier one.
 * The answers, already JSON, cross as they are, beside the rest.
 */
export interface WriterRequest {
  id: number;
  count: number;
  /** `PreparedReport[]` without their `answersJson`, as JSON arrays of fields (see `reportsOf`). */
  reports: string;
  /** Each report's `answersJson`, in order. */
  answers: string[];
}

export type WriterResponse = { id: number; outcomes: string } | { id: number; error: string };

/**
 * A photo row change for the writer's thread (issue 23): written with every other photo change
 * that queued up meanwhile, in the transaction of the next group of reports (`writeRound`).
 */
export interface PhotoWriterRequest {
  id: number;
  photo: PhotoWrite;
}

export type PhotoWriterResponse = { id: number; photo: PhotoWriteOutcome } | { id: number; photoError: string };

export function isPhotoRequest(message: unknown): message is PhotoWriterRequest {
  return typeof message === 'object' && message !== null && 'photo' in message;
}

/**
 * A prepared report's fields but its answers, in a fixed order: JSON of a flat array has no keys
 * to write or read, and stringifying it cost half what the same report as an object did (the
 * request thread's hand-off per report, issue 23). `reportsOf` reads them back in this order.
 */
type ReportFields = [
  observerId: string,
  electionId: string,
  stationId: string,
  registeredVoters: number | null,
  stationNumber: number,
  reportId: string,
  revision: number,
  bodyStationId: string,
  formId: string,
  formVersion: number,
  clientTime: string | null,
  channel: Channel,
  formKind: FormKind,
  result: PreparedReport['result'],
  photos: string[],
  insideWindow: boolean,
  receivedAt: number,
];

/** The request for some prepared reports. */
export function writerRequest(id: number, reports: readonly PreparedReport[]): WriterRequest {
  const fields = reports.map(
    (r): ReportFields => [
      r.observerId,
      r.electionId,
      r.station.id,
      r.station.registeredVoters,
      r.station.number,
      r.body.id,
      r.body.revision,
      r.body.stationId,
      r.body.formId,
      r.body.formVersion,
      r.body.clientTime ?? null,
      r.channel,
      r.formKind,
      r.result,
      r.photos,
      r.insideWindow,
      r.receivedAt.getTime(),
    ],
  );
  return { id, count: reports.length, reports: JSON.stringify(fields), answers: reports.map((r) => r.answersJson) };
}

/** The reports of a request, with their answers and the field JSON cannot carry as itself (a Date). */
export function reportsOf(request: WriterRequest): PreparedReport[] {
  const fields = JSON.parse(request.reports) as ReportFields[];
  if (fields.length !== request.answers.length) throw new Error('report writer: reports and answers do not match');
  return fields.map((f, i) => {
    const [observerId, electionId, stationId, registeredVoters, number, reportId, revision, bodyStationId] = f;
    const [, , , , , , , , formId, formVersion, clientTime, channel, formKind, result, photos, insideWindow, at] = f;
    return {
      observerId,
      electionId,
      station: { id: stationId, registeredVoters, number },
      body: {
        id: reportId,
        revision,
        stationId: bodyStationId,
        formId,
        formVersion,
        ...(clientTime === null ? {} : { clientTime }),
      },
      answersJson: request.answers[i] as string,
      channel,
      formKind,
      result,
      photos,
      insideWindow,
      receivedAt: new Date(at),
    };
  });
}

/** A batch outcome in a fixed order of fields, as `ReportFields` (refusals are rare). */
type OutcomeFields =
  | [
      kind: 0,
      id: string,
      revision: number,
      flags: ReportReceipt['flags'],
      missingPhotos: string[],
      receivedAt: string,
      chainSeq: number,
      chainHash: string,
      fresh: boolean,
      announced: boolean | null,
    ]
  | [kind: 1, code: ErrorCode, message: string, details: unknown];

/** Outcomes as the writer's thread sends them back: read on the request thread, the busier one. */
export function outcomesText(outcomes: readonly BatchOutcome[]): string {
  return JSON.stringify(
    outcomes.map((o): OutcomeFields => {
      if ('refused' in o) return [1, o.refused.code, o.refused.message, o.refused.details ?? null];
      const r = o.receipt;
      return [
        0,
        r.id,
        r.revision,
        r.flags,
        r.missingPhotos,
        r.receivedAt,
        r.chainSeq,
        r.chainHash,
        o.fresh,
        o.announced ?? null,
      ];
    }),
  );
}

export function outcomesOf(text: string): BatchOutcome[] {
  return (JSON.parse(text) as OutcomeFields[]).map((f): BatchOutcome => {
    if (f[0] === 1) return { refused: { code: f[1], message: f[2], ...(f[3] === null ? {} : { details: f[3] }) } };
    const [, id, revision, flags, missingPhotos, receivedAt, chainSeq, chainHash, fresh, announced] = f;
    return {
      receipt: { id, revision, status: 'accepted', flags, missingPhotos, receivedAt, chainSeq, chainHash },
      fresh,
      ...(announced === null ? {} : { announced }),
    };
  });
}

/**
 * The writer on a thread of its own, with its own connection. On SQLite in a file this is a must:
 * better-sqlite3 is synchronous, and a commit with synchronous=FULL waits for the disk's flush on
 * the calling thread — on the request thread that stalled every request for milliseconds per
 * group (WAL lets the request thread keep reading). On PostgreSQL commits wait on the network, but
 * building and decoding the queries of every group still cost the request thread: on the ingest
 * bench the thread gave +15% reports/s (1,500-1,545 against 1,290-1,340, alternating runs).
 *
 * The request thread does not wait for one group to commit before sending the next: it posts a
 * report at once to a writer with nothing to do, else what each turn of its event loop prepared;
 * and the writer, whenever it finishes a transaction, takes
 * every message that arrived meanwhile into the next one. The writer never sits idle waiting for a
 * busy request thread to notice its answer.
 */
export class WorkerReportWriter implements ReportWriter {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter[]>();
  private readonly photoWaiting = new Map<
    number,
    { resolve: (outcome: PhotoWriteOutcome) => void; reject: (error: Error) => void }
  >();
  private outgoing: { report: PreparedReport; waiter: Waiter }[] = [];
  readonly sameThread = false;
  readonly createAnswersExisting = false;

  constructor(private readonly database: DatabaseConfig) {}

  /**
   * Bundles the writer's code when the server starts; the thread itself starts with the first
   * report (it loads in about 0.4 s), so a server that takes no reports — a test, an HQ-only
   * instance — never runs one.
   */
  async start(): Promise<void> {
    await prepareWorker(WRITER_MODULE);
  }

  write(report: PreparedReport): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.outgoing.push({ report, waiter: { resolve, reject } });
      // A writer with nothing to write gets the report at once: held to the end of this turn of
      // the event loop, it would sit idle while the turn prepares more (about 5% of the time on the
      // ingest bench, issue 23). A busy writer takes whatever arrived at its next transaction, so
      // what the turn prepares meanwhile goes in one message at its end.
      if (this.waiting.size === 0) this.post();
      else if (this.outgoing.length === 1) setImmediate(() => this.post());
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  /** A photo row change, sent at once: the writer takes it with whatever else has queued up. */
  writePhoto(write: PhotoWrite): Promise<PhotoWriteOutcome> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      try {
        const worker = this.started();
        this.photoWaiting.set(id, { resolve, reject });
        worker.postMessage({ id, photo: write } satisfies PhotoWriterRequest);
      } catch (error) {
        this.photoWaiting.delete(id);
        reject(asError(error));
      }
    });
  }

  private post(): void {
    // Already sent, when the writer fell idle before the end of the turn.
    if (this.outgoing.length === 0) return;
    const sending = this.outgoing;
    this.outgoing = [];
    const id = this.nextId++;
    try {
      const worker = this.started();
      this.waiting.set(
        id,
        sending.map((s) => s.waiter),
      );
      worker.postMessage(
        writerRequest(
          id,
          sending.map((s) => s.report),
        ),
      );
    } catch (error) {
      // Runs from setImmediate: a writer that cannot start must fail these reports, not the process.
      this.waiting.delete(id);
      for (const { waiter } of sending) waiter.reject(asError(error));
    }
  }

  private receive(response: WriterResponse | PhotoWriterResponse): void {
    if ('photo' in response || 'photoError' in response) {
      const waiter = this.photoWaiting.get(response.id);
      this.photoWaiting.delete(response.id);
      if ('photo' in response) waiter?.resolve(response.photo);
      else waiter?.reject(new Error(`report writer: ${response.photoError}`));
      return;
    }
    const waiters = this.waiting.get(response.id);
    if (!waiters) return;
    this.waiting.delete(response.id);
    // The writer has nothing left: what this turn prepared so far goes now, not at its end.
    if (this.waiting.size === 0) this.post();
    if ('error' in response) {
      for (const waiter of waiters) waiter.reject(new Error(`report writer: ${response.error}`));
    } else {
      settle(waiters, outcomesOf(response.outcomes));
    }
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startTsWorker(WRITER_MODULE, { database: this.database });
    // The HTTP server keeps the process alive; an idle writer must not.
    worker.unref();
    worker.on('message', (response: WriterResponse | PhotoWriterResponse) => this.receive(response));
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiters of this.waiting.values()) for (const waiter of waiters) waiter.reject(error);
      this.waiting.clear();
      for (const waiter of this.photoWaiting.values()) waiter.reject(error);
      this.photoWaiting.clear();
    };
    worker.on('error', fail);
    // A writer that stops is started again by the next report; what it held was not acknowledged.
    worker.on('exit', (code) => fail(new Error(`report writer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

function settle(waiters: readonly Waiter[], outcomes: readonly BatchOutcome[]): void {
  waiters.forEach((waiter, i) => {
    const outcome = outcomes[i];
    if (outcome) waiter.resolve(outcome);
    else waiter.reject(new Error('report writer lost an outcome'));
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The writer a store needs: a thread of its own, unless the database lives in this thread's memory. */
export function reportWriterFor(store: Store): ReportWriter {
  return store.connection ? new WorkerReportWriter(store.connection) : new InProcessReportWriter(store);
}
