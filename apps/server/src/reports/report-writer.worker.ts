// The report writer's thread: its own connection to the database. Each transaction takes every
// message that has arrived by the time the previous one committed (group commit), and on
// PostgreSQL those that arrive while it waits for the chain's head behind another process's group.
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type DatabaseConfig, openDatabase, Store } from '@pollwatch/db';
import type { Announce, BatchOutcome, PreparedReport } from './report-batch.ts';
import {
  isPhotoRequest,
  MAX_GROUP,
  outcomesText,
  type PhotoWriterRequest,
  type PhotoWriterResponse,
  reportsOf,
  type WriterRequest,
  type WriterResponse,
} from './report-writer.ts';
import { writeRound } from './writer-round.ts';

const { database } = workerData as { database: DatabaseConfig };
// An import applying 100,000 rows holds SQLite's write lock for seconds: reports wait for it
// rather than fail (they are acknowledged only once written either way). One transaction at a
// time needs one PostgreSQL connection (and a spare).
const store = Store.over(openDatabase({ ...database, busyTimeoutMs: 60_000, poolSize: 2 }));
await store.reports.prepareWriterConnection();
// PostgreSQL: the live views' events go out with each group's commit (see `announceFresh`).
const channel = store.broadcast?.('reports').channel;
const announce: Announce | undefined = channel ? (tx, payloads) => tx.reports.announce(channel, payloads) : undefined;

if (parentPort) serve(parentPort);

function serve(port: MessagePort) {
  const inbox: WriterRequest[] = [];
  // Photo row changes (issue 23): off the request thread, in the next group's transaction.
  const photoInbox: PhotoWriterRequest[] = [];
  let writing = false;

  const receive = (request: WriterRequest | PhotoWriterRequest) => {
    if (isPhotoRequest(request)) photoInbox.push(request);
    else inbox.push(request);
  };

  port.on('message', (request: WriterRequest | PhotoWriterRequest) => {
    receive(request);
    if (!writing) void writeAll();
  });

  async function writeAll() {
    writing = true;
    try {
      while (inbox.length > 0 || photoInbox.length > 0) {
        // Messages that queued up while the last transaction was written, without waiting for
        // their events one by one.
        for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
          receive(next.message as WriterRequest | PhotoWriterRequest);
        }
        await writeNext(photoInbox.splice(0), inbox.length > 0 ? takeGroup() : []);
      }
    } finally {
      writing = false;
    }
  }

  /** Whole messages, in arrival order, up to MAX_GROUP reports (always at least one message). */
  function takeGroup(): WriterRequest[] {
    let count = 0;
    let take = 0;
    while (take < inbox.length && (take === 0 || count + (inbox[take]?.count ?? 0) <= MAX_GROUP)) {
      count += inbox[take]?.count ?? 0;
      take++;
    }
    return inbox.splice(0, take);
  }

  /** The photo changes and the group of reports that queued up: one transaction (see `writeRound`). */
  async function writeNext(photoRequests: PhotoWriterRequest[], group: WriterRequest[]) {
    let reports: PreparedReport[] = [];
    try {
      reports = group.flatMap((r) => reportsOf(r));
    } catch (error) {
      answerReports(group, asError(error));
      group = [];
    }
    // PostgreSQL: messages that arrive while the round waits for the chain's head (behind another
    // process's group) join it once it is taken, up to MAX_GROUP reports in all; photo changes
    // among them wait for the next round. SQLite has one writer: nothing waits for the head there,
    // and on the ingest bench the extra drain was no better (alternating runs within noise).
    let count = reports.length;
    const join = () => {
      for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
        receive(next.message as WriterRequest | PhotoWriterRequest);
      }
      const late: PreparedReport[] = [];
      while (inbox.length > 0 && count + (inbox[0]?.count ?? 0) <= MAX_GROUP) {
        const request = inbox.shift() as WriterRequest;
        try {
          late.push(...reportsOf(request));
        } catch (error) {
          answerReports([request], asError(error));
          continue;
        }
        group.push(request);
        count += request.count;
      }
      return late;
    };
    const outcome = await writeRound(
      store,
      { photos: photoRequests.map((r) => r.photo), reports },
      announce,
      group.length > 0 && store.dialect === 'postgres' ? join : undefined,
    );
    photoRequests.forEach((r, i) => {
      const photo = outcome.photos[i];
      port.postMessage(
        (photo === undefined
          ? { id: r.id, photoError: 'lost an outcome' }
          : photo instanceof Error
            ? { id: r.id, photoError: photo.message }
            : { id: r.id, photo }) satisfies PhotoWriterResponse,
      );
    });
    answerReports(group, outcome.reports);
  }

  function answerReports(group: WriterRequest[], outcomes: BatchOutcome[] | Error) {
    let at = 0;
    for (const request of group) {
      port.postMessage(
        (outcomes instanceof Error
          ? { id: request.id, error: outcomes.message }
          : {
              id: request.id,
              outcomes: outcomesText(outcomes.slice(at, at + request.count)),
            }) satisfies WriterResponse,
      );
      at += request.count;
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
