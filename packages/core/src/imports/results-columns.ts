import { matchProtocolHeader, type ProtocolTemplate } from '../forms/protocol/protocol-template.ts';
import { transliterate } from '../text/transliterate.ts';
import { type ImportField, normaliseHeader, parseNumberCell } from './import-columns.ts';

/**
 * Recognising the columns of a per-station results file as research groups and CECs publish them:
 * station columns by their names in ru, kk, en or Latin transliteration; protocol lines by meaning
 * (word forms, abbreviated or dropped words, word order, a leading line number), each with a
 * confidence; non-numeric columns (links, names, dates) set aside with the reason. Every choice is
 * returned, so the wizard and `pollwatch analyze --print-mapping` can show it; nothing is silent.
 */

/** How sure a column's role is: the official name, a close reading, a loose one, or the user's. */
export type ColumnConfidence = 'exact' | 'strong' | 'weak' | 'given';

/** Why a column is neither a station column, a protocol line nor a ballot option. */
export type IgnoredColumnReason =
  | 'url'
  | 'date'
  | 'text'
  | 'empty'
  /** Named like a protocol line, but the line is taken or the name fits two lines equally. */
  | 'looks_like_line'
  | 'duplicate_header'
  /** The user's mapping said to ignore it. */
  | 'by_mapping'
  /** Numeric, but the election has no ballot option of that name (import wizard). */
  | 'unmatched';

export interface ResultsColumn {
  header: string;
  /** Position in the file's header row. */
  index: number;
  role: 'station' | 'line' | 'option' | 'ignored';
  /** Station field (region, area, number, …) or protocol line key. */
  key?: string;
  confidence?: ColumnConfidence;
  reason?: IgnoredColumnReason;
  /** For `looks_like_line`: the lines the name could stand for. */
  candidates?: string[];
}

/** The kind of values a column holds, judged on a sample of its cells. */
export type ColumnValueKind = 'number' | 'url' | 'date' | 'text' | 'empty';

const urlCell = /^(?:https?:\/\/|ftp:\/\/|www\.)\S+$/i;
const dateCell = /^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/** Numbers when at least 90% of the non-empty sampled cells are numbers; else links, dates or text. */
export function columnValueKind(cells: readonly string[]): ColumnValueKind {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (filled.length === 0) return 'empty';
  const numbers = filled.filter((c) => {
    const n = parseNumberCell(c);
    return n !== null && Number.isFinite(n);
  }).length;
  if (numbers >= 0.9 * filled.length) return 'number';
  const urls = filled.filter((c) => urlCell.test(c)).length;
  if (urls >= 0.5 * filled.length) return 'url';
  const dates = filled.filter((c) => dateCell.test(c)).length;
  if (dates >= 0.5 * filled.length) return 'date';
  return 'text';
}

// ---- words: stems folded to a Latin skeleton, so Cyrillic, Kazakh and transliterated headers meet ----

/** Transliteration variants folded away: "izbirateley" ≈ "izbiratelei", "vydannykh" ≈ "vidannih". */
function skeleton(latin: string): string {
  return latin
    .replace(/shch|sch/g, 's')
    .replace(/kh|x/g, 'h')
    .replace(/ts|tz/g, 'c')
    .replace(/zh/g, 'z')
    .replace(/ch/g, 'c')
    .replace(/sh/g, 's')
    .replace(/[yj]/g, 'i')
    .replace(/w/g, 'v')
    .replace(/q/g, 'k')
    .replace(/'/g, '')
    .replace(/(.)\1+/g, '$1');
}

const russianEndings = [
  'иями',
  'ями',
  'ами',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ых',
  'их',
  'ой',
  'ей',
  'ий',
  'ый',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ую',
  'юю',
  'ов',
  'ев',
  'ах',
  'ях',
  'ом',
  'ем',
  'ам',
  'ям',
  'а',
  'я',
  'о',
  'е',
  'ы',
  'и',
  'у',
  'ю',
  'ь',
  'й',
];
const kazakhEndings = [
  'лардың',
  'лердің',
  'дардың',
  'дердің',
  'тардың',
  'тердің',
  'ларын',
  'лерін',
  'дарын',
  'дерін',
  'лары',
  'лері',
  'дары',
  'дері',
  'тары',
  'тері',
  'лар',
  'лер',
  'дар',
  'дер',
  'тар',
  'тер',
  'ның',
  'нің',
  'дың',
  'дің',
  'тың',
  'тің',
  'нан',
  'нен',
  'дан',
  'ден',
  'тан',
  'тен',
  'ға',
  'ге',
  'қа',
  'ке',
  'да',
  'де',
  'та',
  'те',
  'ды',
  'ді',
  'ты',
  'ті',
  'ны',
  'ні',
  'сы',
  'сі',
  'ы',
  'і',
];
const latinEndings = [
  'iami',
  'ami',
  'ogo',
  'ego',
  'omu',
  'emu',
  'imi',
  'ih',
  'oi',
  'ei',
  'ii',
  'aia',
  'oe',
  'ee',
  'ie',
  'iu',
  'ov',
  'ev',
  'ah',
  'iah',
  'om',
  'em',
  'am',
  'iam',
  'ia',
  'a',
  'o',
  'e',
  'i',
  'u',
];

function stripEnding(word: string, endings: readonly string[], minStem: number): string {
  for (const ending of endings) {
    if (word.endsWith(ending) && word.length - ending.length >= minStem) return word.slice(0, -ending.length);
  }
  return word;
}

const kazakhLetters = /[әғқңөұүһі]/;

/** A word's stem as a Latin skeleton: "бюллетеней", "бюллетени", "byulleteney" → one token. */
export function wordStem(word: string): string {
  const w = word.toLowerCase().replaceAll('ё', 'е');
  if (/[а-яәғқңөұүһі]/.test(w)) {
    let stem = w;
    if (kazakhLetters.test(w) || /(?:лар|лер|дар|дер|тар|тер|ның|нің|дың|дің)/.test(w)) {
      for (let i = 0; i < 3; i++) stem = stripEnding(stem, kazakhEndings, 3);
    }
    stem = stripEnding(stem, russianEndings, 3);
    return skeleton(transliterate(stem));
  }
  return stripEnding(skeleton(w), latinEndings, 3);
}

/** Words that say nothing about which line a column is ("число", "количество", "саны", "of"…). */
const stopWords = new Set([
  'число',
  'количество',
  'кол',
  'во',
  'колво',
  'саны',
  'и',
  'в',
  'для',
  'при',
  'на',
  'с',
  'со',
  'по',
  'из',
  'от',
  'к',
  'о',
  'об',
  'және',
  'chislo',
  'kolichestvo',
  'kol',
  'vo',
  'number',
  'of',
  'the',
  'and',
  'in',
  'on',
  'for',
  'by',
  'to',
  'at',
  'no',
  'nr',
  'num',
]);

/** Commissions' abbreviations, read as the words they stand for. */
const abbreviations: Record<string, readonly string[]> = {
  уик: ['участковой', 'избирательной', 'комиссией'],
  uik: ['участковой', 'избирательной', 'комиссией'],
  ук: ['участковой', 'комиссией'],
  уск: ['учаскелік', 'сайлау', 'комиссиясы'],
  usk: ['учаскелік', 'сайлау', 'комиссиясы'],
  тик: ['территориальной', 'избирательной', 'комиссией'],
  tik: ['территориальной', 'избирательной', 'комиссией'],
};

/**
 * A header's meaningful word stems, in order. A word written with a dot ("действ.", "бюл.") is an
 * abbreviation: kept unstemmed and marked with the dot, it stands for any word it begins.
 */
export function headerStems(text: string, expand = false): string[] {
  const stems: string[] = [];
  const normal = text.normalize('NFC').toLowerCase().replaceAll('ё', 'е').replace(/№/g, ' номер ');
  for (const m of normal.matchAll(/([\p{L}\p{N}]+)(\.)?/gu)) {
    const word = m[1] ?? '';
    if (stopWords.has(word)) continue;
    if (m[2] && word.length >= 2 && /\p{L}/u.test(word) && !abbreviations[word]) {
      stems.push(`${skeleton(transliterate(word))}.`);
      continue;
    }
    for (const w of expand ? (abbreviations[word] ?? [word]) : [word]) {
      const stem = wordStem(w);
      if (stem !== '') stems.push(stem);
    }
  }
  return stems;
}

const leadingNumber =
  /^\s*(?:(?:строка|стр|stroka|str|line|жол|п|пункт|№|n|no)\.?\s*)?(?:№\s*)?(\d{1,3})(?:\s*[.):-]\s*|\s+|$)/i;
const trailingNumber = /[\s(,;-]+(?:строка|стр|stroka|str|line|жол|п|пункт)\.?\s*(\d{1,3})\)?\s*$/i;

/** The protocol line number a header gives ("10. Число…", "Строка 10", "… (стр. 10)") and the rest. */
export function headerLineNumber(header: string): { number: number | null; text: string } {
  const lead = leadingNumber.exec(header);
  if (lead) return { number: Number(lead[1]), text: header.slice(lead[0].length).trim() };
  const trail = trailingNumber.exec(header);
  if (trail) return { number: Number(trail[1]), text: header.slice(0, trail.index).trim() };
  return { number: null, text: header.trim() };
}

// ---- station columns ----

/** Latin and English spellings beside the Cyrillic aliases (which match transliterated on their own). */
const latinStationAliases: Record<string, readonly string[]> = {
  region: ['region', 'region name', 'subject', 'subekt rf', 'oblys', 'province', 'state'],
  area: ['territorial commission', 'tik name', 'district', 'rayon', 'raion', 'municipality', 'okrug'],
  number: ['polling station', 'precinct', 'precinct number', 'station no', 'uchastok', 'psc', 'station id'],
  name: ['station name', 'commission name'],
  address: ['address', 'adres', 'location'],
};

/** Russian and Kazakh names a results file gives its station columns, beside the station import's. */
const extraStationAliases: Record<string, readonly string[]> = {
  region: ['субъект', 'субъект рф', 'наименование региона', 'регион наименование', 'область край'],
  area: ['тик', 'территориальная избирательная комиссия', 'название тик', 'наименование тик', 'аумақтық комиссия'],
  number: ['номер уик', 'уик номер', 'номер избирательного участка', 'избирательный участок', 'номер учаскесі'],
  name: [],
  address: [],
};

/** Extra names of protocol line 1 (voters on the list), as results files head it. */
const registeredAliases = [
  'избирателей',
  'число избирателей',
  'избирателей в списке',
  'зарегистрировано избирателей',
  'зарегистрированных избирателей',
  'сайлаушылар саны',
  'registered voters',
  'registered',
  'voters',
  'electorate',
];

function sortedStems(text: string): string {
  return [...new Set(headerStems(text))].sort().join(' ');
}

/**
 * Which station field a header names: one of its aliases as written (exact), or in another word
 * form, word order or Latin transliteration (strong).
 */
function matchStationHeader(
  header: string,
  fields: readonly ImportField[],
): { key: string; confidence: ColumnConfidence } | null {
  const normal = normaliseHeader(header);
  for (const field of fields) {
    if ([field.key, ...field.aliases].some((n) => normaliseHeader(n) === normal)) {
      return { key: field.key, confidence: 'exact' };
    }
  }
  const key = sortedStems(header);
  if (key === '') return null;
  for (const field of fields) {
    const names = [
      field.key,
      ...field.aliases,
      ...(extraStationAliases[field.key] ?? []),
      ...(latinStationAliases[field.key] ?? []),
    ];
    if (names.some((n) => sortedStems(n) === key)) return { key: field.key, confidence: 'strong' };
  }
  return null;
}

// ---- protocol lines by meaning ----

interface LineNames {
  key: string;
  number: number | undefined;
  variants: string[][];
}

function lineNames(template: ProtocolTemplate, registeredKey: string | undefined): LineNames[] {
  return template.lines.map((line) => {
    const texts = [line.officialName, line.label.ru, line.label.kk, line.label.en, line.key.replaceAll('_', ' ')];
    if (line.key === registeredKey) texts.push(...registeredAliases);
    return {
      key: line.key,
      number: line.number,
      variants: texts.filter((t): t is string => Boolean(t)).map((t) => [...new Set(headerStems(t))]),
    };
  });
}

/**
 * An abbreviation ("действ.") stands for any word it begins; otherwise the stems agree up to a
 * letter or two the stemmer left ("выданн" ~ "выдан"), never a short root of a longer word
 * ("голос" is not "голосован").
 */
function stemsMatch(header: string, line: string): boolean {
  if (header === line) return true;
  if (header.endsWith('.')) return line.startsWith(header.slice(0, -1));
  const [short, long] = header.length <= line.length ? [header, line] : [line, header];
  return short.length >= 4 && long.startsWith(short) && long.length - short.length <= 2;
}

/** How well a header's words fit one wording of a line: precision (every word explained) over recall. */
function wordingScore(
  header: readonly string[],
  line: readonly string[],
  weight: (stem: string) => number,
  unique: number,
): number {
  if (header.length === 0 || line.length === 0) return 0;
  let distinctive = false;
  let headerTotal = 0;
  let headerMatched = 0;
  for (const h of header) {
    const w = weight(h);
    headerTotal += w;
    if (line.some((l) => stemsMatch(h, l))) headerMatched += w;
  }
  let lineTotal = 0;
  let lineMatched = 0;
  for (const l of line) {
    const w = weight(l);
    lineTotal += w;
    if (header.some((h) => stemsMatch(h, l))) {
      lineMatched += w;
      if (w >= unique) distinctive = true;
    }
  }
  const precision = headerMatched / headerTotal;
  const recall = lineMatched / lineTotal;
  // One shared common word ("Голоса" ~ "голосования") says too little of a line to name it; a word
  // of this line only ("Погашено") says enough.
  return precision === 0 || (recall < 0.25 && !distinctive) ? 0 : 0.65 * precision + 0.35 * recall;
}

const WEAK = 0.5;
/** A column scoring this much against a line is never taken for a ballot option. */
const NEAR = 0.3;
const STRONG = 0.75;
const MARGIN = 0.05;

export interface LineScore {
  key: string;
  score: number;
}

/** Scores of a header against every line of the template, best first (scores in 0…1.25). */
export function scoreProtocolHeader(header: string, template: ProtocolTemplate, registeredKey?: string): LineScore[] {
  return protocolHeaderScorer(template, registeredKey)(header);
}

/** The same, for many headers against one template. */
export function protocolHeaderScorer(
  template: ProtocolTemplate,
  registeredKey?: string,
): (header: string) => LineScore[] {
  const lines = lineNames(template, registeredKey);
  const weight = idfOf(lines);
  return (header) => scoreWith(lines, weight, header);
}

function idfOf(lines: readonly LineNames[]): (stem: string) => number {
  const df = new Map<string, number>();
  for (const line of lines) {
    for (const stem of new Set(line.variants.flat())) df.set(stem, (df.get(stem) ?? 0) + 1);
  }
  const n = lines.length;
  return (stem) => {
    let count = df.get(stem);
    if (count === undefined) {
      // An abbreviation counts as the words it can stand for.
      count = 0;
      for (const [s, c] of df) if (stemsMatch(stem, s)) count = Math.max(count, c);
    }
    return Math.log(1 + n / Math.max(count, 0.5));
  };
}

function scoreWith(lines: readonly LineNames[], weight: (stem: string) => number, header: string): LineScore[] {
  const { number, text } = headerLineNumber(header);
  const stems = [...new Set(headerStems(text, true))];
  const unique = Math.log(1 + lines.length) - 1e-9;
  const scores = lines.map((line) => {
    let score = Math.max(0, ...line.variants.map((v) => wordingScore(stems, v, weight, unique)));
    // The printed line number is a strong hint when the words agree at least in part; alone
    // ("Строка 10"), it names the line.
    if (number !== null && line.number === number) {
      if (stems.length === 0) score = 0.9;
      else if (score >= 0.2) score += 0.35;
    }
    return { key: line.key, score };
  });
  return scores.sort((a, b) => b.score - a.score);
}

export interface MatchResultsColumnsOptions {
  /** The station columns the caller reads (region, area, number; the CLI also name and address). */
  stationFields: readonly ImportField[];
  /** A sample of rows (cells by header index), to tell numbers from links, names and dates. */
  sample: readonly (readonly string[])[];
  /**
   * `columns` (the CLI): a numeric column that is no line is a ballot option named by its header.
   * `lines` (the import wizard): ballot options are lines of the template, matched by name.
   */
  options: 'columns' | 'lines';
  /** The line holding the voters on the list, which results files also head "izbirateley", "voters"… */
  registeredKey?: string;
}

/**
 * Every column's role: a station column, a protocol line (with a confidence), a ballot option, or
 * ignored with a reason. Lines are matched by meaning, best fit first, each line and column once.
 */
export function matchResultsColumns(
  template: ProtocolTemplate,
  headers: readonly string[],
  options: MatchResultsColumnsOptions,
): ResultsColumn[] {
  const result: ResultsColumn[] = headers.map((header, index) => ({ header, index, role: 'ignored' }));
  const seen = new Set<string>();
  const kinds = headers.map((_, i) => columnValueKind(options.sample.map((row) => row[i] ?? '')));
  const open: number[] = [];
  const stationTaken = new Set<string>();
  for (const column of result) {
    if (column.header.trim() === '' && kinds[column.index] === 'empty') {
      column.reason = 'empty';
      continue;
    }
    if (seen.has(column.header)) {
      column.reason = 'duplicate_header';
      continue;
    }
    seen.add(column.header);
    const station = matchStationHeader(column.header, options.stationFields);
    if (station !== null && !stationTaken.has(station.key)) {
      Object.assign(column, { role: 'station', key: station.key, confidence: station.confidence });
      stationTaken.add(station.key);
      continue;
    }
    open.push(column.index);
  }

  // Exact official names first, then the best fits by meaning.
  const lines = lineNames(template, options.registeredKey);
  const weight = idfOf(lines);
  const lineTaken = new Set<string>();
  const optionLine = new Set(template.lines.filter((l) => l.kind === 'option').map((l) => l.key));
  const scored = new Map<number, LineScore[]>();
  for (const i of open) {
    const column = result[i];
    if (!column) continue;
    const kind = kinds[i] ?? 'empty';
    if (kind !== 'number' && !(kind === 'empty' && options.sample.length === 0)) {
      column.reason = kind as IgnoredColumnReason;
      continue;
    }
    const exact = matchProtocolHeader(column.header, template);
    if (exact !== null && !lineTaken.has(exact)) {
      // "Строка 10" names its line by number alone: a strong hint, not the official name.
      const confidence = headerLineNumber(column.header).text === '' ? 'strong' : 'exact';
      Object.assign(column, { role: 'line', key: exact, confidence });
      lineTaken.add(exact);
      continue;
    }
    scored.set(i, scoreWith(lines, weight, column.header));
  }
  const pairs: { i: number; key: string; score: number; margin: number }[] = [];
  for (const [i, scores] of scored) {
    const best = scores[0];
    if (!best || best.score < WEAK) continue;
    for (const s of scores) {
      if (s.score < WEAK) break;
      const other = scores.find((o) => o.key !== s.key)?.score ?? 0;
      pairs.push({ i, key: s.key, score: s.score, margin: s === best ? s.score - other : 0 });
    }
  }
  pairs.sort((a, b) => b.score - a.score || b.margin - a.margin);
  for (const p of pairs) {
    const column = result[p.i];
    if (column?.role !== 'ignored' || lineTaken.has(p.key)) continue;
    const scores = scored.get(p.i) ?? [];
    // Two lines fitting about equally well (neither taken yet) leave the column undecided.
    const rival = scores.find((s) => s.key !== p.key && !lineTaken.has(s.key));
    if (rival && p.score - rival.score < MARGIN) continue;
    const confidence = p.score >= STRONG && (!rival || p.score - rival.score >= 0.15) ? 'strong' : 'weak';
    Object.assign(column, { role: 'line', key: p.key, confidence });
    lineTaken.add(p.key);
  }
  for (const [i, scores] of scored) {
    const column = result[i];
    if (column?.role !== 'ignored') continue;
    const near = scores.filter((s) => s.score >= NEAR && !optionLine.has(s.key)).map((s) => s.key);
    if (near.length > 0) {
      // Named like a protocol line: never a ballot option, and the user is told which lines it resembles.
      Object.assign(column, { reason: 'looks_like_line', candidates: near.slice(0, 3) });
    } else if (options.options === 'columns') {
      Object.assign(column, { role: 'option', reason: undefined });
      delete column.reason;
    } else column.reason = 'unmatched';
  }
  return result;
}

/** The mapping the columns amount to, as `{ line or station key: header }` (an import's ColumnMapping). */
export function mappingOfColumns(columns: readonly ResultsColumn[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const c of columns) if ((c.role === 'line' || c.role === 'station') && c.key) mapping[c.key] = c.header;
  return mapping;
}
