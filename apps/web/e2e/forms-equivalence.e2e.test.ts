import { join } from 'node:path';
import { equivalenceCases, hasBlockingProblems, type SubmissionResult, validateSubmission } from '@pollwatch/core';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium } from './support/browser.ts';
import { repoRoot } from './support/server.ts';

/**
 * The forms engine must give the same answer in the observer's browser and on the server. The same
 * core source is bundled for the browser and run in Chromium on a blank page; the cases are generated
 * on each side from the same seed, so nothing but the seed crosses over.
 */

const COUNT = 300;
const SEED = 20240310;

declare global {
  interface Window {
    pollwatchEquivalence?: (count: number, seed: number) => string;
  }
}

/** What both sides produce: every case's name and validation result, as JSON. */
function runInNode(count: number, seed: number): string {
  return JSON.stringify(
    equivalenceCases(count, seed).map((c) => ({
      name: c.name,
      result: validateSubmission(c.form, c.answers, c.context),
    })),
  );
}

async function browserBundle(): Promise<string> {
  const forms = join(repoRoot, 'packages/core/src/forms/index.ts').replaceAll('\\', '/');
  const out = await build({
    stdin: {
      contents: [
        `import { equivalenceCases, validateSubmission } from ${JSON.stringify(forms)};`,
        'window.pollwatchEquivalence = (count, seed) => JSON.stringify(',
        '  equivalenceCases(count, seed).map((c) => ({ name: c.name, result: validateSubmission(c.form, c.answers, c.context) })),',
        ');',
      ].join('\n'),
      resolveDir: repoRoot,
      sourcefile: 'equivalence-entry.js',
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}

describeInChromium('apps/web/e2e/forms-equivalence.e2e.test.ts', 'forms engine: browser and Node agree', () => {
  let browser: Browser;
  let bundle: string;

  beforeAll(async () => {
    [browser, bundle] = await Promise.all([launchChromium(), browserBundle()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it(`validates ${COUNT} seeded cases to deep-equal results in Chromium and in Node`, async () => {
    const node = runInNode(COUNT, SEED);
    const nodeResults = JSON.parse(node) as Array<{ name: string; result: SubmissionResult }>;

    // The cases must be able to fail: valid and invalid reports, skipped questions and protocol flags.
    const blocking = nodeResults.filter((r) => hasBlockingProblems(r.result)).length;
    expect(nodeResults).toHaveLength(COUNT);
    expect(blocking).toBeGreaterThan(0);
    expect(blocking).toBeLessThan(COUNT);
    expect(nodeResults.some((r) => r.result.flags.length > 0)).toBe(true);
    expect(nodeResults.some((r) => r.result.problems.some((p) => p.code === 'not_relevant'))).toBe(true);

    const page = await (await browser.newContext()).newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ content: bundle });
    const inBrowser = await page.evaluate(
      ([count, seed]) => {
        if (!window.pollwatchEquivalence) throw new Error('the bundle did not load');
        return window.pollwatchEquivalence(count, seed);
      },
      [COUNT, SEED] as const,
    );
    const browserResults = JSON.parse(inBrowser) as typeof nodeResults;

    // Case by case first, so a failure names the case; then the whole, byte for byte (same order too).
    for (const [i, expected] of nodeResults.entries()) {
      expect(browserResults[i], expected.name).toEqual(expected);
    }
    expect(inBrowser).toBe(node);
    // And it really ran in Chromium, not in Node.
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Chrome/);
  });

  it('tells a different seed apart (the comparison is not vacuous)', async () => {
    expect(runInNode(20, SEED + 1)).not.toBe(runInNode(20, SEED));
  });
});
