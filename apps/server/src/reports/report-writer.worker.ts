// The report writer's thread: its own connection to the database. Each transaction takes every
// message that has arrived by the time the previous one committed (group commit).
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type DatabaseConfig, openDatabase, Store } from '@pollwatch/db';
import { applyPhotoWrites } from './photo-writes.ts';
import { type Announce, writeReportBatch } from './report-batch.ts';
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
  // Photo row changes (issue 23): off the request thread, one transaction for all that queued up.
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
        if (photoInbox.length > 0) await writePhotos(photoInbox.splice(0));
        if (inbox.length > 0) await writeGroup(takeGroup());
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

  async function writePhotos(group: PhotoWriterRequest[]) {
    try {
      const outcomes = await applyPhotoWrites(
        store,
        group.map((r) => r.photo),
      );
      group.forEach((r, i) => {
        const photo = outcomes[i];
        port.postMessage(
          (photo ? { id: r.id, photo } : { id: r.id, photoError: 'lost an outcome' }) satisfies PhotoWriterResponse,
        );
      });
    } catch (error) {
      // One failing change must not fail the others that shared its transaction: each alone.
      if (group.length > 1) {
        for (const r of group) await writePhotos([r]);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      for (const r of group) port.postMessage({ id: r.id, photoError: message } satisfies PhotoWriterResponse);
    }
  }

  async function writeGroup(group: WriterRequest[]) {
    try {
      const outcomes = await writeReportBatch(
        store,
        group.flatMap((r) => reportsOf(r)),
        announce,
      );
      let at = 0;
      for (const request of group) {
        port.postMessage({
          id: request.id,
          outcomes: outcomesText(outcomes.slice(at, at + request.count)),
        } satisfies WriterResponse);
        at += request.count;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const request of group) port.postMessage({ id: request.id, error: message } satisfies WriterResponse);
    }
  }
}
