import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DomainError, type ErrorCode, type ImportReport } from '@pollwatch/core';
import { type DataKeyring, openDatabase, Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import { startPreparedWorker } from '../workers/ts-worker.ts';
import { type ApplyElsewhere, type ImportRun, ImportsService } from './imports.service.ts';

/** An import to apply on a worker thread, over the worker's own connection to the SQLite file. */
export interface ImportJob {
  sqliteFile: string;
  /** The personal data keys (an applicants roster seals phones and IINs). */
  dataKeys?: string | undefined;
  dataDir: string;
  maxBytes: number;
  /** The request's clock, so that the rows carry the same time as they would in-thread. */
  now: string;
  actor: Actor | null;
  run: ImportRun;
  recordId: string;
}

type ImportAnswer =
  | { report: ImportReport }
  | { refused: { code: ErrorCode; message: string; details: unknown } }
  | { error: string };

/** For ImportsService: apply uploads on a worker thread over its own connection to this file. */
export function importWorkerFor(
  sqliteFile: string,
  dataDir: string,
  maxBytes: number,
  keyring?: DataKeyring,
): ApplyElsewhere {
  return ({ now, actor, run, recordId }) =>
    applyImportInWorker({
      sqliteFile,
      dataKeys: keyring?.text,
      dataDir,
      maxBytes,
      now: now.toISOString(),
      actor,
      run,
      recordId,
    });
}

/**
 * Applies an import on a thread of its own. On SQLite the commit of a 100,000-row transaction
 * flushes tens of megabytes to disk in one synchronous call, which held the server's event loop
 * for 120–160 ms; reading and checking the file is CPU work the request thread can do without.
 */
export async function applyImportInWorker(job: ImportJob): Promise<ImportReport> {
  const module = new URL(import.meta.url);
  const worker = await startPreparedWorker(module, { importJob: job });
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (answer: ImportAnswer) => {
      settled = true;
      if ('report' in answer) resolve(answer.report);
      else if ('refused' in answer)
        reject(new DomainError(answer.refused.code, answer.refused.message, answer.refused.details));
      else reject(new Error(`import worker: ${answer.error}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`import worker exited with code ${code}`));
    });
  });
}

async function runJob(job: ImportJob): Promise<ImportAnswer> {
  const db = openDatabase({ sqliteFile: job.sqliteFile, dataKeys: job.dataKeys });
  try {
    const now = new Date(job.now);
    // The same service, so the same registry of import kinds: the job names its kind, the registry
    // gives the plan and apply (nothing here knows one kind from another).
    const imports = new ImportsService(Store.over(db), job.dataDir, () => now, job.maxBytes);
    return { report: await imports.applyRun(job.actor, job.run, job.recordId) };
  } catch (error) {
    if (error instanceof DomainError)
      return { refused: { code: error.code, message: error.message, details: error.details } };
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await db.close();
  }
}

const input = workerData as { importJob?: ImportJob } | undefined;
if (!isMainThread && parentPort && input?.importJob) {
  const port = parentPort;
  void runJob(input.importJob).then((answer) => port.postMessage(answer));
}
