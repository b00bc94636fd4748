/**
 * XLSForm column headers as tools actually write them: any case (`TYPE`, `Label`), pyxform's aliases
 * (`caption`, `relevance`, `list name`, `calculate`), and every spelling of a language column
 * (`label::English (en)`, `label::en`, `label:english`, `LABEL::EN`, `label::Русский (ru)`,
 * `label::қазақша`). Pure.
 */
export type XlsLanguage = 'ru' | 'kk' | 'en';
export type XlsSheet = 'survey' | 'choices' | 'settings';
export type TextColumn = 'label' | 'hint' | 'constraint_message';
export type FieldColumn =
  | 'type'
  | 'name'
  | 'required'
  | 'relevant'
  | 'constraint'
  | 'calculation'
  | 'list_name'
  | 'form_id'
  | 'form_title'
  | 'default_language';

export type ColumnMeaning =
  | { kind: 'field'; field: FieldColumn }
  /** `language` null: a language we do not carry (French, Uzbek…); `explicit` false: a bare `label`. */
  | { kind: 'text'; text: TextColumn; language: XlsLanguage | null; explicit: boolean }
  | { kind: 'other' };

/** Language names and codes, in English, Russian and Kazakh, lower case. */
const languageNames: Record<XlsLanguage, readonly string[]> = {
  ru: ['ru', 'rus', 'russian', 'русский', 'русский язык', 'орысша', 'орыс', 'орыс тілі'],
  kk: [
    'kk',
    'kaz',
    'kz',
    'kazakh',
    'qazaq',
    'qazaqsha',
    'казахский',
    'казахский язык',
    'казакша',
    'қазақша',
    'қазақ',
    'қазақ тілі',
  ],
  en: ['en', 'eng', 'english', 'английский', 'английский язык', 'ағылшынша', 'ағылшын', 'ағылшын тілі'],
};
const byName = new Map<string, XlsLanguage>(
  (Object.entries(languageNames) as [XlsLanguage, readonly string[]][]).flatMap(([lang, names]) =>
    names.map((n) => [n, lang] as const),
  ),
);

function lookup(text: string): XlsLanguage | null {
  const s = text.trim();
  const direct = byName.get(s);
  if (direct) return direct;
  // BCP 47 tags with a region or script: `en-US`, `ru_RU`, `kk-Cyrl`.
  const tag = /^([a-z]{2,3})[-_][a-z0-9]+$/.exec(s);
  return tag ? (byName.get(tag[1] as string) ?? null) : null;
}

/** `English (en)`, `en`, `english`, `Русский`, `қазақша`, `en-US` → the language; anything else → null. */
export function languageOf(text: string): XlsLanguage | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === '') return null;
  const code = /\(([^()]*)\)$/.exec(s);
  if (code) {
    const fromCode = lookup(code[1] as string);
    if (fromCode) return fromCode;
    return lookup(s.slice(0, code.index));
  }
  return lookup(s);
}

const textAliases: Record<string, TextColumn> = {
  label: 'label',
  caption: 'label',
  hint: 'hint',
  constraint_message: 'constraint_message',
  'constraint message': 'constraint_message',
  'constraining message': 'constraint_message',
  'jr:constraintmsg': 'constraint_message',
};

const fieldAliases: Record<XlsSheet, Record<string, FieldColumn>> = {
  survey: {
    type: 'type',
    command: 'type',
    name: 'name',
    tag: 'name',
    required: 'required',
    relevant: 'relevant',
    relevance: 'relevant',
    constraint: 'constraint',
    calculation: 'calculation',
    calculate: 'calculation',
  },
  choices: { list_name: 'list_name', 'list name': 'list_name', name: 'name', value: 'name' },
  settings: {
    form_id: 'form_id',
    'set form id': 'form_id',
    form_title: 'form_title',
    'set form title': 'form_title',
    default_language: 'default_language',
  },
};

/** Splits `label::en`, `label:english`, `jr:constraintMsg::ru` into base and language part. */
function splitHeader(header: string): [string, string | undefined] {
  const h = header.trim().toLowerCase().replace(/\s+/g, ' ');
  const double = h.indexOf('::');
  if (double >= 0) return [h.slice(0, double).trim(), h.slice(double + 2).trim()];
  if (h.startsWith('jr:constraintmsg')) {
    const rest = h.slice('jr:constraintmsg'.length);
    return ['jr:constraintmsg', rest.startsWith(':') ? rest.slice(1).trim() : undefined];
  }
  // The older single-colon spelling pyxform still reads: `label:English`.
  const single = h.indexOf(':');
  if (single > 0) return [h.slice(0, single).trim(), h.slice(single + 1).trim()];
  return [h, undefined];
}

/** What a header means on a sheet. Case, spacing and pyxform's aliases do not matter. */
export function columnMeaning(sheet: XlsSheet, header: string, defaultLanguage: XlsLanguage): ColumnMeaning {
  const [base, language] = splitHeader(header);
  const field = language === undefined ? fieldAliases[sheet][base] : undefined;
  if (field !== undefined && Object.hasOwn(fieldAliases[sheet], base)) return { kind: 'field', field };
  const text = Object.hasOwn(textAliases, base) ? textAliases[base] : undefined;
  if (text === undefined || (sheet === 'choices' && text !== 'label') || sheet === 'settings') return { kind: 'other' };
  if (language === undefined || language === '')
    return { kind: 'text', text, language: defaultLanguage, explicit: false };
  return { kind: 'text', text, language: languageOf(language), explicit: true };
}
