import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ru } from '../src/i18n/locales/ru.ts';
import { FormDesignerPage } from './pages/form-designer.page.ts';
import { FormsPage } from './pages/forms.page.ts';
import { HqShell, signInToHq } from './pages/hq-shell.page.ts';
import { expectAccessible } from './support/axe.ts';
import { DESKTOP, describeInChromium, launchChromium, newContext, PHONE, screenshot } from './support/browser.ts';
import { type RunningServer, setupApi, startServer } from './support/server.ts';

/**
 * XLSForms as other tools write them (issue 16), imported by a coordinator through the forms page:
 * upper-case sheets and headers with the older type spellings and an "or_other" question, a second
 * workbook without form_id under the same file name, and a workbook with no question at all. The
 * workbooks are built here with exceljs, never downloaded.
 */

const admin = {
  displayName: 'Айгерим Сейтова',
  email: 'xlsform-admin@example.org',
  password: 'тихий снег над астаной',
};
const coordinator = {
  displayName: 'Ерлан Жумабаев',
  email: 'xlsform-coordinator@example.org',
  password: 'степной ветер несёт анкеты',
};
const FILE_NAME = 'Анкета наблюдателя.xlsx';
const CODE = 'anketa_nablyudatelya';
const notes = ru.forms.importDialog.notes;

/** i18next's `{{name}}` filled in, to compare with what the dialog shows. */
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

const shot = (page: Page, name: string) => screenshot(page, `xlsform-${name}`);

type Sheet = { name: string; rows: string[][] };

async function writeWorkbook(path: string, sheets: Sheet[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) workbook.addWorksheet(sheet.name).addRows(sheet.rows);
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** Upper-case sheet names and headers, `select one from` and `select_one … or_other`, no settings sheet. */
const upperCase: Sheet[] = [
  {
    name: 'SURVEY',
    rows: [
      ['TYPE', 'NAME', 'LABEL::EN', 'LABEL::RU', 'LABEL::FR', 'REQUIRED'],
      [
        'select one from yes_no',
        'admitted',
        'Were you admitted to the station?',
        'Вас допустили на участок?',
        'Avez-vous été admis ?',
        'yes',
      ],
      ['select_one who or_other', 'obstructed_by', 'Who obstructed your work?', 'Кто мешал вашей работе?', '', ''],
      ['integer', 'members', 'Commission members present', 'Членов комиссии на участке', '', ''],
    ],
  },
  {
    name: 'CHOICES',
    rows: [
      ['LIST_NAME', 'NAME', 'LABEL::EN', 'LABEL::RU'],
      ['yes_no', 'yes', 'Yes', 'Да'],
      ['yes_no', 'no', 'No', 'Нет'],
      ['who', 'chair', 'Commission chair', 'Председатель комиссии'],
      ['who', 'police', 'Police', 'Полиция'],
    ],
  },
];

/** A second workbook, also without form_id, saved under the same name. */
const secondWorkbook: Sheet[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label::ru'],
      ['text', 'closing_note', 'Замечания при закрытии'],
    ],
  },
];

/** Only XLSForm metadata: no question to import. */
const noQuestions: Sheet[] = [
  {
    name: 'survey',
    rows: [
      ['type', 'name', 'label'],
      ['start', 'start', ''],
      ['deviceid', 'device', ''],
    ],
  },
];

describeInChromium('apps/web/e2e/xlsform-import.e2e.test.ts', 'XLSForm import from other tools', () => {
  let server: RunningServer;
  let browser: Browser;
  let hq: APIRequestContext;
  let electionId = '';
  const contexts: BrowserContext[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pollwatch-xlsform-'));
  const files = {
    first: join(dir, 'first', FILE_NAME),
    second: join(dir, 'second', FILE_NAME),
    empty: join(dir, 'Пустая анкета.xlsx'),
  };

  async function adminPost<T>(path: string, data?: unknown): Promise<T> {
    const response = await hq.post(path, { headers: { Origin: server.baseUrl }, data });
    expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  /** The forms of the election, from the API: what the server holds, whatever the page shows. */
  async function formCodes(): Promise<string[]> {
    const response = await hq.get(`/api/v1/elections/${electionId}/forms`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { items: { code: string }[] }).items.map((f) => f.code).sort();
  }

  async function coordinatorPage(viewport: typeof DESKTOP | typeof PHONE = DESKTOP): Promise<Page> {
    const context = await newContext(browser, server.baseUrl, viewport);
    contexts.push(context);
    const page = await context.newPage();
    await signInToHq(page, coordinator);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(join(dir, 'first'));
    mkdirSync(join(dir, 'second'));
    await writeWorkbook(files.first, upperCase);
    await writeWorkbook(files.second, secondWorkbook);
    await writeWorkbook(files.empty, noQuestions);

    server = await startServer();
    browser = await launchChromium();
    const setup = await fetch(setupApi(server), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(setup.status).toBe(201);
    const adminContext = await newContext(browser, server.baseUrl);
    contexts.push(adminContext);
    hq = adminContext.request;
    const signedIn = await hq.post('/api/v1/auth/sign-in', {
      headers: { Origin: server.baseUrl },
      data: { email: admin.email, password: admin.password },
    });
    expect(signedIn.status()).toBe(200);
    // The election and the coordinator's account come from the API (their screens are tested elsewhere).
    const { election } = await adminPost<{ election: { id: string; isCurrent: boolean } }>('/api/v1/elections', {
      name: { ru: 'Выборы в маслихат 2027', kk: 'Мәслихат сайлауы 2027', en: 'Maslikhat election 2027' },
      kind: 'local_council',
      votingDate: '2027-03-21',
      timeZone: 'Asia/Almaty',
    });
    electionId = election.id;
    if (!election.isCurrent) await adminPost(`/api/v1/elections/${election.id}/current`);
    await adminPost('/api/v1/users', { role: 'coordinator', ...coordinator });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports an upper-case workbook with the older syntax: the code comes from the file name, every automatic choice is listed, the "other" question is in the draft', async () => {
    const page = await coordinatorPage();
    const before = await formCodes();
    const list = new FormsPage(page);
    await list.goto();
    await list.importXlsForm(files.first);

    const dialog = list.dialog;
    await dialog.getByRole('heading', { name: ru.forms.importDialog.doneTitle }).waitFor();
    expect(await dialog.locator('.alert-success').textContent()).toBe(
      fill(ru.forms.importDialog.done, { title: 'Анкета наблюдателя' }),
    );
    // Each decision the import took by itself, in the order it took them, with the sheet it concerns:
    // the language of the columns on both sheets, the older type spelling (named by the type it became),
    // the added "other" question, and the code and title from the file name.
    expect(await list.importNoteTexts()).toEqual([
      ['choices', fill(notes.language_mapped, { value: 'LABEL::EN', target: 'en' })],
      ['choices', fill(notes.language_mapped, { value: 'LABEL::RU', target: 'ru' })],
      ['survey', fill(notes.language_mapped, { value: 'LABEL::EN', target: 'en' })],
      ['survey', fill(notes.language_mapped, { value: 'LABEL::RU', target: 'ru' })],
      ['survey', fill(notes.type_alias, { value: 'select one from', target: ru.forms.questionTypes.single_choice })],
      ['survey', fill(notes.other_choice_added, { target: 'obstructed_by_other' })],
      ['settings', fill(notes.code_from_file_name, { target: CODE })],
      ['settings', fill(notes.title_from_file_name, { target: 'Анкета наблюдателя' })],
    ]);
    expect(await list.importNotes().evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')))).toEqual([
      'language_mapped',
      'language_mapped',
      'language_mapped',
      'language_mapped',
      'type_alias',
      'other_choice_added',
      'code_from_file_name',
      'title_from_file_name',
    ]);
    // Upper case is no reason to drop anything: only the French column, a language the app does not speak.
    expect(await list.unmappedRows()).toEqual([
      [
        `survey · ${fill(ru.forms.importDialog.row, { row: '1' })} · LABEL::FR`,
        'LABEL::FR',
        ru.forms.importDialog.reasons.unknown_language,
      ],
    ]);
    expect(
      await dialog.getByRole('region', { name: fill(ru.forms.importDialog.unmappedTitle_one, { count: '1' }) }).count(),
    ).toBe(1);
    // The list of notes is a list named by its heading.
    expect(await dialog.getByRole('list', { name: ru.forms.importDialog.notesTitle }).count()).toBe(1);
    await shot(page, 'notes-1280');
    await expectAccessible(page, 'XLSForm import: notes');

    expect(await formCodes()).toEqual([...before, CODE].sort());

    // The draft opens in the designer with its questions, the "other (specify)" text among them.
    await list.openImported();
    const designer = new FormDesignerPage(page);
    await designer.waitUntilOpen();
    await expect.poll(() => new HqShell(page).heading().textContent()).toBe('Анкета наблюдателя');
    await designer.questions.first().waitFor();
    expect(
      await designer.questions.evaluateAll((items) => items.map((li) => li.getAttribute('data-question-id'))),
    ).toEqual(['admitted', 'obstructed_by', 'obstructed_by_other', 'members']);
    const other = designer.question('obstructed_by_other');
    expect(await other.locator('.fd-question-title').textContent()).toBe('Укажите другое');
    expect(await other.locator('.fd-question-meta .tag').first().textContent()).toBe(ru.forms.questionTypes.text);
    expect(await designer.question('admitted').locator('.fd-question-meta .tag').first().textContent()).toBe(
      ru.forms.questionTypes.single_choice,
    );
    // In the preview the text question shows only once "Other (specify)" is chosen.
    await designer.previewQuestion('obstructed_by').waitFor();
    expect(await designer.previewQuestion('obstructed_by_other').count()).toBe(0);
    await designer.previewQuestion('obstructed_by').getByLabel('Другое (укажите)').check();
    await designer.previewQuestion('obstructed_by_other').waitFor();
    await shot(page, 'designer-1280');
    await expectAccessible(page, 'XLSForm import: the imported draft');
  });

  it('imports a second workbook without form_id under the same name with a unique code, and says so', async () => {
    const page = await coordinatorPage();
    const list = new FormsPage(page);
    await list.goto();
    await list.importXlsForm(files.second);
    await list.dialog.getByRole('heading', { name: ru.forms.importDialog.doneTitle }).waitFor();
    await list.importNote('code_made_unique').waitFor();
    const texts = await list.importNoteTexts();
    expect(texts).toContainEqual(['settings', fill(notes.code_from_file_name, { target: CODE })]);
    // The last word: the code from the name was taken, so the draft got the next free one.
    expect(texts.at(-1)).toEqual(['settings', fill(notes.code_made_unique, { value: CODE, target: `${CODE}-2` })]);
    await shot(page, 'unique-code-1280');
    await expectAccessible(page, 'XLSForm import: code made unique');

    // Closed, the list shows both drafts.
    await list.dialog.getByRole('button', { name: ru.common.close, exact: true }).last().click();
    await list.dialog.waitFor({ state: 'detached' });
    await list.row(`${CODE}-2`).waitFor();
    expect(await list.row(CODE).textContent()).toContain(ru.forms.draft);
    expect(await list.row(`${CODE}-2`).textContent()).toContain(ru.forms.draft);
    expect((await formCodes()).filter((code) => code.startsWith(CODE))).toEqual([CODE, `${CODE}-2`]);
  });

  it('refuses a workbook with no question, with the reason, and creates nothing', async () => {
    const page = await coordinatorPage(PHONE);
    const before = await formCodes();
    const list = new FormsPage(page);
    await list.goto();
    await list.importXlsForm(files.empty);
    await list.importProblem().waitFor();
    expect(await list.importProblem().textContent()).toBe(ru.errors.xlsform_empty);
    expect(await list.importProblem().getAttribute('role')).toBe('alert');
    // The rows behind the refusal, each with its place and reason.
    expect(await list.unmappedRows()).toEqual([
      [
        `survey · ${fill(ru.forms.importDialog.row, { row: '2' })} · type`,
        'start',
        ru.forms.importDialog.reasons.metadata,
      ],
      [
        `survey · ${fill(ru.forms.importDialog.row, { row: '3' })} · type`,
        'deviceid',
        ru.forms.importDialog.reasons.metadata,
      ],
    ]);
    // Still the upload form: the coordinator can pick another file.
    expect(await list.dialog.locator('h2').textContent()).toBe(ru.forms.importDialog.title);
    await list.dialog.locator('#form-import-file').waitFor();
    await shot(page, 'refused-390');
    await expectAccessible(page, 'XLSForm import: refused (phone)');
    expect(await formCodes()).toEqual(before);
  });
});
