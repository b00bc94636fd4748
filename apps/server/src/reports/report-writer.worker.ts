// The report writer's thread: its own connection to the database. Each transaction takes every
// message that has arrived by the time the previous one committed (group commit).
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type DatabaseConfig, openDatabase, Store } from '@pollwatch/db';
import { type Announce, writeReportBatch } from './report-batch.ts';
import { MAX_GROUP, reportsOf, type WriterRequest, type WriterResponse } from './report-writer.ts';

const { database } = workerData as { database: DatabaseConfig };
// An import applying 100,000 rows holds SQLite's write lock for seconds: reports wait for it
// rather than fail (they are acknowledged only once written either way). One transaction at a
// time needs one PostgreSQL connection (and a spare).
const store = Store.over(openDatabase({ ...database, busyTimeoutMs: 60_000, poolSize: 2 }));
// PostgreSQL: the live views' events go out with each group's commit (see `announceFresh`).
const channel = store.broadcast?.('reports').channel;
const announce: Announce | undefined = channel ? (tx, payloads) => tx.reports.announce(channel, payloads) : undefined;

if (parentPort) serve(parentPort);

function serve(port: MessagePort) {
  const inbox: WriterRequest[] = [];
  let writing = false;

  port.on('message', (request: WriterRequest) => {
    inbox.push(request);
    if (!writing) void writeAll();
  });

  async function writeAll() {
    writing = true;
    try {
      while (inbox.length > 0) {
        // Messages that queued up while the last transaction was written, without waiting for
        // their events one by one.
        for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) {
          inbox.push(next.message as WriterRequest);
        }
        await writeGroup(takeGroup());
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
          outcomes: JSON.stringify(outcomes.slice(at, at + request.count)),
        } satisfies WriterResponse);
        at += request.count;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const request of group) port.postMessage({ id: request.id, error: message } satisfies WriterResponse);
    }
  }
}
