// The report writer's thread: its own connection to the SQLite file, one batch at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, Store } from '@pollwatch/db';
import { writeReportBatch } from './report-batch.ts';
import type { WriterRequest, WriterResponse } from './report-writer.ts';

const { sqliteFile } = workerData as { sqliteFile: string };
// An import applying 100,000 rows holds the write lock for seconds: reports wait for it rather
// than fail (they are acknowledged only once written either way).
const store = Store.over(openDatabase({ sqliteFile, busyTimeoutMs: 60_000 }));
const port = parentPort;

port?.postMessage({ id: 0, outcomes: [] } satisfies WriterResponse);

// Batches are written in the order they came, one transaction each.
let queue = Promise.resolve();
port?.on('message', (request: WriterRequest) => {
  queue = queue.then(async () => {
    let response: WriterResponse;
    try {
      response = { id: request.id, outcomes: await writeReportBatch(store, request.batch) };
    } catch (error) {
      response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(response);
  });
});
