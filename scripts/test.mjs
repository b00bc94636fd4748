#!/usr/bin/env node
// `npm test`: lint, typecheck, dependency direction and the web build (two at a time), the unit and
// integration tests (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), then the browser tests.
// Runs every step even when one fails, says plainly what it skipped and why, and ends with how long
// each step took and one line: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const startedAt = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const skipped = [];
const failedSteps = [];
const breakdown = [];
const failedTests = [];

/** The head of a failure message: a property test's seed and counterexample are on its lines 2 and 3. */
function headOf(text) {
  const lines = (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, 3);
  return lines.length ? lines.join(' | ').slice(0, 500) : '(no message)';
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const timings = [];

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push(`${title}: ${seconds(started)}`);
  return result.status === 0;
}

/** Runs a command with its output kept, to be shown whole once it ends. */
function runQuietly(command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n`, took: seconds(started) }));
    child.on('close', (code) => resolve({ ok: code === 0, output, took: seconds(started) }));
  });
}

/**
 * The checks that are not test runners, two at a time (the 2-core machine's type checks took a
 * minute and a half one after the other), each counted as one test; their outputs are printed
 * whole, one after another, in this order.
 */
async function checks(list) {
  const results = new Array(list.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < list.length; i = next++) {
      const [, command, args] = list[i];
      results[i] = runQuietly(command, args);
      await results[i];
    }
  };
  await Promise.all([lane(), lane()]);
  for (const [i, [title, command, args]] of list.entries()) {
    const { ok, output, took } = await results[i];
    console.log(`\n▶ ${title}: ${command} ${args.join(' ')} (${took})`);
    if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    timings.push(`${title}: ${took}`);
    if (ok) totals.passed += 1;
    else {
      totals.failed += 1;
      failedSteps.push(title);
    }
  }
}

function vitest(project) {
  const out = join(resultsDir, `${project}.json`);
  const ok = run(`tests (${project})`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    // Vitest's default, one worker less than the cores, left the 2-core machine running the unit
    // files one by one; they mostly wait on databases and threads, so one per core is faster.
    ...(project === 'unit' ? [`--maxWorkers=${Math.max(2, availableParallelism())}`] : []),
    // Browser test files two at a time (each has its own server, data folder and browser): on the
    // 2-core machine 354 s one by one, 262 and 265 s two at a time, all passing, under load 3-8.
    ...(project === 'e2e' ? ['--maxWorkers=2', '--fileParallelism'] : []),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out)) {
    totals.failed += 1;
    failedSteps.push(`tests (${project}) produced no report`);
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  // Show what ran where: database tests carry their dialect in the suite title.
  const all = report.testResults.flatMap((f) => f.assertionResults);
  const ran = (tag) => all.filter((a) => a.status === 'passed' && a.fullName.includes(tag)).length;
  if (project === 'unit')
    breakdown.push(`database tests passed: ${ran('[sqlite]')} on SQLite, ${ran('[postgres]')} on PostgreSQL`);
  if (project === 'e2e') breakdown.push(`browser tests passed in Chromium: ${report.numPassedTests}`);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A file that fails to load, or whose setup hook throws, may count no failed test; it is a
  // failure all the same, and so is a runner that exits non-zero for any other reason.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  );
  totals.failed += brokenFiles.length;
  // Name each failure in the closing summary: the runner's own output of a long run may be cut
  // short where CI keeps only its tail.
  for (const file of report.testResults) {
    const where = file.name.replace(`${root}`, '');
    for (const a of file.assertionResults.filter((t) => t.status === 'failed'))
      failedTests.push(`${where} > ${a.fullName}: ${headOf(a.failureMessages[0])}`);
    if (brokenFiles.includes(file)) failedTests.push(`${where}: ${headOf(file.message)}`);
  }
  if (!ok && report.numFailedTests === 0 && brokenFiles.length === 0) totals.failed += 1;
  if (!ok || report.numFailedTests > 0 || brokenFiles.length > 0) failedSteps.push(`tests (${project})`);
}

if (!process.env.TEST_DATABASE_URL) {
  skipped.push('PostgreSQL runs of the database and HTTP tests: TEST_DATABASE_URL is not set');
}
if (!existsSync('/usr/bin/chromium')) {
  skipped.push('browser tests: /usr/bin/chromium is not installed (apt-get install -y chromium)');
}
if (process.env.CI && skipped.length) {
  console.error(`CI must skip nothing, but would skip:\n- ${skipped.join('\n- ')}`);
  process.exit(1);
}

await checks([
  ['typecheck (web)', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json']],
  ['typecheck (server, packages)', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['lint and format (Biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']],
  ['dependency direction', 'npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'apps', 'packages']],
  ['build the web app', 'npm', ['run', 'build', '--workspace', 'apps/web']],
]);
vitest('unit');
vitest('e2e');

console.log('');
console.log(`took: ${timings.join(', ')}; in all ${seconds(startedAt)}`);
for (const line of breakdown) console.log(line);
for (const reason of skipped) console.log(`skipped: ${reason}`);
for (const step of failedSteps) console.log(`failed: ${step}`);
for (const test of failedTests) console.log(`  ✗ ${test}`);
const skippedPart = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skippedPart}`);
process.exit(totals.failed > 0 ? 1 : 0);
