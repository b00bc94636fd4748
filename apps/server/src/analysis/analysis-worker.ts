import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import {
  type AnalyzeResultsOptions,
  analyzeResults,
  type ResultsAnalysis,
  type StationResult,
  stationResultFromLines,
} from '@pollwatch/analytics';
import type { DatabaseConfig } from '@pollwatch/db';
import { prepareWorker, startPreparedWorker, startTsWorker } from '../workers/ts-worker.ts';

const OPTION_PREFIX = 'option_';

/** One official row as the database gives it: the worker turns it into a StationResult itself. */
export interface RawOfficialRow {
  stationId: string;
  stationNumber: number;
  regionId: string;
  areaId: string;
  lines: Record<string, number>;
}

/** Per station area (the leaf of the territory tree): how many stations and the sum of each line. */
export type AreaLineSums = Record<string, { stations: number; lines: Record<string, number> }>;

export interface StreamedAnalysis {
  stations: number;
  analysis: ResultsAnalysis;
  areaSums: AreaLineSums;
  /** Station lists in the analysis (failing stations, integer stations, outliers) stop here. */
  listLimit: number;
}

export interface StreamOptions {
  templateCode: string;
  /** Region id → its label in station keys ("ALA / 12"). */
  regionLabels: Record<string, string>;
  analyze: AnalyzeResultsOptions;
  listLimit: number;
}

type WorkerInput =
  | { mode: 'rows'; rows: readonly StationResult[]; options: AnalyzeResultsOptions }
  | { mode: 'stream'; options: StreamOptions }
  | { mode: 'service' };

/** A job of the long-lived worker: analyse an election's rows read over its own connection. */
interface DatabaseJob {
  id: number;
  database: DatabaseConfig;
  electionId: string;
  options: StreamOptions;
}
type JobAnswer = { id: number; result: StreamedAnalysis } | { id: number; error: string };

type WorkerMessage = { type: 'rows'; rows: RawOfficialRow[] } | { type: 'end' };

const WORKER_MODULE = new URL(import.meta.url);

async function startWorker<T>(input: WorkerInput): Promise<{ worker: Worker; result: Promise<T> }> {
  const worker = await startPreparedWorker(WORKER_MODULE, input);
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (value: T) => {
      settled = true;
      resolve(value);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
  return { worker, result };
}

/**
 * Runs analyzeResults on a worker thread over rows already in memory (the benchmark, the tests).
 * The rows cross by structured clone; the server streams instead (see analyzeStreamInWorker).
 */
export async function analyzeResultsInWorker(
  rows: readonly StationResult[],
  options: AnalyzeResultsOptions = {},
): Promise<ResultsAnalysis> {
  return (await startWorker<ResultsAnalysis>({ mode: 'rows', rows, options })).result;
}

/**
 * The server's path: official rows arrive page by page (the caller reads a page, hands it over and
 * lets the event loop run before the next), the worker builds the station results, sums the lines
 * per area and runs every test; only a summary comes back — the station lists are cut at
 * `listLimit` — so neither side ever holds the main thread for long.
 */
export async function analyzeStreamInWorker(
  pages: AsyncIterable<RawOfficialRow[]>,
  options: StreamOptions,
): Promise<StreamedAnalysis> {
  const { worker, result } = await startWorker<StreamedAnalysis>({ mode: 'stream', options });
  try {
    for await (const rows of pages) worker.postMessage({ type: 'rows', rows } satisfies WorkerMessage);
    worker.postMessage({ type: 'end' } satisfies WorkerMessage);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return result;
}

interface SharedWorker {
  worker: Worker;
  jobs: Map<number, { resolve: (value: StreamedAnalysis) => void; reject: (error: Error) => void }>;
  next: number;
}
let shared: SharedWorker | null = null;

/**
 * One long-lived worker thread for the server's analyses: starting a thread and loading its
 * modules costs a moment, paid once. It does not keep the process alive; if it dies,
 * its jobs fail and the next job starts a new one.
 */
function sharedWorker(): SharedWorker {
  if (shared) return shared;
  // Its caller prepared the bundle (else the thread loads its code through tsx, slowly).
  const worker = startTsWorker(WORKER_MODULE, { mode: 'service' } satisfies WorkerInput);
  const state: SharedWorker = { worker, jobs: new Map(), next: 1 };
  const failAll = (error: Error) => {
    if (shared === state) shared = null;
    for (const job of state.jobs.values()) job.reject(error);
    state.jobs.clear();
  };
  worker.on('message', (answer: JobAnswer) => {
    const job = state.jobs.get(answer.id);
    state.jobs.delete(answer.id);
    if (!job) return;
    if ('error' in answer) job.reject(new Error(answer.error));
    else job.resolve(answer.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`analysis worker exited with code ${code}`)));
  // After the listeners: attaching a 'message' listener refs the worker's port again.
  worker.unref();
  shared = state;
  return state;
}

/**
 * Bundles the worker's code when the server starts; the thread starts with the first analysis
 * (it loads in under a second), so a server that analyses nothing never runs one.
 */
export function prepareAnalysisWorker(): Promise<void> {
  return prepareWorker(WORKER_MODULE);
}

/** Ends the long-lived analysis worker (the server's shutdown; a later job starts a new one). */
export async function stopAnalysisWorker(): Promise<void> {
  const state = shared;
  shared = null;
  if (state) await state.worker.terminate();
}

/**
 * The whole heavy path off the request thread: the worker opens its own connection to the same
 * database (a SQLite file or PostgreSQL; never an in-memory SQLite, which only its opener sees),
 * reads the official rows, analyses them and returns the summary. The main thread only posts one
 * message and receives one.
 */
export async function analyzeDatabaseInWorker(
  database: DatabaseConfig,
  electionId: string,
  options: StreamOptions,
): Promise<StreamedAnalysis> {
  await prepareWorker(WORKER_MODULE);
  const state = sharedWorker();
  const id = state.next++;
  return new Promise((resolve, reject) => {
    state.jobs.set(id, { resolve, reject });
    state.worker.postMessage({ id, database, electionId, options } satisfies DatabaseJob);
  });
}

/** The analysis with its station lists cut at `limit` (the counts stay whole). */
export function limitLists(analysis: ResultsAnalysis, limit: number): ResultsAnalysis {
  return {
    ...analysis,
    protocolChecks: analysis.protocolChecks && {
      ...analysis.protocolChecks,
      relations: analysis.protocolChecks.relations.map((r) => ({ ...r, stations: r.stations.slice(0, limit) })),
    },
    integerPercentages: {
      ...analysis.integerPercentages,
      integerStations: analysis.integerPercentages.integerStations.slice(0, limit),
    },
    outliers: { ...analysis.outliers, stations: analysis.outliers.stations.slice(0, limit) },
  };
}

/** Builds a station's result from its official lines, the way the import stored them. */
export function stationFromRow(templateCode: string, stationKey: string, lines: Record<string, number>) {
  const options: Record<string, number> = {};
  for (const [key, value] of Object.entries(lines)) {
    if (key.startsWith(OPTION_PREFIX)) options[key.slice(OPTION_PREFIX.length)] = value;
  }
  return stationResultFromLines(templateCode, stationKey, lines, options);
}

/** Station results and per-area sums built up page by page, then analysed at once. */
class Accumulator {
  private readonly stations: { region: string; number: number; result: StationResult }[] = [];
  private readonly areaSums: AreaLineSums = {};

  constructor(private readonly options: StreamOptions) {}

  add(rows: readonly RawOfficialRow[]): void {
    for (const row of rows) {
      const region = this.options.regionLabels[row.regionId] ?? '?';
      const result = stationFromRow(this.options.templateCode, `${region} / ${row.stationNumber}`, row.lines);
      this.stations.push({ region, number: row.stationNumber, result });
      let sums = this.areaSums[row.areaId];
      if (!sums) {
        sums = { stations: 0, lines: {} };
        this.areaSums[row.areaId] = sums;
      }
      sums.stations += 1;
      for (const [line, value] of Object.entries(row.lines)) sums.lines[line] = (sums.lines[line] ?? 0) + value;
    }
  }

  /** Stations by region label and number, whatever order the rows came in: the lists read in order. */
  finish(): StreamedAnalysis {
    this.stations.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : a.number - b.number));
    const analysis = analyzeResults(
      this.stations.map((s) => s.result),
      this.options.analyze,
    );
    return {
      stations: this.stations.length,
      analysis: limitLists(analysis, this.options.listLimit),
      areaSums: this.areaSums,
      listLimit: this.options.listLimit,
    };
  }
}

function runStream(port: NonNullable<typeof parentPort>, options: StreamOptions): void {
  const accumulator = new Accumulator(options);
  port.on('message', (message: WorkerMessage) => {
    if (message.type === 'rows') {
      accumulator.add(message.rows);
      return;
    }
    port.postMessage(accumulator.finish());
    port.close();
  });
}

async function analyseFromDatabase(job: DatabaseJob): Promise<StreamedAnalysis> {
  const { openDatabase, Store } = await import('@pollwatch/db');
  const db = openDatabase({ ...job.database, poolSize: 1 });
  try {
    const accumulator = new Accumulator(job.options);
    // This thread may block: every row at once, in two plain scans joined in memory.
    accumulator.add(await Store.over(db).results.allForAnalysis(job.electionId));
    return accumulator.finish();
  } finally {
    await db.close();
  }
}

function runService(port: NonNullable<typeof parentPort>): void {
  port.on('message', (job: DatabaseJob) => {
    analyseFromDatabase(job).then(
      (result) => port.postMessage({ id: job.id, result } satisfies JobAnswer),
      (error: unknown) =>
        port.postMessage({
          id: job.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies JobAnswer),
    );
  });
}

if (!isMainThread && parentPort) {
  const input = workerData as WorkerInput;
  if (input.mode === 'rows') parentPort.postMessage(analyzeResults(input.rows, input.options));
  else if (input.mode === 'stream') runStream(parentPort, input.options);
  else runService(parentPort);
}
