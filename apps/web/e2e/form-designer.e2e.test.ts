import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kk } from '../src/i18n/locales/kk.ts';
import { ru } from '../src/i18n/locales/ru.ts';
import { FormDesignerPage } from './pages/form-designer.page.ts';
import { FormsPage } from './pages/forms.page.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

const admin = { displayName: 'Айгерим Сейтова', email: 'forms@example.org', password: 'тихий снег над астаной' };
/** How an expression reads an answer: `${id}`. */
const ref = (id: string) => `\${${id}}`;
const standardCodes = ['readiness', 'opening', 'voting', 'closing', 'turnout', 'incident', 'protocol'];

const present = {
  id: 'press_present',
  ru: 'Присутствуют ли представители СМИ?',
  kk: 'БАҚ өкілдері қатысып отыр ма?',
};
const count = { id: 'press_count', ru: 'Сколько представителей СМИ?', kk: 'БАҚ өкілдері нешеу?' };

const shot = (page: Page, name: string, fullPage = true) => screenshot(page, `forms-${name}`, { fullPage });

describeInChromium('apps/web/e2e/form-designer.e2e.test.ts', 'forms list and designer', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const response = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(response.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(viewport: typeof DESKTOP | typeof PHONE): Promise<Page> {
    const page = await (await newContext(browser, server.baseUrl, viewport)).newPage();
    await signInToHq(page, admin);
    return page;
  }

  /** The election comes from the API (its screens are tested elsewhere), in the signed-in session. */
  async function createElection(page: Page): Promise<void> {
    const headers = { Origin: server.baseUrl };
    const created = await page.request.post('/api/v1/elections', {
      headers,
      data: {
        name: { ru: 'Выборы Президента 2029', kk: 'Президент сайлауы 2029', en: 'Presidential election 2029' },
        kind: 'presidential',
        votingDate: '2029-11-18',
        timeZone: 'Asia/Almaty',
        ballotOptions: [
          { code: 'first', kind: 'candidate', name: { ru: 'Первый кандидат' } },
          { code: 'second', kind: 'candidate', name: { ru: 'Второй кандидат' } },
        ],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { election } = (await created.json()) as { election: { id: string; isCurrent: boolean } };
    if (!election.isCurrent) {
      const current = await page.request.post(`/api/v1/elections/${election.id}/current`, { headers });
      expect(current.status()).toBe(200);
    }
  }

  let designerPath = '';

  it('lists the standard forms, designs a new one, previews it in Kazakh, publishes and starts version 2', async () => {
    const page = await signedIn(DESKTOP);
    await createElection(page);
    // The overview already asked for the elections: start afresh so the app sees the new one.
    await page.reload();
    const shell = new HqShell(page);
    await shell.waitUntilOpen('/hq');
    const list = new FormsPage(page);

    // The list: seven standard forms, published as version 1.
    await shell.navLink(ru.nav.forms).click();
    await shell.waitUntilOpen('/hq/forms');
    await list.rows.first().waitFor();
    expect((await list.codes()).sort()).toEqual([...standardCodes].sort());
    await expect.poll(() => list.row('protocol').textContent()).toContain(ru.forms.standard);
    expect(await list.row('protocol').textContent()).toContain(ru.forms.versionN.replace('{{version}}', '1'));
    await shot(page, 'list-1280');
    await expectAccessible(page, 'forms list');

    // A new form opens in the designer with one empty section.
    await list.create({ code: 'press_check', title: { ru: 'Присутствие СМИ', kk: 'БАҚ қатысуы' } });
    const designer = new FormDesignerPage(page);
    await designer.waitUntilOpen();
    designerPath = new URL(page.url()).pathname;
    await expect.poll(() => shell.heading().textContent()).toBe('Присутствие СМИ');
    await designer.problems.locator('li[data-code="empty_group"]').waitFor();

    // A yes/no question…
    const first = await designer.addQuestion('yes_no');
    await designer.field(first, 'id').fill(present.id);
    await designer.field(first, 'label.ru').fill(present.ru);
    await designer.field(first, 'label.kk').fill(present.kk);
    await designer.field(first, 'required').check();

    // …and a whole number asked only when the press is there.
    const second = await designer.addQuestion('integer');
    await designer.field(second, 'id').fill(count.id);
    await designer.field(second, 'label.ru').fill(count.ru);
    await designer.field(second, 'label.kk').fill(count.kk);
    await designer.field(second, 'min').fill('1');

    // A broken expression is refused as it is typed, with the place marked.
    const relevant = designer.field(second, 'relevant');
    await relevant.fill(`${ref('press_present')} = = true`);
    const error = designer.expressionError(second, 'relevant');
    await error.waitFor();
    expect(await error.textContent()).toContain(ru.forms.expressionErrors.expr_syntax);
    expect(await relevant.getAttribute('aria-invalid')).toBe('true');
    expect(await error.locator('.fd-marker mark').textContent()).toBe('=');
    expect(await error.locator('.fd-marker').getAttribute('data-at')).toBe('19');
    await expect.poll(() => designer.publishButton().isDisabled()).toBe(true);
    await shot(page, 'designer-expression-error-1280');

    // An unknown question is caught by the form check, also at its place.
    await relevant.fill(`${ref('press_presnt')} = true`);
    await expect.poll(() => error.textContent()).toContain(ru.forms.definitionProblems.unknown_reference);

    // Fixed: no problem left, publication allowed.
    await relevant.fill(`${ref('press_present')} = true`);
    await error.waitFor({ state: 'detached' });
    await expect.poll(() => designer.problems.locator('h2').textContent()).toBe(ru.forms.designer.noProblems);
    expect(await designer.publishButton().isDisabled()).toBe(false);

    // The preview applies the skip logic live…
    await designer.previewQuestion(present.id).waitFor();
    expect(await designer.previewQuestion(count.id).count()).toBe(0);
    await designer.previewQuestion(present.id).getByLabel(ru.forms.preview.yes).check();
    await designer.previewQuestion(count.id).waitFor();
    // …checks answers against the form (1 is the minimum)…
    await designer.previewQuestion(count.id).locator('input').fill('0');
    await expect
      .poll(() => designer.previewQuestion(count.id).locator('.fr-errors').textContent())
      .toBe(ru.forms.problems.below_min.replace('{{min}}', '1'));
    await designer.previewQuestion(count.id).locator('input').fill('3');
    await designer.previewQuestion(count.id).locator('.fr-errors').waitFor({ state: 'detached' });
    // …and speaks Kazakh when asked, while the UI stays Russian.
    await designer.previewIn('kk');
    await expect.poll(() => designer.previewQuestion(present.id).locator('legend').textContent()).toContain(present.kk);
    expect(await designer.previewQuestion(present.id).getByLabel(kk.forms.preview.yes).isChecked()).toBe(true);
    expect(await shell.htmlLang()).toBe('ru');
    await shot(page, 'designer-1280');
    await expectAccessible(page, 'form designer');

    // Publish (saves the changes first): version 1 is published.
    await designer.publishButton().click();
    await expect
      .poll(() => designer.notice().textContent())
      .toBe(ru.forms.designer.published.replace('{{version}}', '1'));
    await designer.version(1).waitFor();
    expect(await designer.version(1).getAttribute('data-status')).toBe('published');
    expect(await designer.status().textContent()).toBe(ru.forms.designer.statusPublished.replace('{{version}}', '1'));
    await expect.poll(() => designer.publishButton().isDisabled()).toBe(true);

    // Editing again starts version 2 as a draft; version 1 stays published.
    await designer.expand(designer.question(count.id));
    await designer.field(designer.question(count.id), 'label.ru').fill('Сколько журналистов на участке?');
    expect(await designer.status().textContent()).toBe(ru.forms.designer.statusUnsavedNew.replace('{{version}}', '2'));
    await designer.save();
    await expect.poll(() => designer.notice().textContent()).toBe(ru.forms.designer.saved.replace('{{version}}', '2'));
    await designer.version(2).waitFor();
    expect(await designer.version(2).getAttribute('data-status')).toBe('draft');
    expect(await designer.version(1).getAttribute('data-status')).toBe('published');
    await shot(page, 'designer-versions-1280');

    // The list says the same: published version 1, with a draft.
    await shell.navLink(ru.nav.forms).click();
    await shell.waitUntilOpen('/hq/forms');
    await list.row('press_check').waitFor();
    // (The cached list shows first; the fresh one follows.)
    await expect
      .poll(() => list.row('press_check').textContent())
      .toContain(ru.forms.versionN.replace('{{version}}', '1'));
    expect(await list.row('press_check').textContent()).toContain(ru.forms.draft);
  });

  it('works on a phone: the list and the designer with the preview below', async () => {
    expect(designerPath, 'the first test opened the designer').not.toBe('');
    const page = await signedIn(PHONE);
    const list = new FormsPage(page);
    await list.goto();
    await shot(page, 'list-390');
    await expectAccessible(page, 'forms list (phone)');

    await page.goto(designerPath);
    const designer = new FormDesignerPage(page);
    await designer.waitUntilOpen();
    await designer.questions.first().waitFor();
    await designer.expand(designer.question(count.id));
    await shot(page, 'designer-390');
    await designer.preview.scrollIntoViewIfNeeded();
    await shot(page, 'designer-preview-390', false);
    await expectAccessible(page, 'form designer (phone)');
    // Nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('shows the standard protocol form with its checks and flags a protocol that does not add up', async () => {
    const page = await signedIn(DESKTOP);
    const list = new FormsPage(page);
    await list.goto();
    await list.open('protocol');
    const designer = new FormDesignerPage(page);
    await designer.waitUntilOpen();
    await designer.preview.locator('.fr-question').first().waitFor();
    // Fill the first two numeric lines with figures that cannot both be right, until a flag appears.
    const numbers = designer.preview.locator('.fr-question input[type="number"]');
    const n = await numbers.count();
    expect(n).toBeGreaterThan(3);
    for (let i = 0; i < n; i++) await numbers.nth(i).fill(String(100 + i * 7));
    await designer.preview.locator('.fr-flags').waitFor();
    expect(await designer.preview.locator('.fr-flags li').count()).toBeGreaterThan(0);
    await shot(page, 'designer-protocol-flags-1280');
  });
});
