// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import { checkFormDefinition, type FormDefinition, type Question, validateSubmission } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { buildWorkbook } from './fixtures/build-workbook.ts';
import { readXlsForm } from './read-xlsform.ts';

/** XLSForms as other tools write them, built in the test (no downloaded files). */
const questions = (form: FormDefinition): Question[] => form.groups.flatMap((g) => g.questions);
const byId = (form: FormDefinition, id: string) => questions(form).find((q) => q.id === id);
const brief = (unmapped: { sheet: string; row: number; column?: string; reason: string }[]) =>
  unmapped.map(({ sheet, row, column, reason }) => [sheet, row, column, reason]);

describe('readXlsForm with files from other tools', () => {
  it('reads upper-case sheet names and headers (SURVEY, TYPE, LABEL::EN)', async () => {
    const file = await buildWorkbook([
      {
        name: 'SURVEY',
        rows: [
          ['TYPE', 'NAME', 'LABEL::EN', 'LABEL::RU', 'REQUIRED', 'RELEVANT', 'Constraint'],
          ['SELECT_ONE yes_no', 'admitted', 'Were you admitted?', 'Вас допустили?', 'YES', '', ''],
          ['Integer', 'members', 'Members present', 'Членов комиссии', '', "${admitted} = 'yes'", '. <= 50'],
        ],
      },
      {
        name: 'CHOICES',
        rows: [
          ['LIST_NAME', 'NAME', 'LABEL::EN', 'LABEL::RU'],
          ['yes_no', 'yes', 'Yes', 'Да'],
          ['yes_no', 'no', 'No', 'Нет'],
        ],
      },
      {
        name: 'SETTINGS',
        rows: [
          ['FORM_ID', 'FORM_TITLE'],
          ['Arrival', 'Прибытие'],
        ],
      },
    ]);
    const imported = await readXlsForm(file, { fileName: 'ARRIVAL.XLSX' });
    expect(imported.unmapped).toEqual([]);
    expect(imported.emptyReason).toBeUndefined();
    expect(checkFormDefinition(imported.form)).toEqual([]);
    expect(imported.form.code).toBe('arrival');
    expect(imported.form.title).toEqual({ ru: 'Прибытие' });
    expect(questions(imported.form)).toEqual([
      {
        id: 'admitted',
        type: 'single_choice',
        label: { ru: 'Вас допустили?', en: 'Were you admitted?' },
        required: true,
        choices: [
          { value: 'yes', label: { ru: 'Да', en: 'Yes' } },
          { value: 'no', label: { ru: 'Нет', en: 'No' } },
        ],
      },
      {
        id: 'members',
        type: 'integer',
        label: { ru: 'Членов комиссии', en: 'Members present' },
        relevant: "${admitted} = 'yes'",
        constraint: '. <= 50',
      },
    ]);
    // Each language column's mapping is reported once, on the header row; the code's lower-casing too.
    expect(imported.notes.map((n) => [n.sheet, n.row, n.value, n.kind, n.target])).toEqual([
      ['choices', 1, 'LABEL::EN', 'language_mapped', 'en'],
      ['choices', 1, 'LABEL::RU', 'language_mapped', 'ru'],
      ['survey', 1, 'LABEL::EN', 'language_mapped', 'en'],
      ['survey', 1, 'LABEL::RU', 'language_mapped', 'ru'],
      ['settings', undefined, 'Arrival', 'code_normalized', 'arrival'],
    ]);
  });

  it('reads the legacy syntax pyxform still accepts (select one from, select all that apply from, label:english)', async () => {
    const file = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label:english', 'label:russian', 'hint:English', 'constraint message:english'],
          ['select one from yes_no', 'admitted', 'Admitted?', 'Допустили?', 'At the door', ''],
          ['select all that apply from problems', 'problems', 'Problems', 'Нарушения', '', ''],
          ['add select one prompt using yes_no', 'queue', 'Queue?', 'Очередь?', '', ''],
          ['int', 'voters', 'Voters', 'Избиратели', '', ''],
          ['string', 'comment', 'Comment', 'Комментарий', '', ''],
          ['q picture', 'photo', 'Photo', 'Фото', '', ''],
          ['gps', 'place', 'Place', 'Место', '', ''],
          ['decimal', 'minutes', 'Minutes', 'Минуты', '', 'Too long'],
        ],
      },
      {
        name: 'choices',
        rows: [
          ['list name', 'name', 'label:English', 'label:Russian'],
          ['yes_no', 'yes', 'Yes', 'Да'],
          ['yes_no', 'no', 'No', 'Нет'],
          ['problems', 'stuffing', 'Stuffing', 'Вброс'],
          ['problems', 'carousel', 'Carousel', 'Карусель'],
        ],
      },
    ]);
    const { form, unmapped, notes } = await readXlsForm(file);
    expect(unmapped).toEqual([]);
    expect(checkFormDefinition(form)).toEqual([]);
    expect(questions(form).map((q) => [q.id, q.type])).toEqual([
      ['admitted', 'single_choice'],
      ['problems', 'multiple_choice'],
      ['queue', 'single_choice'],
      ['voters', 'integer'],
      ['comment', 'text'],
      ['photo', 'photo'],
      ['place', 'location'],
      ['minutes', 'decimal'],
    ]);
    expect(byId(form, 'admitted')).toMatchObject({
      label: { ru: 'Допустили?', en: 'Admitted?' },
      hint: { ru: 'At the door', en: 'At the door' },
      choices: [
        { value: 'yes', label: { ru: 'Да', en: 'Yes' } },
        { value: 'no', label: { ru: 'Нет', en: 'No' } },
      ],
    });
    expect(byId(form, 'problems')).toMatchObject({ choices: [{ value: 'stuffing' }, { value: 'carousel' }] });
    // Each alias is reported once, with the first row it was seen on.
    expect(notes.filter((n) => n.kind === 'type_alias').map((n) => [n.row, n.value, n.target])).toEqual([
      [2, 'select one from', 'single_choice'],
      [3, 'select all that apply from', 'multiple_choice'],
      [4, 'add select one prompt using', 'single_choice'],
      [5, 'int', 'integer'],
      [6, 'string', 'text'],
      [7, 'q picture', 'photo'],
      [8, 'gps', 'location'],
    ]);
    expect(notes.filter((n) => n.kind === 'language_mapped').map((n) => [n.column, n.target])).toEqual([
      ['label:English', 'en'],
      ['label:Russian', 'ru'],
      ['label:english', 'en'],
      ['label:russian', 'ru'],
      ['hint:English', 'en'],
      ['constraint message:english', 'en'],
    ]);
  });

  it('maps every spelling of ru, kk and en; lists other languages once by column; a bare label takes default_language', async () => {
    const file = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          [
            'type',
            'name',
            'label',
            'label::Русский (ru)',
            'label::қазақша',
            'label::Français (fr)',
            'hint::Kazakh (kk)',
          ],
          ['text', 'a', 'Question A', 'Вопрос А', 'А сұрағы', 'Question A fr', 'Кеңес'],
          ['text', 'b', 'Question B', 'Вопрос Б', 'Б сұрағы', 'Question B fr', ''],
        ],
      },
      { name: 'choices', rows: [['list_name', 'name', 'label']] },
      {
        name: 'settings',
        rows: [
          ['form_id', 'default_language'],
          ['langs', 'English (en)'],
        ],
      },
    ]);
    const { form, unmapped, notes } = await readXlsForm(file);
    expect(byId(form, 'a')).toEqual({
      id: 'a',
      type: 'text',
      label: { ru: 'Вопрос А', kk: 'А сұрағы', en: 'Question A' },
      hint: { ru: 'Кеңес', kk: 'Кеңес' },
    });
    expect(brief(unmapped)).toEqual([['survey', 1, 'label::Français (fr)', 'unknown_language']]);
    expect(notes.filter((n) => n.kind === 'language_mapped').map((n) => [n.column, n.target])).toEqual([
      ['label', 'en'],
      ['label::Русский (ru)', 'ru'],
      ['label::қазақша', 'kk'],
      ['hint::Kazakh (kk)', 'kk'],
    ]);
  });

  it('turns "or specify other" into an "other" choice and a text question shown only when it is chosen', async () => {
    const file = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label::ru', 'relevant'],
          ['select_one who or_other', 'who', 'Кто мешал?', ''],
          ['select all that apply from problems or specify other', 'problems', 'Нарушения', "${who} != ''"],
        ],
      },
      {
        name: 'choices',
        rows: [
          ['list_name', 'name', 'label::ru'],
          ['who', 'police', 'Полиция'],
          ['who', 'chair', 'Председатель'],
          ['problems', 'stuffing', 'Вброс'],
        ],
      },
    ]);
    const { form, unmapped, notes } = await readXlsForm(file);
    expect(unmapped).toEqual([]);
    expect(checkFormDefinition(form)).toEqual([]);
    const other = {
      value: 'other',
      label: { ru: 'Другое (укажите)', kk: 'Басқа (көрсетіңіз)', en: 'Other (specify)' },
    };
    expect(questions(form).map((q) => q.id)).toEqual(['who', 'who_other', 'problems', 'problems_other']);
    expect(byId(form, 'who')).toMatchObject({ choices: [{ value: 'police' }, { value: 'chair' }, other] });
    expect(byId(form, 'problems')).toMatchObject({ choices: [{ value: 'stuffing' }, other] });
    expect(byId(form, 'who_other')).toEqual({
      id: 'who_other',
      type: 'text',
      label: { ru: 'Укажите другое', kk: 'Басқасын көрсетіңіз', en: 'Specify other' },
      relevant: "${who} = 'other'",
    });
    expect(byId(form, 'problems_other')).toMatchObject({
      relevant: "(${who} != '') and (selected(${problems}, 'other'))",
    });
    expect(notes.filter((n) => n.kind === 'other_choice_added').map((n) => [n.row, n.target])).toEqual([
      [2, 'who_other'],
      [3, 'problems_other'],
    ]);
    // The text is asked only when "other" is chosen.
    expect(validateSubmission(form, { who: 'other', problems: ['stuffing'] }, {}).relevant).toEqual([
      'who',
      'who_other',
      'problems',
    ]);
    expect(validateSubmission(form, { who: 'police', problems: ['other'] }, {}).relevant).toEqual([
      'who',
      'problems',
      'problems_other',
    ]);
    const hidden = validateSubmission(form, { who: 'police', who_other: 'x' }, {});
    expect(hidden.problems.map((p) => [p.questionId, p.code])).toEqual([['who_other', 'not_relevant']]);
  });

  it('imports a repeat as a repeatable group and a loop over a list as one, each listed in the notes', async () => {
    const file = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label', 'repeat_count'],
          ['begin repeat', 'visits', 'Визиты', '3'],
          ['time', 'visit_time', 'Время визита', ''],
          ['end repeat', '', '', ''],
          ['begin_loop over parties', 'per_party', 'По партиям', ''],
          ['integer', 'observers', 'Наблюдателей от партии', ''],
          ['end_loop', '', '', ''],
          ['note', 'done', 'Готово', ''],
        ],
      },
      {
        name: 'choices',
        rows: [
          ['list_name', 'name', 'label'],
          ['parties', 'a', 'Партия А'],
        ],
      },
    ]);
    const { form, unmapped, notes } = await readXlsForm(file);
    expect(checkFormDefinition(form)).toEqual([]);
    expect(form.groups.map((g) => [g.id, g.repeatable ?? false, g.questions.map((q) => q.id)])).toEqual([
      ['visits', true, ['visit_time']],
      ['per_party', true, ['observers']],
      ['main', false, ['done']],
    ]);
    expect(brief(unmapped)).toEqual([['survey', 2, 'repeat_count', 'unknown_column']]);
    expect(notes.filter((n) => n.sheet === 'survey' && n.row !== 1).map((n) => [n.row, n.kind, n.target])).toEqual([
      [2, 'repeat_group', 'visits'],
      [5, 'type_alias', 'begin loop'],
      [5, 'loop_simplified', 'per_party'],
    ]);
    const result = validateSubmission(form, { visits: [{ visit_time: '08:00' }, { visit_time: '12:30' }] }, {});
    expect(result.problems).toEqual([]);
  });

  it('marks a workbook without any question as empty, with the reason', async () => {
    const noType = await buildWorkbook([
      {
        name: 'Survey',
        rows: [
          ['Kind', 'Field', 'Label'],
          ['text', 'a', 'A'],
        ],
      },
    ]);
    const none = await readXlsForm(noType);
    expect(none.emptyReason).toBe('no_type_column');
    expect(brief(none.unmapped)).toEqual([['survey', 2, 'type', 'unknown_type']]);
    const headerOnly = await buildWorkbook([{ name: 'survey', rows: [['type', 'name', 'label']] }]);
    expect((await readXlsForm(headerOnly)).emptyReason).toBe('no_rows');
    const onlyMetadata = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name'],
          ['start', 'start'],
          ['select_one missing', 'q'],
          ['end', 'end'],
        ],
      },
    ]);
    const metadata = await readXlsForm(onlyMetadata);
    expect(metadata.emptyReason).toBe('nothing_mapped');
    expect(brief(metadata.unmapped).map((u) => u[3])).toEqual(['metadata', 'missing_choices', 'metadata']);
  });

  it('derives the code and title from the file name when there is no form_id, Cyrillic transliterated', async () => {
    const file = await buildWorkbook([
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label'],
          ['text', 'a', 'A'],
        ],
      },
    ]);
    const { form, notes } = await readXlsForm(file, { fileName: 'C:\\Формы\\Анкета наблюдателя (қаз) 2024.xlsx' });
    expect(form.code).toBe('anketa_nablyudatelya_qaz_2024');
    expect(form.title).toEqual({ ru: 'Анкета наблюдателя (қаз) 2024' });
    expect(notes.filter((n) => n.sheet === 'settings').map((n) => [n.kind, n.target])).toEqual([
      ['code_from_file_name', 'anketa_nablyudatelya_qaz_2024'],
      ['title_from_file_name', 'Анкета наблюдателя (қаз) 2024'],
    ]);
    const unnamed = await readXlsForm(file, { fileName: '???.xlsx' });
    expect(unnamed.form.code).toBe('imported');
    expect(unnamed.notes.find((n) => n.kind === 'code_default')?.target).toBe('imported');
  });
});
