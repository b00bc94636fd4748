import type { LocalizedText } from '../../elections/election.ts';
import { compileExpression } from '../expression/expression.ts';
import {
  type Choice,
  choiceValuePattern,
  type FormDefinition,
  type FormGroup,
  type Question,
  questionIdPattern,
} from '../form-definition.ts';

/** One sheet row keyed by its header cell, as read from the workbook (cells as text). */
export type XlsRow = Record<string, string>;

export interface XlsFormSheets {
  survey: XlsRow[];
  choices: XlsRow[];
  settings?: XlsRow[];
}

export interface Unmapped {
  sheet: 'survey' | 'choices' | 'settings';
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column?: string;
  value: string;
  reason:
    | 'unknown_type'
    | 'metadata'
    | 'unknown_column'
    | 'unknown_language'
    | 'unsupported_expression'
    | 'bad_name'
    | 'bad_choice'
    | 'missing_choices'
    | 'unbalanced_group'
    | 'nested_group_flattened';
  /** For unsupported expressions: the parser's error code and position. */
  detail?: string;
}

export interface XlsFormImport {
  form: FormDefinition;
  unmapped: Unmapped[];
}

const languages: Record<string, 'ru' | 'kk' | 'en'> = {
  ru: 'ru',
  russian: 'ru',
  'russian (ru)': 'ru',
  'русский (ru)': 'ru',
  русский: 'ru',
  kk: 'kk',
  kazakh: 'kk',
  'kazakh (kk)': 'kk',
  'қазақша (kk)': 'kk',
  қазақша: 'kk',
  en: 'en',
  english: 'en',
  'english (en)': 'en',
};

const metadataTypes = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'phonenumber',
  'username',
  'email',
  'audit',
  'simserial',
  'subscriberid',
]);
const handledColumns = new Set(['type', 'name', 'required', 'relevant', 'constraint', 'calculation']);
const textColumns = ['label', 'hint', 'constraint_message', 'jr:constraintmsg'] as const;
type TextColumn = 'label' | 'hint' | 'constraint_message';

const truthyRequired = new Set(['yes', 'true', 'true()', '1']);
const falsyRequired = new Set(['', 'no', 'false', 'false()', '0']);

/** `label::Russian (ru)` → ['label', 'ru']; `label` → ['label', default]; unknown language → [col, null]. */
function splitTextColumn(column: string, fallback: 'ru' | 'kk' | 'en'): [TextColumn, 'ru' | 'kk' | 'en' | null] | null {
  const [head = '', ...rest] = column.split('::');
  const base = head.trim().toLowerCase();
  const kind = base === 'jr:constraintmsg' ? 'constraint_message' : base;
  if (!(textColumns as readonly string[]).includes(kind)) return null;
  if (rest.length === 0) return [kind as TextColumn, fallback];
  const lang = rest.join('::').trim().toLowerCase();
  return [kind as TextColumn, Object.hasOwn(languages, lang) ? (languages[lang] ?? null) : null];
}

function addText(
  target: Partial<Record<TextColumn, Partial<LocalizedText>>>,
  kind: TextColumn,
  lang: 'ru' | 'kk' | 'en',
  value: string,
) {
  const entry = target[kind] ?? {};
  entry[lang] = value;
  target[kind] = entry;
}

/** Russian is required in our texts: fill it from kk, then en, when the sheet has no Russian. */
function toText(partial: Partial<LocalizedText> | undefined): LocalizedText | undefined {
  if (partial === undefined) return undefined;
  const ru = partial.ru ?? partial.kk ?? partial.en;
  if (ru === undefined) return undefined;
  return { ru, ...(partial.kk ? { kk: partial.kk } : {}), ...(partial.en ? { en: partial.en } : {}) };
}

/**
 * Maps an XLSForm (sheets already read into rows) onto a form definition. Pure; everything it cannot
 * carry over is listed in `unmapped` and never dropped silently. The result should still go through
 * `checkFormDefinition` (a dropped question may leave a reference dangling).
 */
export function xlsFormToForm(sheets: XlsFormSheets): XlsFormImport {
  const unmapped: Unmapped[] = [];
  const settings = sheets.settings?.[0] ?? {};
  const defaultLanguage = languages[(settings.default_language ?? '').trim().toLowerCase()] ?? 'ru';
  settingsUnmapped(sheets.settings ?? [], unmapped);

  const lists = readChoices(sheets.choices, defaultLanguage, unmapped);
  const groups: FormGroup[] = [];
  type Frame = { id: string; title: LocalizedText; relevant?: string; repeatable: boolean; parts: number };
  const stack: Frame[] = [];
  let current: FormGroup | null = null;
  let mainParts = 0;

  const startGroup = (frame: Frame | undefined) => {
    current = null;
    if (frame === undefined) return;
    frame.parts += 1;
    current = {
      id: frame.parts === 1 ? frame.id : `${frame.id}_${frame.parts}`,
      title: frame.title,
      ...(frame.repeatable ? { repeatable: true } : {}),
      ...(frame.relevant ? { relevant: frame.relevant } : {}),
      questions: [],
    };
    groups.push(current);
  };
  const target = (): FormGroup => {
    if (current !== null) return current;
    mainParts += 1;
    current = {
      id: mainParts === 1 ? 'main' : `main_${mainParts}`,
      title: { ru: 'Анкета', kk: 'Сауалнама', en: 'Form' },
      questions: [],
    };
    groups.push(current);
    return current;
  };

  sheets.survey.forEach((raw, i) => {
    const row = i + 2;
    const type = (raw.type ?? '').trim().replace(/\s+/g, ' ');
    if (type === '') return;
    const name = (raw.name ?? '').trim();
    const texts: Partial<Record<TextColumn, Partial<LocalizedText>>> = {};
    for (const [column, value] of Object.entries(raw)) {
      if (value.trim() === '' || handledColumns.has(column.trim().toLowerCase())) continue;
      const split = splitTextColumn(column, defaultLanguage);
      if (split === null) unmapped.push({ sheet: 'survey', row, column, value, reason: 'unknown_column' });
      else if (split[1] === null) unmapped.push({ sheet: 'survey', row, column, value, reason: 'unknown_language' });
      else addText(texts, split[0], split[1], value);
    }
    const expression = (column: 'relevant' | 'constraint' | 'calculation'): string | undefined => {
      const value = (raw[column] ?? '').trim();
      if (value === '') return undefined;
      const result = compileExpression(value);
      if (result.ok) return value;
      unmapped.push({
        sheet: 'survey',
        row,
        column,
        value,
        reason: 'unsupported_expression',
        detail: `${result.error.code}@${result.error.at}`,
      });
      return undefined;
    };

    if (type === 'begin group' || type === 'begin repeat') {
      const relevant = expression('relevant');
      const outer = stack[stack.length - 1];
      if (outer !== undefined)
        unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'nested_group_flattened' });
      const combined = [outer?.relevant, relevant].filter((r): r is string => r !== undefined);
      const id = questionIdPattern.test(name) ? name : `group_${row}`;
      if (!questionIdPattern.test(name))
        unmapped.push({ sheet: 'survey', row, column: 'name', value: name, reason: 'bad_name' });
      const frame: Frame = {
        id,
        title: toText(texts.label) ?? { ru: id },
        repeatable: type === 'begin repeat' || outer?.repeatable === true,
        parts: 0,
        ...(combined.length > 0
          ? { relevant: combined.map((r) => (combined.length > 1 ? `(${r})` : r)).join(' and ') }
          : {}),
      };
      stack.push(frame);
      startGroup(frame);
      return;
    }
    if (type === 'end group' || type === 'end repeat') {
      if (stack.pop() === undefined)
        unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'unbalanced_group' });
      startGroup(stack[stack.length - 1]);
      return;
    }
    const [head = '', listName] = type.split(' ');
    if (metadataTypes.has(head)) {
      unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'metadata' });
      return;
    }
    if (!questionIdPattern.test(name)) {
      unmapped.push({ sheet: 'survey', row, column: 'name', value: name, reason: 'bad_name' });
      return;
    }
    const label = toText(texts.label) ?? { ru: name };
    const base = {
      id: name,
      label,
      ...(texts.hint ? { hint: toText(texts.hint) } : {}),
    } as Pick<Question, 'id' | 'label' | 'hint'>;
    let question: Question;
    switch (head) {
      case 'integer':
      case 'decimal':
      case 'text':
      case 'date':
      case 'time':
      case 'note':
        question = { ...base, type: head };
        break;
      case 'acknowledge':
        question = { ...base, type: 'yes_no' };
        break;
      case 'image':
        question = { ...base, type: 'photo' };
        break;
      case 'geopoint':
        question = { ...base, type: 'location' };
        break;
      case 'calculate': {
        const calculate = expression('calculation');
        if (calculate === undefined) return;
        question = { ...base, type: 'computed', calculate };
        break;
      }
      case 'select_one':
      case 'select_multiple': {
        const choices = listName === undefined ? undefined : lists.get(listName);
        if (choices === undefined || choices.length === 0) {
          unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'missing_choices' });
          return;
        }
        question = { ...base, type: head === 'select_one' ? 'single_choice' : 'multiple_choice', choices };
        break;
      }
      default:
        unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'unknown_type' });
        return;
    }
    const required = (raw.required ?? '').trim().toLowerCase();
    if (truthyRequired.has(required)) question.required = true;
    else if (!falsyRequired.has(required)) {
      unmapped.push({
        sheet: 'survey',
        row,
        column: 'required',
        value: raw.required ?? '',
        reason: 'unsupported_expression',
      });
    }
    const relevant = expression('relevant');
    if (relevant !== undefined) question.relevant = relevant;
    if (question.type !== 'computed') {
      const constraint = expression('constraint');
      if (constraint !== undefined) {
        question.constraint = constraint;
        const message = toText(texts.constraint_message);
        if (message) question.constraintMessage = message;
      }
    }
    if (question.type !== 'computed' && (raw.calculation ?? '').trim() !== '') {
      unmapped.push({
        sheet: 'survey',
        row,
        column: 'calculation',
        value: raw.calculation ?? '',
        reason: 'unknown_column',
      });
    }
    target().questions.push(question);
  });
  for (const frame of stack) {
    unmapped.push({
      sheet: 'survey',
      row: sheets.survey.length + 1,
      column: 'type',
      value: frame.id,
      reason: 'unbalanced_group',
    });
  }

  const code = (settings.form_id ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '');
  const title = (settings.form_title ?? '').trim();
  const form: FormDefinition = {
    schemaVersion: 1,
    code: code === '' ? 'imported' : code.slice(0, 64),
    kind: 'custom',
    title: { ru: title === '' ? code || 'Imported form' : title },
    groups: groups.filter((g) => g.questions.length > 0),
  };
  return { form, unmapped };
}

function readChoices(rows: XlsRow[], defaultLanguage: 'ru' | 'kk' | 'en', unmapped: Unmapped[]): Map<string, Choice[]> {
  const lists = new Map<string, Choice[]>();
  rows.forEach((raw, i) => {
    const row = i + 2;
    const list = (raw.list_name ?? raw['list name'] ?? '').trim();
    const value = (raw.name ?? '').trim();
    if (list === '' && value === '') return;
    const texts: Partial<Record<TextColumn, Partial<LocalizedText>>> = {};
    for (const [column, cell] of Object.entries(raw)) {
      const key = column.trim().toLowerCase();
      if (cell.trim() === '' || key === 'list_name' || key === 'list name' || key === 'name') continue;
      const split = splitTextColumn(column, defaultLanguage);
      if (split === null || split[0] !== 'label')
        unmapped.push({ sheet: 'choices', row, column, value: cell, reason: 'unknown_column' });
      else if (split[1] === null)
        unmapped.push({ sheet: 'choices', row, column, value: cell, reason: 'unknown_language' });
      else addText(texts, 'label', split[1], cell);
    }
    if (!choiceValuePattern.test(value) || list === '') {
      unmapped.push({ sheet: 'choices', row, column: 'name', value, reason: 'bad_choice' });
      return;
    }
    const choices = lists.get(list) ?? [];
    choices.push({ value, label: toText(texts.label) ?? { ru: value } });
    lists.set(list, choices);
  });
  return lists;
}

function settingsUnmapped(rows: XlsRow[], unmapped: Unmapped[]): void {
  rows.forEach((raw, i) => {
    for (const [column, value] of Object.entries(raw)) {
      if (value.trim() === '' || ['form_id', 'form_title', 'default_language'].includes(column.trim().toLowerCase()))
        continue;
      unmapped.push({ sheet: 'settings', row: i + 2, column, value, reason: 'unknown_column' });
    }
  });
}
