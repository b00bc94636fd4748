import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docxText, pdfText } from '../../../packages/documents/src/resolution/read-back.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { HqShell } from './pages/hq-shell.page.ts';
import { ResolutionPage } from './pages/resolution.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, screenshot } from './support/browser.ts';
import { type HqApi, hqAdmin } from './support/hq-world.ts';
import { pollwatchArgs, type RunningServer, repoRoot, startServer } from './support/server.ts';

/**
 * Issue 18's browser story, second half: the admin builds the final resolution from the demo data,
 * writes a recommendation and the conclusions (markup stays text), approves it and downloads it as
 * DOCX and PDF, whose text carries the dashboard's figures.
 */

const admin = {
  displayName: 'Динара Сейткали',
  email: 'resolution-hq@example.org',
  password: 'резолюция для цик готова',
};
const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

describeInChromium('apps/web/e2e/resolution.e2e.test.ts', 'Resolution builder', () => {
  let server: RunningServer;
  let browser: Browser;
  let api: HqApi;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    api = await hqAdmin(server, browser, admin);
    await promisify(execFile)(process.execPath, pollwatchArgs('seed', 'demo'), {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: server.dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the admin builds the resolution from the demo data, approves it and downloads it', async () => {
    const { items } = await api.get<{ items: { id: string; isCurrent: boolean }[] }>('/api/v1/elections');
    const election = items.find((e) => e.isCurrent);
    if (!election) throw new Error('the demo made no current election');
    const overview = await api.get<{ stations: number; readiness: { visited: number } }>(
      `/api/v1/elections/${election.id}/overview`,
    );
    expect(overview.stations).toBeGreaterThan(0);

    const context = await newContext(browser, server.baseUrl, DESKTOP);
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(admin.email, admin.password);
    const shell = new HqShell(page);
    await shell.waitUntilOpen();
    // The console's navigation lists the page (the long sidebar scrolls; the test goes by address).
    expect(await shell.navLink(ru.nav.resolution).getAttribute('href')).toBe('/hq/resolution');
    const resolution = new ResolutionPage(page);
    await resolution.goto();

    await resolution.build('final');
    // The preview's figures are the dashboard's.
    const stations = (await resolution.figure('overview.stations').textContent())?.replace(/\s/g, '');
    expect(stations).toBe(String(overview.stations));
    expect((await resolution.figure('readiness.visited').textContent())?.replace(/\s/g, '')).toMatch(
      new RegExp(`^${overview.readiness.visited}\\(`),
    );

    await resolution.addRecommendation('Оборудовать пандусы на всех избирательных участках');
    await resolution.setConclusions(`Выборы прошли организованно. ${XSS}`);
    await resolution.save();
    await expect.poll(() => resolution.preview().textContent()).toContain(XSS);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, 'resolution-01-draft');
    await expectAccessible(page, 'resolution-01-draft');

    await resolution.approve();
    await expect.poll(() => resolution.page.locator('.resolution-editor').count()).toBe(0);
    await screenshot(page, 'resolution-02-approved');

    const pdf = await resolution.download('pdf');
    const pdfBytes = await readFile((await pdf.path()) as string);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfTextContent = await pdfText(pdfBytes);
    expect(pdfTextContent).toContain('Итоговая резолюция');
    expect(pdfTextContent).toContain('Оборудовать пандусы на всех избирательных участках');

    await resolution.chooseLanguage('kk');
    const docx = await resolution.download('docx');
    expect(docx.suggestedFilename()).toBe('resolution-v1-kk.docx');
    const docxContent = await docxText(await readFile((await docx.path()) as string));
    expect(docxContent).toContain('Қорытынды қарар');
    expect(docxContent).toContain(XSS);
    await context.close();
  }, 120_000);
});
