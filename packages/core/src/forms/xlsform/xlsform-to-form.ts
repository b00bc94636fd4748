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
import { fileBaseName, formCodeFrom } from './form-code.ts';
import {
  type ColumnMeaning,
  columnMeaning,
  type FieldColumn,
  languageOf,
  type TextColumn,
  type XlsLanguage,
  type XlsSheet,
} from './xlsform-columns.ts';
import { parseType } from './xlsform-types.ts';

export { fileBaseName, formCodeFrom, uniqueFormCode } from './form-code.ts';
export { languageOf } from './xlsform-columns.ts';
export { parseType } from './xlsform-types.ts';

/** One sheet row keyed by its header cell, as read from the workbook (cells as text). */
export type XlsRow = Record<string, string>;

export interface XlsFormSheets {
  survey: XlsRow[];
  choices: XlsRow[];
  settings?: XlsRow[];
}

export interface XlsFormOptions {
  /** The uploaded file's name: the form's code and title when the settings sheet has none. */
  fileName?: string;
}

export interface Unmapped {
  sheet: XlsSheet;
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

/**
 * A choice the import made on its own, shown in the import report next to what it could not map:
 * nothing automatic is silent.
 */
export interface ImportNote {
  sheet: XlsSheet;
  row?: number;
  column?: string;
  /** What the file said: a column header, a type, a file name, a form_id. */
  value: string;
  kind:
    | 'language_mapped'
    | 'type_alias'
    | 'other_choice_added'
    | 'repeat_group'
    | 'loop_simplified'
    | 'code_from_file_name'
    | 'code_normalized'
    | 'code_default'
    | 'code_made_unique'
    | 'title_from_file_name';
  /** What it became: a language (ru/kk/en), a question type, a question id, a form code or title. */
  target: string;
}

/** Why an import has no question at all (and is refused). */
export type XlsFormEmptyReason = 'no_type_column' | 'no_rows' | 'nothing_mapped';

export interface XlsFormImport {
  form: FormDefinition;
  unmapped: Unmapped[];
  notes: ImportNote[];
  /** Set when the form has no question: such an import must not be saved. */
  emptyReason?: XlsFormEmptyReason;
}

const truthyRequired = new Set(['yes', 'true', 'true()', '1']);
const falsyRequired = new Set(['', 'no', 'false', 'false()', '0']);

/** The "other" choice and the text question behind it, for `or_other` / `or specify other`. */
const OTHER_VALUE = 'other';
const otherChoiceLabel: LocalizedText = { ru: 'Другое (укажите)', kk: 'Басқа (көрсетіңіз)', en: 'Other (specify)' };
const otherQuestionLabel: LocalizedText = {
  ru: 'Укажите другое',
  kk: 'Басқасын көрсетіңіз',
  en: 'Specify other',
};

type Texts = Partial<Record<TextColumn, Partial<LocalizedText>>>;

function addText(target: Texts, kind: TextColumn, lang: XlsLanguage, value: string) {
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
 * Reads rows through their headers' meaning (case-insensitive, pyxform aliases, language columns).
 * Language columns are reported once per column: how each was mapped (a note) or that its language
 * is not carried (unmapped, row 1 = the header).
 */
class SheetReader {
  private readonly meanings = new Map<string, ColumnMeaning>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly sheet: XlsSheet,
    private readonly defaultLanguage: XlsLanguage,
    private readonly unmapped: Unmapped[],
    private readonly notes: ImportNote[],
  ) {}

  meaning(header: string): ColumnMeaning {
    let m = this.meanings.get(header);
    if (m === undefined) {
      m = columnMeaning(this.sheet, header, this.defaultLanguage);
      this.meanings.set(header, m);
    }
    return m;
  }

  /** Whether any header of these rows means `field`. */
  has(rows: XlsRow[], field: FieldColumn): boolean {
    return rows.some((r) => Object.keys(r).some((h) => this.field(h) === field));
  }

  private field(header: string): FieldColumn | undefined {
    const m = this.meaning(header);
    return m.kind === 'field' ? m.field : undefined;
  }

  /** The row's fields and texts; other non-empty cells are returned for the caller to report. */
  read(raw: XlsRow): { fields: Partial<Record<FieldColumn, string>>; texts: Texts; other: [string, string][] } {
    const fields: Partial<Record<FieldColumn, string>> = {};
    const texts: Texts = {};
    const other: [string, string][] = [];
    for (const [column, value] of Object.entries(raw)) {
      const m = this.meaning(column);
      if (m.kind === 'field') {
        // Two spellings of one column (`name` and `Name`): the first non-empty cell wins.
        if ((fields[m.field] ?? '').trim() === '') fields[m.field] = value;
        continue;
      }
      if (value.trim() === '') continue;
      if (m.kind === 'other') {
        other.push([column, value]);
        continue;
      }
      this.reportLanguage(column, m);
      if (m.language !== null) addText(texts, m.text, m.language, value);
    }
    return { fields, texts, other };
  }

  private reportLanguage(column: string, m: Extract<ColumnMeaning, { kind: 'text' }>) {
    if (this.reported.has(column)) return;
    this.reported.add(column);
    if (m.language === null)
      this.unmapped.push({ sheet: this.sheet, row: 1, column, value: column, reason: 'unknown_language' });
    else
      this.notes.push({
        sheet: this.sheet,
        row: 1,
        column,
        value: column,
        kind: 'language_mapped',
        target: m.language,
      });
  }
}

/**
 * Maps an XLSForm (sheets already read into rows) onto a form definition. Pure; everything it cannot
 * carry over is listed in `unmapped`, everything it decided on its own in `notes`; nothing is dropped
 * silently. The result should still go through `checkFormDefinition` (a dropped question may leave a
 * reference dangling), and an import with `emptyReason` must not be saved.
 */
export function xlsFormToForm(sheets: XlsFormSheets, options: XlsFormOptions = {}): XlsFormImport {
  const unmapped: Unmapped[] = [];
  const notes: ImportNote[] = [];
  const settingsReader = new SheetReader('settings', 'ru', unmapped, notes);
  const settings: Partial<Record<FieldColumn, string>> = {};
  (sheets.settings ?? []).forEach((raw, i) => {
    const { fields, other } = settingsReader.read(raw);
    if (i === 0) Object.assign(settings, fields);
    for (const [column, value] of other)
      unmapped.push({ sheet: 'settings', row: i + 2, column, value, reason: 'unknown_column' });
  });
  // A bare `label` is in the form's default language; without one, Russian (the required text).
  const defaultLanguage = languageOf(settings.default_language ?? '') ?? 'ru';

  const lists = readChoices(sheets.choices, new SheetReader('choices', defaultLanguage, unmapped, notes), unmapped);
  const survey = new SheetReader('survey', defaultLanguage, unmapped, notes);
  const groups: FormGroup[] = [];
  type Frame = { id: string; title: LocalizedText; relevant?: string; repeatable: boolean; parts: number };
  const stack: Frame[] = [];
  let current: FormGroup | null = null;
  let mainParts = 0;
  let typedRows = 0;
  const usedIds = new Set(sheets.survey.map((raw) => survey.read(raw).fields.name?.trim() ?? ''));
  const aliasesSeen = new Set<string>();
  const noteAlias = (row: number, alias: string | undefined, target: string) => {
    if (alias === undefined || aliasesSeen.has(alias)) return;
    aliasesSeen.add(alias);
    notes.push({ sheet: 'survey', row, column: 'type', value: alias, kind: 'type_alias', target });
  };

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
    const { fields, texts, other } = survey.read(raw);
    const type = (fields.type ?? '').trim().replace(/\s+/g, ' ');
    if (type === '') {
      // A row with content but no type is not a question; say so rather than skip it.
      const content = [fields.name ?? '', ...Object.values(texts).flatMap((t) => Object.values(t ?? {}))].find(
        (v) => v.trim() !== '',
      );
      if (content !== undefined)
        unmapped.push({ sheet: 'survey', row, column: 'type', value: '', reason: 'unknown_type' });
      return;
    }
    typedRows += 1;
    const name = (fields.name ?? '').trim();
    const expression = (column: 'relevant' | 'constraint' | 'calculation'): string | undefined => {
      const value = (fields[column] ?? '').trim();
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
    const parsed = parseType(type);
    for (const [column, value] of other)
      unmapped.push({ sheet: 'survey', row, column, value, reason: 'unknown_column' });

    if (parsed.kind === 'begin') {
      noteAlias(row, parsed.alias, `begin ${parsed.control}`);
      const relevant = expression('relevant');
      const outer = stack[stack.length - 1];
      if (outer !== undefined)
        unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'nested_group_flattened' });
      const combined = [outer?.relevant, relevant].filter((r): r is string => r !== undefined);
      const id = questionIdPattern.test(name) ? name : `group_${row}`;
      if (!questionIdPattern.test(name))
        unmapped.push({ sheet: 'survey', row, column: 'name', value: name, reason: 'bad_name' });
      // Loops. Our forms have repeatable groups (answers are an array of records, one per copy the
      // observer adds), so `begin repeat` maps onto one without losing its questions; only its
      // `repeat_count` is not carried (listed as an unknown column). pyxform's `begin loop over LIST`
      // (one fixed copy per choice of LIST) has no equivalent: rather than refuse the whole form or
      // drop the loop's questions, it becomes a repeatable group too, and the report says the copies
      // are no longer one per choice. Either way a line in the report names the group.
      if (parsed.control === 'repeat')
        notes.push({ sheet: 'survey', row, column: 'type', value: type, kind: 'repeat_group', target: id });
      if (parsed.control === 'loop')
        notes.push({ sheet: 'survey', row, column: 'type', value: type, kind: 'loop_simplified', target: id });
      const frame: Frame = {
        id,
        title: toText(texts.label) ?? { ru: id },
        repeatable: parsed.control !== 'group' || outer?.repeatable === true,
        parts: 0,
        ...(combined.length > 0
          ? { relevant: combined.map((r) => (combined.length > 1 ? `(${r})` : r)).join(' and ') }
          : {}),
      };
      stack.push(frame);
      startGroup(frame);
      return;
    }
    if (parsed.kind === 'end') {
      if (stack.pop() === undefined)
        unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'unbalanced_group' });
      startGroup(stack[stack.length - 1]);
      return;
    }
    if (parsed.kind === 'metadata') {
      unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'metadata' });
      return;
    }
    if (parsed.kind === 'unknown') {
      unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'unknown_type' });
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
    let otherQuestion: Question | undefined;
    if (parsed.kind === 'question') {
      noteAlias(row, parsed.alias, parsed.type);
      if (parsed.type === 'computed') {
        const calculate = expression('calculation');
        if (calculate === undefined) return;
        question = { ...base, type: 'computed', calculate };
      } else {
        question = { ...base, type: parsed.type };
      }
    } else {
      const kind = parsed.multiple ? 'multiple_choice' : 'single_choice';
      noteAlias(row, parsed.alias, kind);
      const listed = parsed.list === undefined ? undefined : lists.get(parsed.list);
      if (listed === undefined || listed.length === 0) {
        unmapped.push({ sheet: 'survey', row, column: 'type', value: type, reason: 'missing_choices' });
        return;
      }
      let choices = listed;
      if (parsed.other) {
        if (!listed.some((c) => c.value === OTHER_VALUE))
          choices = [...listed, { value: OTHER_VALUE, label: otherChoiceLabel }];
        let otherId = `${name.slice(0, 58)}_other`;
        for (let n = 2; usedIds.has(otherId); n++) otherId = `${name.slice(0, 55)}_other${n}`;
        usedIds.add(otherId);
        otherQuestion = {
          id: otherId,
          type: 'text',
          label: otherQuestionLabel,
          relevant: parsed.multiple ? `selected(\${${name}}, '${OTHER_VALUE}')` : `\${${name}} = '${OTHER_VALUE}'`,
        };
        notes.push({ sheet: 'survey', row, column: 'type', value: type, kind: 'other_choice_added', target: otherId });
      }
      question = { ...base, type: kind, choices };
    }
    const required = (fields.required ?? '').trim().toLowerCase();
    if (truthyRequired.has(required)) question.required = true;
    else if (!falsyRequired.has(required)) {
      unmapped.push({
        sheet: 'survey',
        row,
        column: 'required',
        value: fields.required ?? '',
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
    if (question.type !== 'computed' && (fields.calculation ?? '').trim() !== '') {
      unmapped.push({
        sheet: 'survey',
        row,
        column: 'calculation',
        value: fields.calculation ?? '',
        reason: 'unknown_column',
      });
    }
    // The "other" text is shown only when "other" is chosen, and only when its question is shown.
    if (otherQuestion && question.relevant !== undefined)
      otherQuestion.relevant = `(${question.relevant}) and (${otherQuestion.relevant})`;
    target().questions.push(question);
    if (otherQuestion) target().questions.push(otherQuestion);
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

  const { code, title } = identity(settings, options, notes);
  const form: FormDefinition = {
    schemaVersion: 1,
    code,
    kind: 'custom',
    title: { ru: title },
    groups: groups.filter((g) => g.questions.length > 0),
  };
  const questionCount = form.groups.reduce((n, g) => n + g.questions.length, 0);
  let emptyReason: XlsFormEmptyReason | undefined;
  if (questionCount === 0) {
    const blank = sheets.survey.every((raw) => Object.values(raw).every((v) => v.trim() === ''));
    if (!blank && !survey.has(sheets.survey, 'type')) emptyReason = 'no_type_column';
    else emptyReason = typedRows === 0 ? 'no_rows' : 'nothing_mapped';
  }
  return { form, unmapped, notes, ...(emptyReason ? { emptyReason } : {}) };
}

/** The form's code and title: from settings, else from the file name, else defaults — each choice noted. */
function identity(
  settings: Partial<Record<FieldColumn, string>>,
  options: XlsFormOptions,
  notes: ImportNote[],
): { code: string; title: string } {
  const formId = (settings.form_id ?? '').trim();
  const baseName = options.fileName ? fileBaseName(options.fileName) : '';
  let code = formCodeFrom(formId);
  if (code !== '') {
    if (code !== formId)
      notes.push({ sheet: 'settings', column: 'form_id', value: formId, kind: 'code_normalized', target: code });
  } else {
    code = formCodeFrom(baseName);
    if (code !== '') {
      notes.push({
        sheet: 'settings',
        column: 'form_id',
        value: options.fileName ?? '',
        kind: 'code_from_file_name',
        target: code,
      });
    } else {
      code = 'imported';
      notes.push({ sheet: 'settings', column: 'form_id', value: formId, kind: 'code_default', target: code });
    }
  }
  let title = (settings.form_title ?? '').trim();
  if (title === '' && baseName !== '') {
    title = baseName;
    notes.push({
      sheet: 'settings',
      column: 'form_title',
      value: options.fileName ?? '',
      kind: 'title_from_file_name',
      target: title,
    });
  }
  return { code, title: title === '' ? formCodeFrom(formId) || 'Imported form' : title.slice(0, 200) };
}

function readChoices(rows: XlsRow[], reader: SheetReader, unmapped: Unmapped[]): Map<string, Choice[]> {
  const lists = new Map<string, Choice[]>();
  rows.forEach((raw, i) => {
    const row = i + 2;
    const { fields, texts, other } = reader.read(raw);
    const list = (fields.list_name ?? '').trim();
    const value = (fields.name ?? '').trim();
    if (list === '' && value === '') return;
    for (const [column, cell] of other)
      unmapped.push({ sheet: 'choices', row, column, value: cell, reason: 'unknown_column' });
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
