import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Accessibility check with axe-core, injected into the page under test (nothing is fetched from the
 * network). The rules are those of WCAG 2.0 and 2.1, levels A and AA.
 *
 * The app's Content-Security-Policy (`script-src 'self'`) refuses the inline <script> that
 * `page.addScriptTag` would add, and the tests keep that policy on rather than bypass it; so the
 * script is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */

const axeScriptPath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

declare global {
  interface Window {
    axe?: { run: (context: unknown, options: unknown) => Promise<AxeResults> };
  }
}

/** Every WCAG 2.1 A/AA violation on the page as it is now (a client-side navigation keeps axe loaded). */
export async function axeViolations(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    axeSource ??= readFileSync(axeScriptPath, 'utf8');
    await page.evaluate(axeSource);
  }
  return page.evaluate(async (tags) => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core did not load');
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations;
  }, WCAG_TAGS);
}

/** One paragraph per rule: impact, rule, what it means, then each offending element and why. */
export function formatViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((node) => {
          const why = (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ').trim();
          return `    - ${node.target.join(' ')}\n      ${node.html.slice(0, 200)}\n      ${why}`;
        })
        .join('\n');
      return `[${v.impact ?? 'unknown'}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

/**
 * Fails the test when the page has a serious or critical violation, listing them readably. The
 * failure is soft: the flow goes on, so that one run names every screen with a problem.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter((v) => BLOCKING.includes(v.impact ?? null));
  const report = formatViolations(blocking);
  expect.soft(report, `axe: serious or critical WCAG 2.1 A/AA violations on "${screen}"`).toBe('');
}
