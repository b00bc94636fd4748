import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  type AnalyzeResultsOptions,
  analyzeResults,
  type ResultsAnalysis,
  type StationResult,
} from '@pollwatch/analytics';

interface WorkerInput {
  rows: readonly StationResult[];
  options: AnalyzeResultsOptions;
}

/** The file URL of tsx's ESM register API (the `import` condition, not the CommonJS one). */
function tsxEsmApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return new URL('dist/esm/api/index.mjs', pathToFileURL(packageJson)).href;
}

/**
 * Runs analyzeResults on a worker thread, so that 100,000 stations (about a second of work) never
 * block the server's event loop. The worker starts with tsx, like the server, and ends after one
 * job; rows and result cross by structured clone (~0.1 s for 100,000 stations).
 */
export function analyzeResultsInWorker(
  rows: readonly StationResult[],
  options: AnalyzeResultsOptions = {},
): Promise<ResultsAnalysis> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit the tsx loader: a tiny script registers it, then loads this file.
    const tsx = tsxEsmApi();
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
    const worker = new Worker(boot, { eval: true, workerData: { rows, options } satisfies WorkerInput });
    let settled = false;
    worker.once('message', (result: ResultsAnalysis) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}

if (!isMainThread && parentPort) {
  const { rows, options } = workerData as WorkerInput;
  parentPort.postMessage(analyzeResults(rows, options));
}
