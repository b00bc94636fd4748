import { describe, expect, it } from 'vitest';
import { fileBaseName, formCodeFrom, uniqueFormCode } from './form-code.ts';
import { columnMeaning, languageOf } from './xlsform-columns.ts';
import { xlsFormToForm } from './xlsform-to-form.ts';
import { parseType } from './xlsform-types.ts';

describe('XLSForm language columns', () => {
  it.each([
    ['English (en)', 'en'],
    ['en', 'en'],
    ['EN', 'en'],
    ['english', 'en'],
    ['en-US', 'en'],
    ['Английский', 'en'],
    ['ағылшынша', 'en'],
    ['Russian (ru)', 'ru'],
    ['Русский (ru)', 'ru'],
    ['русский', 'ru'],
    ['ru_RU', 'ru'],
    ['орысша', 'ru'],
    ['Kazakh (kk)', 'kk'],
    ['қазақша', 'kk'],
    ['Қазақша (kk)', 'kk'],
    ['казахский', 'kk'],
    ['kk-Cyrl', 'kk'],
    ['Kazakh (kz)', 'kk'],
  ])('%s → %s', (text, lang) => {
    expect(languageOf(text)).toBe(lang);
  });

  it.each(['French (fr)', 'fr', 'Uzbek', 'Français', '', '(en', 'english (xx)'])('%s is not one of ours', (text) => {
    // `english (xx)` still says English by name: the code in brackets is only preferred when known.
    expect(languageOf(text)).toBe(text === 'english (xx)' ? 'en' : null);
  });

  it('reads headers in any case, with pyxform aliases and both delimiters', () => {
    expect(columnMeaning('survey', 'TYPE', 'ru')).toEqual({ kind: 'field', field: 'type' });
    expect(columnMeaning('survey', ' Relevance ', 'ru')).toEqual({ kind: 'field', field: 'relevant' });
    expect(columnMeaning('survey', 'calculate', 'ru')).toEqual({ kind: 'field', field: 'calculation' });
    expect(columnMeaning('choices', 'List Name', 'ru')).toEqual({ kind: 'field', field: 'list_name' });
    expect(columnMeaning('survey', 'LABEL::EN', 'ru')).toEqual({
      kind: 'text',
      text: 'label',
      language: 'en',
      explicit: true,
    });
    expect(columnMeaning('survey', 'label:english', 'ru')).toMatchObject({ text: 'label', language: 'en' });
    expect(columnMeaning('survey', 'jr:constraintMsg::kk', 'ru')).toMatchObject({
      text: 'constraint_message',
      language: 'kk',
    });
    expect(columnMeaning('survey', 'Caption', 'en')).toEqual({
      kind: 'text',
      text: 'label',
      language: 'en',
      explicit: false,
    });
    expect(columnMeaning('survey', 'label::Deutsch (de)', 'ru')).toMatchObject({ language: null });
    expect(columnMeaning('choices', 'hint::en', 'ru')).toEqual({ kind: 'other' });
    expect(columnMeaning('survey', 'appearance', 'ru')).toEqual({ kind: 'other' });
  });
});

describe('XLSForm types', () => {
  it('reads canonical types and pyxform aliases', () => {
    expect(parseType('integer')).toEqual({ kind: 'question', type: 'integer' });
    expect(parseType('INT')).toEqual({ kind: 'question', type: 'integer', alias: 'int' });
    expect(parseType('string')).toEqual({ kind: 'question', type: 'text', alias: 'string' });
    expect(parseType('photo')).toEqual({ kind: 'question', type: 'photo', alias: 'photo' });
    expect(parseType('calculate')).toEqual({ kind: 'question', type: 'computed' });
    expect(parseType('start')).toEqual({ kind: 'metadata' });
    expect(parseType('barcode')).toEqual({ kind: 'unknown' });
    expect(parseType('dateTime')).toEqual({ kind: 'unknown' });
  });

  it('reads every select spelling, keeping the list name as written', () => {
    expect(parseType('select_one Yes_No')).toEqual({ kind: 'select', multiple: false, list: 'Yes_No', other: false });
    expect(parseType('Select One From yes_no')).toEqual({
      kind: 'select',
      multiple: false,
      list: 'yes_no',
      other: false,
      alias: 'select one from',
    });
    expect(parseType('select all that apply from x or specify other')).toEqual({
      kind: 'select',
      multiple: true,
      list: 'x',
      other: true,
      alias: 'select all that apply from',
    });
    expect(parseType('select_multiple  x   or_other')).toMatchObject({ multiple: true, list: 'x', other: true });
    expect(parseType('select_one')).toMatchObject({ list: undefined });
    expect(parseType('select_one_external x')).toEqual({ kind: 'unknown' });
    expect(parseType('select one from file x.csv')).toEqual({ kind: 'unknown' });
    expect(parseType('rank x')).toEqual({ kind: 'unknown' });
  });

  it('reads groups, repeats and loops', () => {
    expect(parseType('begin group')).toEqual({ kind: 'begin', control: 'group' });
    expect(parseType('BEGIN_REPEAT')).toEqual({ kind: 'begin', control: 'repeat', alias: 'begin_repeat' });
    expect(parseType('begin loop over Parties')).toEqual({ kind: 'begin', control: 'loop', list: 'Parties' });
    expect(parseType('end_loop')).toEqual({ kind: 'end', control: 'loop' });
    expect(parseType('end repeat')).toEqual({ kind: 'end', control: 'repeat' });
  });
});

describe('form codes', () => {
  it('slugs text into the project code rules, transliterating Russian and Kazakh', () => {
    expect(formCodeFrom('observation_checklist')).toBe('observation_checklist');
    expect(formCodeFrom('My Form v2')).toBe('my_form_v2');
    expect(formCodeFrom('Анкета «Явка» — 2024')).toBe('anketa_yavka_2024');
    expect(formCodeFrom('Сауалнама ұйым-өкілі')).toBe('saualnama_uyym-okili');
    expect(formCodeFrom('Щёлково Ёж')).toBe('shchelkovo_ezh');
    expect(formCodeFrom('Café')).toBe('cafe');
    expect(formCodeFrom('___')).toBe('');
    expect(formCodeFrom('x'.repeat(100))).toHaveLength(64);
    expect(fileBaseName('C:\\a\\Форма.XLSX')).toBe('Форма');
    expect(fileBaseName('/tmp/checklist.v2.xlsx')).toBe('checklist.v2');
  });

  it('makes a code unique with -2, -3… within 64 characters', () => {
    expect(uniqueFormCode('imported', new Set())).toBe('imported');
    expect(uniqueFormCode('imported', new Set(['imported']))).toBe('imported-2');
    expect(uniqueFormCode('imported', new Set(['imported', 'imported-2']))).toBe('imported-3');
    const long = 'a'.repeat(64);
    expect(uniqueFormCode(long, new Set([long]))).toBe(`${'a'.repeat(62)}-2`);
  });
});

describe('xlsFormToForm', () => {
  it('reads rows whose headers are in upper case and a default language from the settings', () => {
    const { form, unmapped, notes } = xlsFormToForm(
      {
        survey: [{ TYPE: 'text', NAME: 'q', LABEL: 'Question' }],
        choices: [],
        settings: [{ Default_Language: 'English (en)' }],
      },
      { fileName: 'Checklist.xlsx' },
    );
    expect(unmapped).toEqual([]);
    expect(form.code).toBe('checklist');
    expect(form.groups[0]?.questions).toEqual([{ id: 'q', type: 'text', label: { ru: 'Question', en: 'Question' } }]);
    expect(notes.map((n) => n.kind)).toEqual(['language_mapped', 'code_from_file_name', 'title_from_file_name']);
  });

  it('reports a row with content but no type instead of skipping it', () => {
    const { unmapped, emptyReason } = xlsFormToForm({ survey: [{ type: '', name: 'q', label: 'Q' }], choices: [] });
    expect(unmapped).toEqual([{ sheet: 'survey', row: 2, column: 'type', value: '', reason: 'unknown_type' }]);
    expect(emptyReason).toBe('no_rows');
  });
});
