import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { beforeAll, describe } from 'vitest';

/** The system Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/**
 * `describe` for browser tests: without the system Chromium it warns and skips, except under CI,
 * where the missing browser is a failure. A browser is never downloaded.
 */
export function describeInChromium(file: string, title: string, body: () => void): void {
  const skip = !chromiumAvailable && !process.env.CI;
  if (skip) {
    console.warn(
      `SKIPPED ${file}: no Chromium at ${CHROMIUM_PATH} (the browser tests never download one). Install chromium to run them; with CI set, this is a failure instead.`,
    );
  }
  describe.skipIf(skip)(title, () => {
    beforeAll(() => {
      if (!chromiumAvailable) {
        throw new Error(`CI is set but ${CHROMIUM_PATH} does not exist: the browser tests need the system Chromium`);
      }
    });
    body();
  });
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

export function newContext(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<BrowserContext> {
  const phone = viewport.width < 600;
  return browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    // The browser's own language must not decide the UI: ru is the app's default.
    locale: 'en-US',
    timezoneId: 'Asia/Almaty',
  });
}

/** Where screenshots go: `apps/web/e2e/.screenshots/` (git-ignored) and the review folder. */
const screenshotDirs = [
  fileURLToPath(new URL('../.screenshots/', import.meta.url)),
  process.env.POLLWATCH_SHOTS ?? join(tmpdir(), 'pollwatch-shots'),
];

/**
 * Screenshots are for people to look at while building; CI has no one to look, so it skips them
 * (they cost seconds each) unless POLLWATCH_SHOTS asks for them.
 */
export const takeScreenshots = !process.env.CI || Boolean(process.env.POLLWATCH_SHOTS);

/** Saves `<name>.png` in both screenshot folders: taken once, written twice. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  if (!takeScreenshots) return;
  // A full-page shot taken while scrolled shows sticky bars halfway down.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  const image = await page.screenshot({ fullPage });
  for (const dir of screenshotDirs) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.png`), image);
  }
}

/** A JSON API call made by the page itself, with its cookies and origin (a signed-in user's request). */
export async function pageApi<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; data: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, data: await response.json().catch(() => null) };
    },
    { method, path, body },
  );
}

/** Today in Almaty by this machine's clock, which the e2e server shares: a voting day whose phases are now. */
export function almatyToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(new Date());
}

/**
 * A photo of a protocol page, drawn and encoded as JPEG by the browser itself (no image files to
 * keep), as base64.
 */
export function drawnProtocolJpeg(page: Page, width: number, height: number): Promise<string> {
  return page.evaluate(
    ({ width, height }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d') as CanvasRenderingContext2D;
      g.fillStyle = '#f5f0e1';
      g.fillRect(0, 0, width, height);
      g.fillStyle = '#223';
      g.font = `${Math.round(height / 15)}px sans-serif`;
      g.fillText('ПРОТОКОЛ № 101', width / 8, height / 5);
      for (let line = 0; line < 8; line++) {
        g.fillRect(width / 16, height * (0.3 + line * 0.08), width * (0.5 + ((line * 37) % 40) / 100), height / 40);
      }
      return canvas.toDataURL('image/jpeg', 0.92).split(',')[1] ?? '';
    },
    { width, height },
  );
}
