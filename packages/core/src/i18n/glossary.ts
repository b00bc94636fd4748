/**
 * One terminology for every text pollwatch shows or prints: each key concept with its Russian, Kazakh
 * and English term and the variants that must not name it. A coordinator who reads "келу" on one
 * screen and "қатысу" on the next cannot be sure they are the same number; the tests that scan the
 * texts (packages/core/src/i18n/glossary.test.ts for core's own texts, scripts/terminology.test.ts for
 * the web locales and the referral letters) fail on a forbidden variant and name the text's key.
 *
 * Matching: a variant matches at the start of a word and, unless `exact`, with any ending on its last
 * word, because Kazakh words inflect (қатысу, қатысуы, қатысудың…); a stem that ends in қ/к/п is
 * written without it, since the consonant voices before a vowel (алшақтық → алшақтығы). JavaScript's `\b` does not see
 * Cyrillic letters, so word edges are lookarounds on `\p{L}`: "Бейнебақылау" (video surveillance) is
 * not "бақылау". A variant legitimately used in another sense is allowed only in the keys its
 * exception names, each with the reason.
 *
 * STILL NEEDS A LEGAL PROOF-READ BY A NATIVE SPEAKER (Kazakh):
 * - the Kazakhstan protocol template's Kazakh line names (packages/core/src/forms/protocol/
 *   protocol-templates.ts, `kazakhstanProtocolTemplate`) against the CEC's printed protocol form;
 *   the Russian official names there are from the law's wording, not yet from a printed form either;
 * - the referral letter's legal wording (packages/documents/src/letters/letter-texts.ts): the
 *   observer's rights under article 20 of the Constitutional Law "On Elections in the Republic of
 *   Kazakhstan", now "…отырыстарында, дауыс беру, дауыстарды санау және хаттаманы жасау кезінде
 *   болуға…" after the Russian "присутствовать … при … составлении протокола"; to be checked against
 *   the official Kazakh text of the law;
 * - the consent text (packages/core/src/recruitment/applicant.ts, version 2026-11-v1): frozen once
 *   people agreed to it; its next version should say "байқауды ұйымдастыратын" (see the exception);
 * - the Kazakh terms chosen here for outlier (ерекше учаске), discrepancy (сәйкессіздік) and the
 *   quick-count verdict headers, which have no fixed official form.
 */

export type GlossaryLocale = 'ru' | 'kk' | 'en';

export interface ForbiddenVariant {
  /** The variant as written; matched case-insensitively at the start of a word. */
  text: string;
  /** Only the word itself (no endings). Default: the last word may take any ending. */
  exact?: boolean;
  /** Match at the end of a word instead of its start (a suffix such as the first-person "-удамыз"). */
  ending?: boolean;
  /** Continuations that make a different word: "қатысу" + "шы" is қатысушы, someone present. */
  notFollowedBy?: readonly string[];
}

export interface GlossaryException {
  /** The forbidden variant's text this exception is for. */
  variant: string;
  /** The text keys it is allowed in; `*` stands for any run of characters. */
  keys: readonly string[];
  reason: string;
}

export interface GlossaryEntry {
  concept: string;
  ru: string;
  kk: string;
  en: string;
  note?: string;
  forbidden: Partial<Record<GlossaryLocale, readonly (string | ForbiddenVariant)[]>>;
  exceptions?: readonly GlossaryException[];
}

const checkpointTimeKeys = [
  'imports.introOfficialTurnout',
  'imports.fields.official.checkpoint',
  'results.official.turnout.intro',
  'results.official.turnout.checkpoint',
  'results.official.turnout.summaryCaption',
  'field.flags.turnout_decreasing',
  'form.turnout.turnout.title',
  'form.turnout.turnout.checkpoint_time.label',
  'alerts.checkpoint',
];

export const glossary: readonly GlossaryEntry[] = [
  {
    concept: 'election',
    ru: 'выборы',
    kk: 'сайлау',
    en: 'election',
    forbidden: { kk: ['выбор'] },
  },
  {
    concept: 'pollingStation',
    ru: 'избирательный участок (участок)',
    kk: 'сайлау учаскесі (учаске)',
    en: 'polling station (station)',
    forbidden: { kk: ['участок', 'сайлау пункті', 'дауыс беру пункті'], ru: ['избирательный пункт'] },
  },
  {
    concept: 'precinctCommission',
    ru: 'участковая избирательная комиссия (УИК)',
    kk: 'учаскелік сайлау комиссиясы (УСК)',
    en: 'precinct election commission',
    forbidden: {
      kk: [{ text: 'УИК', exact: true }, 'учаскелік комиссия'],
      ru: [{ text: 'УСК', exact: true }],
    },
  },
  {
    concept: 'territorialCommission',
    ru: 'территориальная избирательная комиссия (ТИК)',
    kk: 'аумақтық сайлау комиссиясы (АСК)',
    en: 'territorial election commission',
    forbidden: { kk: [{ text: 'ТИК', exact: true }], ru: [{ text: 'АСК', exact: true }] },
  },
  {
    concept: 'centralCommission',
    ru: 'Центральная избирательная комиссия (ЦИК)',
    kk: 'Орталық сайлау комиссиясы (ОСК)',
    en: 'Central Election Commission (CEC)',
    forbidden: { kk: [{ text: 'ЦИК', exact: true }], ru: [{ text: 'ОСК', exact: true }] },
  },
  {
    concept: 'observer',
    ru: 'наблюдатель',
    kk: 'байқаушы',
    en: 'observer',
    forbidden: { kk: ['бақылаушы', 'наблюдатель'] },
  },
  {
    concept: 'observation',
    ru: 'наблюдение',
    kk: 'байқау',
    en: 'observation',
    note: '"бақылау" (control) stays free for checkpoint time and the protocol\'s control relations.',
    forbidden: { kk: [{ text: 'бақылау', notFollowedBy: ['шы'] }] },
    exceptions: [
      {
        variant: 'бақылау',
        keys: checkpointTimeKeys,
        reason: 'checkpoint time (контрольное время) is "бақылау уақыты": control, not observation',
      },
      {
        variant: 'бақылау',
        keys: ['results.checks.title'],
        reason: 'the protocol\'s control relations (контрольные соотношения) are "бақылау арақатынастары"',
      },
      {
        variant: 'бақылау',
        keys: ['consent.2026-11-v1'],
        reason: 'a consent text is frozen once people agreed to it; its next version says "байқауды"',
      },
    ],
  },
  {
    concept: 'checkpointTime',
    ru: 'контрольное время',
    kk: 'бақылау уақыты',
    en: 'checkpoint time',
    forbidden: {},
  },
  {
    concept: 'protocol',
    ru: 'протокол (об итогах голосования)',
    kk: 'хаттама',
    en: 'protocol',
    forbidden: { kk: ['протокол'] },
  },
  {
    concept: 'ballot',
    ru: 'бюллетень (избирательный бюллетень)',
    kk: 'бюллетень (сайлау бюллетені)',
    en: 'ballot',
    forbidden: { kk: ['дауыс беру қағаз'] },
  },
  {
    concept: 'turnout',
    ru: 'явка',
    kk: 'сайлаушылардың келуі (келу)',
    en: 'turnout',
    note: 'The protocol line "дауыс беруге қатысқан сайлаушылар" (voters who took part) is the law\'s wording, not turnout.',
    forbidden: {
      kk: [{ text: 'қатысу', notFollowedBy: ['шы'] }],
      en: ['participation'],
    },
  },
  {
    concept: 'violation',
    ru: 'нарушение',
    kk: 'бұзушылық',
    en: 'incident (violation)',
    forbidden: { kk: ['инцидент', 'заң бұзу'] },
  },
  {
    concept: 'ballotStuffing',
    ru: 'вброс бюллетеней',
    kk: 'бюллетеньдерді заңсыз салу',
    en: 'ballot stuffing',
    forbidden: {
      kk: ['бюллетень тастау', 'бюллетеньдерді тастау', 'бюллетень лақтыру', 'бюллетеньдерді лақтыру', 'вброс'],
    },
  },
  {
    concept: 'region',
    ru: 'регион',
    kk: 'өңір',
    en: 'region',
    note: 'The first level of the territory tree; one word everywhere, whatever a country calls it.',
    forbidden: { kk: ['облыс'], ru: ['облас'], en: ['oblast', 'province'] },
  },
  {
    concept: 'area',
    ru: 'территория',
    kk: 'аумақ',
    en: 'area',
    forbidden: {},
  },
  {
    concept: 'discrepancy',
    ru: 'расхождение',
    kk: 'сәйкессіздік',
    en: 'discrepancy (copies: conflict)',
    note: 'A numeric difference in a column is "айырма" / "разница" / "difference", another concept.',
    forbidden: { kk: ['алшақты', 'айырмашылы'], ru: ['несовпадени', 'нестыковк'] },
  },
  {
    concept: 'outlier',
    ru: 'выброс',
    kk: 'ерекше учаске',
    en: 'outlier',
    forbidden: { kk: ['шығынды'] },
  },
  {
    concept: 'revoked',
    ru: 'отозван (направление)',
    kk: 'күші жойылған',
    en: 'revoked',
    forbidden: { kk: ['кері қайтарыл'], ru: ['аннулирова'], en: ['withdrawn'] },
    exceptions: [
      {
        variant: 'withdrawn',
        keys: ['recruitment.statuses.withdrawn', 'overview.recruitmentOff'],
        reason: 'the applicant withdrew (отказался): the person, not a letter',
      },
      {
        variant: 'withdrawn',
        keys: ['consent.*'],
        reason: 'a person withdraws their consent: not a revoked letter',
      },
    ],
  },
  {
    concept: 'duplicateRecord',
    ru: 'дубликат (повторная запись)',
    kk: 'қайталанған жазба',
    en: 'duplicate',
    note: '"телнұсқа" is a duplicate of a document (a re-issued paper), not a second record of one person.',
    forbidden: { kk: ['телнұсқа'] },
  },
  {
    concept: 'account',
    ru: 'учётная запись',
    kk: 'есептік жазба',
    en: 'account',
    forbidden: { kk: ['тіркелгі'] },
  },
  {
    concept: 'noAccess',
    ru: 'нет доступа',
    kk: 'рұқсат жоқ',
    en: 'no access',
    note: '"қолжетімділік" is accessibility (for people with disabilities), not permission.',
    forbidden: { kk: ['қолжетімділі'] },
    exceptions: [
      {
        variant: 'қолжетімділі',
        keys: ['stations.form.more', 'stations.form.accessibility', 'imports.fields.stations.accessibility'],
        reason: "the station's accessibility for people with disabilities",
      },
    ],
  },
  {
    concept: 'voteCount',
    ru: 'подсчёт голосов',
    kk: 'дауыстарды санау',
    en: 'vote count (counting)',
    forbidden: { kk: ['дауыс санау'] },
  },
  {
    concept: 'impersonalVoice',
    ru: 'Сохраняем…, Связались (as everywhere in ru)',
    kk: 'Сақталуда…, Хабарласылды (impersonal passive, never "we")',
    en: 'Saving…, Contacted',
    note: 'Kazakh progress labels and statuses are impersonal, never "we" ("Сақтаудамыз", "жатырмыз", "Хабарластық").',
    forbidden: {
      kk: [
        { text: 'удамыз', ending: true },
        { text: 'удеміз', ending: true },
        { text: 'жатырмыз', exact: true },
        { text: 'хабарластық', exact: true },
      ],
    },
  },
];

// ---- Texts ----

/** One text to check: where it comes from, its key there, its language. */
export interface TermText {
  source: string;
  key: string;
  locale: GlossaryLocale;
  text: string;
}

export interface TermViolation extends TermText {
  concept: string;
  variant: string;
  found: string;
  /** The glossary term to use instead. */
  term: string;
}

/** Every string leaf of a nested message object, keyed by its dotted path (the web locale files). */
export function flattenMessages(messages: object, locale: GlossaryLocale, source: string): TermText[] {
  const out: TermText[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') out.push({ source, key: path, locale, text: value });
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    }
  };
  walk(messages, '');
  return out;
}

const glossaryLocales: readonly GlossaryLocale[] = ['ru', 'kk', 'en'];

/**
 * Every `{ ru, kk, en }` text inside a value (forms, templates, taxonomies), keyed by its path; an
 * object's `id`, `key` or `code` names it in the path instead of its index.
 */
export function localizedTexts(value: unknown, source: string, prefix: string): TermText[] {
  const out: TermText[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        walk(item, `${path}.${nameOf(item) ?? i}`);
      });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const record = v as Record<string, unknown>;
    if (typeof record.kk === 'string' || typeof record.ru === 'string') {
      for (const locale of glossaryLocales) {
        const text = record[locale];
        if (typeof text === 'string') out.push({ source, key: path, locale, text });
      }
      return;
    }
    for (const [k, child] of Object.entries(record)) {
      if (Array.isArray(child)) walk(child, path);
      else walk(child, `${path}.${k}`);
    }
  };
  walk(value, prefix);
  return out;
}

function nameOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const r = item as Record<string, unknown>;
  for (const field of ['id', 'key', 'code', 'value'] as const) {
    if (typeof r[field] === 'string') return r[field];
  }
  return undefined;
}

// ---- Matching ----

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function variantOf(v: string | ForbiddenVariant): ForbiddenVariant {
  return typeof v === 'string' ? { text: v } : v;
}

/** The pattern of a variant, with word edges that work for Cyrillic (lookarounds on \p{L}). */
export function variantPattern(variant: string | ForbiddenVariant): RegExp {
  const v = variantOf(variant);
  const body = v.text.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  const not = v.notFollowedBy && v.notFollowedBy.length > 0 ? `(?!${v.notFollowedBy.map(escapeRegExp).join('|')})` : '';
  if (v.ending) return new RegExp(`\\p{L}*${body}(?!\\p{L})`, 'giu');
  const tail = v.exact ? '(?!\\p{L})' : '\\p{L}*';
  return new RegExp(`(?<!\\p{L})${body}${not}${tail}`, 'giu');
}

function keyPattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
}

function termIn(entry: GlossaryEntry, locale: GlossaryLocale): string {
  return entry[locale];
}

/** Every use of a forbidden variant in the texts, except where an exception allows it. */
export function checkTerminology(
  texts: Iterable<TermText>,
  entries: readonly GlossaryEntry[] = glossary,
): TermViolation[] {
  const rules = entries.flatMap((entry) =>
    glossaryLocales.flatMap((locale) =>
      (entry.forbidden[locale] ?? []).map((raw) => {
        const variant = variantOf(raw);
        const allowedKeys = (entry.exceptions ?? [])
          .filter((e) => e.variant === variant.text)
          .flatMap((e) => e.keys.map(keyPattern));
        return { entry, locale, variant, pattern: variantPattern(variant), allowedKeys };
      }),
    ),
  );
  const violations: TermViolation[] = [];
  for (const t of texts) {
    for (const rule of rules) {
      if (rule.locale !== t.locale) continue;
      if (rule.allowedKeys.some((k) => k.test(t.key))) continue;
      for (const m of t.text.matchAll(rule.pattern)) {
        violations.push({
          ...t,
          concept: rule.entry.concept,
          variant: rule.variant.text,
          found: m[0],
          term: termIn(rule.entry, t.locale),
        });
      }
    }
  }
  return violations;
}

/** One line a failing test prints: which text, what was found, what to write instead. */
export function describeViolation(v: TermViolation): string {
  return `${v.source} [${v.locale}] ${v.key}: "${v.found}" is a forbidden variant ("${v.variant}") of ${v.concept} — use "${v.term}"`;
}

/** Exceptions that no longer match any text: a stale exception would silently allow a future misuse. */
export function unusedExceptions(
  texts: readonly TermText[],
  entries: readonly GlossaryEntry[] = glossary,
): { concept: string; variant: string; key: string }[] {
  const unused: { concept: string; variant: string; key: string }[] = [];
  for (const entry of entries) {
    for (const exception of entry.exceptions ?? []) {
      const raw = glossaryLocales
        .flatMap((l) => (entry.forbidden[l] ?? []).map((v) => ({ l, v: variantOf(v) })))
        .find((x) => x.v.text === exception.variant);
      if (raw === undefined) {
        unused.push({ concept: entry.concept, variant: exception.variant, key: '(no such variant)' });
        continue;
      }
      for (const key of exception.keys) {
        const kp = keyPattern(key);
        const pattern = variantPattern(raw.v);
        const used = texts.some((t) => t.locale === raw.l && kp.test(t.key) && t.text.match(pattern) !== null);
        if (!used) unused.push({ concept: entry.concept, variant: exception.variant, key });
      }
    }
  }
  return unused;
}
