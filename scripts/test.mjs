#!/usr/bin/env node
// `npm test`: lint, typecheck, dependency direction, unit and integration tests (SQLite, and
// PostgreSQL when TEST_DATABASE_URL is set), then the browser tests. Runs every step even when one
// fails, says plainly what it skipped and why, and ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

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

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A check that is not a test runner counts as one test. */
function check(title, command, args) {
  if (run(title, command, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failedSteps.push(title);
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

check('lint and format (Biome)', 'npx', ['biome', 'check', '--error-on-warnings', '.']);
check('typecheck (server, packages)', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck (web)', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json']);
check('dependency direction', 'npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'apps', 'packages']);
vitest('unit');
check('build the web app', 'npm', ['run', 'build', '--workspace', 'apps/web']);
vitest('e2e');

console.log('');
for (const line of breakdown) console.log(line);
for (const reason of skipped) console.log(`skipped: ${reason}`);
for (const step of failedSteps) console.log(`failed: ${step}`);
for (const test of failedTests) console.log(`  ✗ ${test}`);
const skippedPart = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skippedPart}`);
process.exit(totals.failed > 0 ? 1 : 0);
