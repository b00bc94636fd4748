// Results analysis on a synthetic 100,000-station election (seeded; Russian protocols with 2% of
// stations rounded or stuffed): writes it as a Windows-1251 CSV under the official Russian line
// names, then times (a) reading and mapping the file as `pollwatch analyze` does and (b) every
// test together (protocol checks, histograms, integer percentages, Shpilkin, last digit, outliers),
// then each test alone. Goal: (b) under 3 s on 2 cores. BENCH_ROWS changes the size.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyzeResults,
  checkOfficialProtocols,
  chooseLeader,
  integerPercentages,
  lastDigitTest,
  outlierStations,
  resultsProtocolTemplate,
  shpilkinEstimate,
  simulateElection,
  turnoutLeaderHistograms,
} from '@pollwatch/analytics';
import iconv from 'iconv-lite';
import { analyzeResultsInWorker } from '../../apps/server/src/analysis/analysis-worker.ts';
import { russianResultsCsv } from '../../apps/server/src/analysis/results-csv.ts';
import { readResultsFile, resultTemplates } from '../../apps/server/src/analysis/results-file.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

let started = performance.now();
const election = simulateElection({
  stations: ROWS,
  seed: 'bench-analytics',
  roundedStations: Math.floor(ROWS / 100),
  stuffedStations: Math.floor(ROWS / 100),
});
console.log(`generated ${ROWS} stations in ${ms(started)}`);

const path = join(mkdtempSync(join(tmpdir(), 'pw-bench-analytics-')), 'results.csv');
writeFileSync(path, iconv.encode(russianResultsCsv(election.rows), 'win1251'));
console.log(`wrote ${path} (${(statSync(path).size / 1048576).toFixed(1)} MiB, windows-1251, ;)`);

started = performance.now();
const file = await readResultsFile(path);
console.log(
  `(a) read + map: ${ms(started)} — ${file.rows.length} rows, template ${file.template}, ${file.options.length} options`,
);

const { template, optionLines } = resultsProtocolTemplate(resultTemplates[file.template], file.options);
started = performance.now();
const analysis = analyzeResults(file.rows, { template, optionLines, histograms: true });
const total = performance.now() - started;
console.log(`(b) all tests: ${total.toFixed(0)} ms (goal < 3000 ms)`);

const rows = file.rows;
const leader = chooseLeader(rows);
for (const [label, run] of [
  ['protocol checks', () => checkOfficialProtocols(rows, template, optionLines)],
  ['histograms (1, 0.1 points; 2-D)', () => turnoutLeaderHistograms(rows, leader)],
  ['integer percentages (exact)', () => integerPercentages(rows, leader)],
  ["Shpilkin's estimate", () => shpilkinEstimate(rows, leader)],
  ['last digit', () => lastDigitTest(rows)],
  ['outliers', () => outlierStations(rows, leader)],
] as const) {
  started = performance.now();
  run();
  console.log(`    ${label}: ${ms(started)}`);
}

const ip = analysis.integerPercentages.either;
console.log(
  `integer either: observed ${ip.observed}, expected ${ip.expected.toFixed(1)}, z ${ip.zScore?.toFixed(1)}; ` +
    `Shpilkin anomaly ${analysis.shpilkin.anomalousVotes?.toFixed(0)} votes (${analysis.shpilkin.anomalousShareOfLeader?.toFixed(1)}% of the leader's); ` +
    `outliers ${analysis.outliers.stations.length} (planted ${election.stuffed.length}); ` +
    `last-digit p ${analysis.lastDigit.pValue?.toFixed(3)}`,
);
// The same work on a worker thread, watching how long the main thread's event loop stalls.
let worst = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  worst = Math.max(worst, now - last - 10);
  last = now;
}, 10);
started = performance.now();
await analyzeResultsInWorker(rows, { template, optionLines, histograms: true });
clearInterval(timer);
console.log(
  `(c) all tests on a worker thread: ${ms(started)} incl. start-up; longest event-loop stall ${worst.toFixed(0)} ms ` +
    '(rows cloned from this thread; the server reads them on the worker: `npm run bench -- results-http`)',
);
console.log(`rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
