// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions refer to answers as ${id}
import { readFileSync } from 'node:fs';
import { describeEachDialect } from '@pollwatch/db/testing';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const xlsform = readFileSync(
  new URL('../../../../packages/documents/src/xlsform/fixtures/observation-checklist.xlsx', import.meta.url),
);
const PHOTO = 'a'.repeat(64);

/** An XLSForm workbook built here, as another tool writes it: upper-case sheets and headers, no settings sheet. */
async function workbook(surveyRows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const survey = book.addWorksheet('SURVEY');
  for (const row of [['TYPE', 'NAME', 'LABEL::EN', 'Label::Русский (ru)'], ...surveyRows]) survey.addRow(row);
  const choices = book.addWorksheet('CHOICES');
  for (const row of [
    ['LIST NAME', 'NAME', 'LABEL::EN', 'Label::Русский (ru)'],
    ['yes_no', 'yes', 'Yes', 'Да'],
    ['yes_no', 'no', 'No', 'Нет'],
  ])
    choices.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function customForm(extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    code: 'queue_check',
    kind: 'custom',
    title: { ru: 'Очередь', kk: 'Кезек', en: 'Queue' },
    groups: [
      {
        id: 'main',
        title: { ru: 'Основное', kk: 'Негізгі', en: 'Main' },
        questions: [
          {
            id: 'queue',
            type: 'yes_no',
            label: { ru: 'Есть очередь?', kk: 'Кезек бар ма?', en: 'Is there a queue?' },
            smsCode: 'Q',
            required: true,
          },
          {
            id: 'queue_size',
            type: 'integer',
            min: 0,
            label: { ru: 'Сколько человек?', kk: 'Қанша адам?', en: 'How many people?' },
            relevant: "${queue} = 'yes'",
            smsCode: 'N',
          },
        ],
      },
    ],
    ...extra,
  };
}

describeEachDialect('forms', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    const created = await call('POST', '/api/v1/elections', {
      name: { ru: 'Выборы' },
      kind: 'presidential',
      votingDate: '2022-11-20',
      timeZone: 'Asia/Almaty',
      ballotOptions: [
        { code: 'tokayev', kind: 'candidate', name: { ru: 'Токаев' } },
        { code: 'against_all', kind: 'against_all', name: { ru: 'Против всех' } },
      ],
    });
    electionId = created.json().election.id;
  });
  afterEach(() => t.close());

  function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) {
    return t.request({ method, url, body, cookie: admin });
  }

  async function formByCode(code: string) {
    const list = (await call('GET', `/api/v1/elections/${electionId}/forms`)).json().items as {
      id: string;
      code: string;
    }[];
    return list.find((f) => f.code === code) as {
      id: string;
      code: string;
      publishedVersion: number;
      latestVersion: number;
    };
  }

  it('ships every new election with the seven standard forms, published, the protocol built from its ballot', async () => {
    const list = (await call('GET', `/api/v1/elections/${electionId}/forms`)).json().items;
    expect(list.map((f: { kind: string }) => f.kind)).toEqual([
      'readiness',
      'opening',
      'voting',
      'closing',
      'turnout',
      'incident',
      'protocol',
    ]);
    expect(
      list.every((f: { isStandard: boolean; publishedVersion: number }) => f.isStandard && f.publishedVersion === 1),
    ).toBe(true);
    const protocol = (await call('GET', `/api/v1/forms/${(await formByCode('protocol')).id}`)).json();
    const ids = protocol.versions[0].definition.groups.flatMap((g: { questions: { id: string }[] }) =>
      g.questions.map((q) => q.id),
    );
    expect(ids).toEqual(expect.arrayContaining(['option_tokayev', 'option_against_all', 'protocol_photos']));

    // A new ballot publishes a new protocol version; version 1 stays as it was.
    await call('PATCH', `/api/v1/elections/${electionId}`, {
      ballotOptions: [
        { code: 'yes', kind: 'yes', name: { ru: 'Да' } },
        { code: 'no', kind: 'no', name: { ru: 'Нет' } },
      ],
    });
    const after = (await call('GET', `/api/v1/forms/${(await formByCode('protocol')).id}`)).json();
    expect(after.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    const v2 = after.versions[0].definition.groups[0].questions.map((q: { id: string }) => q.id);
    expect(v2).toContain('option_yes');
    expect(v2).not.toContain('option_tokayev');
    expect(after.versions[1].definition.groups[0].questions.map((q: { id: string }) => q.id)).toContain(
      'option_tokayev',
    );
  });

  it('keeps drafts editable, refuses to publish a form with problems, and versions after publication', async () => {
    const broken = customForm();
    (broken.groups[0]?.questions[1] as { relevant: string }).relevant = '${queue} = ';
    const created = await call('POST', `/api/v1/elections/${electionId}/forms`, { definition: broken });
    expect(created.statusCode, created.body).toBe(201);
    const { form, version } = created.json();
    expect(version).toMatchObject({ version: 1, status: 'draft' });
    expect(version.problems).toEqual([
      expect.objectContaining({
        code: 'expr_syntax',
        questionId: 'queue_size',
        path: 'groups[0].questions[1].relevant',
        at: 11,
        found: 'end',
      }),
    ]);
    const refused = await call('POST', `/api/v1/forms/${form.id}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('form_invalid');
    expect(refused.json().error.details.problems[0].code).toBe('expr_syntax');

    const fixed = await call('PUT', `/api/v1/forms/${form.id}/draft`, { definition: customForm() });
    expect(fixed.json().version).toMatchObject({ version: 1, status: 'draft', problems: [] });
    const published = await call('POST', `/api/v1/forms/${form.id}/publish`);
    expect(published.json().version).toMatchObject({ version: 1, status: 'published' });
    expect((await call('POST', `/api/v1/forms/${form.id}/publish`)).json().error.code).toBe('form_version_locked');

    const edited = customForm({ title: { ru: 'Очередь у входа' } });
    const draft2 = await call('PUT', `/api/v1/forms/${form.id}/draft`, { definition: edited });
    expect(draft2.json().version).toMatchObject({ version: 2, status: 'draft' });
    const detail = (await call('GET', `/api/v1/forms/${form.id}`)).json();
    expect(detail.form).toMatchObject({ latestVersion: 2, publishedVersion: 1, hasDraft: true });
    expect(detail.versions[1].definition.title.ru).toBe('Очередь');

    const duplicate = await call('POST', `/api/v1/elections/${electionId}/forms`, { definition: customForm() });
    expect(duplicate.statusCode).toBe(409);
    const nameless = await call('POST', `/api/v1/elections/${electionId}/forms`, { definition: { code: 'x' } });
    expect(nameless.statusCode).toBe(422);
  });

  it('never changes a published version, even from SQL', async () => {
    const turnout = await formByCode('turnout');
    const kysely = db().kysely;
    await expect(
      sql`update form_versions set definition = ${'{}'} where form_id = ${turnout.id}`.execute(kysely),
    ).rejects.toThrow(/published form version/);
    await expect(sql`delete from form_versions where form_id = ${turnout.id}`.execute(kysely)).rejects.toThrow(
      /published form version/,
    );
  });

  it('validates answers on the server: problems per question, protocol relations as flags only', async () => {
    const kz = (
      await call('POST', '/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } })
    ).json().area;
    const station = (
      await call('POST', `/api/v1/elections/${electionId}/stations`, {
        areaId: kz.id,
        number: 1,
        address: 'А',
        registeredVoters: 1000,
      })
    ).json().station;
    const turnout = await formByCode('turnout');
    const tooMany = await call('POST', `/api/v1/forms/${turnout.id}/versions/1/validate`, {
      answers: { checkpoint_time: '10:00', voters_received: 1200, source: 'observer_count', unknown_q: 1 },
      stationId: station.id,
    });
    expect(tooMany.statusCode, tooMany.body).toBe(200);
    const codes = tooMany.json().problems.map((p: { questionId: string; code: string }) => `${p.questionId}:${p.code}`);
    expect(codes).toContain('voters_received:constraint_failed');
    expect(codes).toContain('unknown_q:unknown_question');

    const protocol = await formByCode('protocol');
    const answers = {
      voters_on_lists: 1000,
      ballots_received: 1000,
      voters_received_ballots: 600,
      ballots_cancelled: 300,
      voters_took_part: 600,
      invalid_ballots: 10,
      option_tokayev: 500,
      option_against_all: 90,
      protocol_photos: [PHOTO],
    };
    const result = (await call('POST', `/api/v1/forms/${protocol.id}/versions/1/validate`, { answers })).json();
    expect(result.problems).toEqual([]);
    expect(result.flags.map((f: { checkId: string }) => f.checkId)).toEqual(['kz_received_balance']);
    // The dry check wrote nothing to the audit log's safety net.
    const audit = (await call('GET', '/api/v1/audit?action=request.write')).json();
    expect(audit.items).toEqual([]);
  });

  it('imports an XLSForm as a draft and lists what it could not map', async () => {
    const imported = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/forms/xlsform?fileName=checklist.xlsx`,
      cookie: admin,
      body: xlsform,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const body = imported.json();
    expect(body.version.status).toBe('draft');
    expect(body.form.isStandard).toBe(false);
    expect(Array.isArray(body.unmapped)).toBe(true);
    expect(body.unmapped.length).toBeGreaterThan(0);
    const garbage = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/forms/xlsform?fileName=x.xlsx`,
      cookie: admin,
      body: Buffer.from('not a workbook'),
    });
    expect(garbage.statusCode).toBe(422);
    expect(garbage.json().error.code).toBe('file_unreadable');
  });

  function upload(fileName: string, body: Buffer) {
    return t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/forms/xlsform?fileName=${encodeURIComponent(fileName)}`,
      cookie: admin,
      body,
    });
  }

  it('imports two workbooks without form_id into one election under codes from their names, made unique', async () => {
    const file = await workbook([
      ['select one from yes_no or specify other', 'queue', 'Is there a queue?', 'Есть очередь?'],
      ['int', 'queue_size', 'How many people?', 'Сколько человек?'],
    ]);
    const first = await upload('Анкета наблюдателя.xlsx', file);
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json();
    expect(a.form.code).toBe('anketa_nablyudatelya');
    expect(a.form.title.ru).toBe('Анкета наблюдателя');
    expect(a.unmapped).toEqual([]);
    expect(a.version.definition.groups[0].questions.map((q: { id: string; type: string }) => [q.id, q.type])).toEqual([
      ['queue', 'single_choice'],
      ['queue_other', 'text'],
      ['queue_size', 'integer'],
    ]);
    // Every automatic choice is in the report the draft comes back with.
    expect(a.notes.map((n: { kind: string; target: string }) => [n.kind, n.target])).toEqual([
      ['language_mapped', 'en'],
      ['language_mapped', 'ru'],
      ['language_mapped', 'en'],
      ['language_mapped', 'ru'],
      ['type_alias', 'single_choice'],
      ['other_choice_added', 'queue_other'],
      ['type_alias', 'integer'],
      ['code_from_file_name', 'anketa_nablyudatelya'],
      ['title_from_file_name', 'Анкета наблюдателя'],
    ]);

    const second = await upload('Анкета наблюдателя.xlsx', file);
    expect(second.statusCode, second.body).toBe(201);
    const b = second.json();
    expect(b.form.code).toBe('anketa_nablyudatelya-2');
    expect(b.notes.at(-1)).toEqual({
      sheet: 'settings',
      column: 'form_id',
      value: 'anketa_nablyudatelya',
      kind: 'code_made_unique',
      target: 'anketa_nablyudatelya-2',
    });
    const third = await upload('Анкета наблюдателя.xlsx', file);
    expect(third.json().form.code).toBe('anketa_nablyudatelya-3');
    const codes = (await call('GET', `/api/v1/elections/${electionId}/forms`))
      .json()
      .items.map((f: { code: string }) => f.code);
    expect(codes.filter((c: string) => c.startsWith('anketa'))).toEqual([
      'anketa_nablyudatelya',
      'anketa_nablyudatelya-2',
      'anketa_nablyudatelya-3',
    ]);
    // The draft the designer opens is the imported one.
    const stored = (await call('GET', `/api/v1/forms/${b.form.id}`)).json();
    expect(stored.versions[0].definition.code).toBe('anketa_nablyudatelya-2');
  });

  it('refuses a workbook that yields no question, with the reason, and saves nothing', async () => {
    const before = (await call('GET', `/api/v1/elections/${electionId}/forms`)).json().items.length;
    const onlyMetadata = await workbook([
      ['start', 'start', '', ''],
      ['barcode', 'ballot', 'Ballot code', 'Штрихкод'],
    ]);
    const refused = await upload('empty.xlsx', onlyMetadata);
    expect(refused.statusCode).toBe(422);
    const error = refused.json().error;
    expect(error.code).toBe('xlsform_empty');
    expect(error.details.reason).toBe('nothing_mapped');
    expect(error.details.unmapped.map((u: { row: number; reason: string }) => [u.row, u.reason])).toEqual([
      [2, 'metadata'],
      [3, 'unknown_type'],
    ]);
    const noType = new ExcelJS.Workbook();
    noType.addWorksheet('Survey').addRows([
      ['Kind', 'Label'],
      ['text', 'Comment'],
    ]);
    const noTypeRefused = await upload('x.xlsx', Buffer.from(await noType.xlsx.writeBuffer()));
    expect(noTypeRefused.json().error).toMatchObject({ code: 'xlsform_empty', details: { reason: 'no_type_column' } });
    expect((await call('GET', `/api/v1/elections/${electionId}/forms`)).json().items).toHaveLength(before);
  });

  it('keeps an explicit form_id as written: a second import with it is a conflict', async () => {
    const first = await upload('checklist.xlsx', xlsform);
    expect(first.statusCode).toBe(201);
    expect(first.json().form.code).toBe('observation_checklist');
    const second = await upload('checklist.xlsx', xlsform);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('conflict');
  });
});
