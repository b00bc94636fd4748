import type { BallotOption, LocalizedText } from '../../elections/election.ts';

/** Label in all three languages: protocol lines are printed and compared, no fallback. */
export type FullText = Required<LocalizedText>;

export interface ProtocolLine {
  /** snake_case; becomes the question id in the protocol-copy form. */
  key: string;
  /** The line number printed on the protocol. */
  number?: number;
  label: FullText;
  /** The line's name exactly as printed on the official (Russian) form. */
  officialName?: string;
  kind: 'count' | 'option';
}

/** Stands for the sum of every `option` line, whatever the ballot of a given election holds. */
export const ALL_OPTIONS = '@options';

/** A linear sum of lines: simpler to audit than free expressions and enough for every control relation. */
export interface LinearSum {
  plus: string[];
  minus?: string[];
}

export interface ProtocolRelation {
  id: string;
  left: LinearSum;
  op: '=' | '<=' | '>=';
  right: LinearSum;
  severity: 'error' | 'warning';
}

export interface ProtocolTemplate {
  code: string;
  lines: ProtocolLine[];
  relations: ProtocolRelation[];
}

/** What a protocol needs of a ballot option (elections/election.ts); "against all" is just another option. */
export type ProtocolBallotOption = Pick<BallotOption, 'code' | 'name'>;

export interface RelationFailure {
  relationId: string;
  severity: 'error' | 'warning';
  op: ProtocolRelation['op'];
  left: number;
  right: number;
}

const optionCodePattern = /^[a-z0-9_]{1,40}$/;

/** The base template with one `option` line per ballot option, in ballot order, numbered on. */
export function buildProtocolTemplate(
  base: ProtocolTemplate,
  ballotOptions: readonly ProtocolBallotOption[],
): ProtocolTemplate {
  // Rebuilding from a template that already has options replaces them.
  const counts = base.lines.filter((l) => l.kind !== 'option');
  let number = Math.max(0, ...counts.map((l) => l.number ?? 0));
  const keys = new Set(counts.map((l) => l.key));
  const options = ballotOptions.map((option): ProtocolLine => {
    const key = `option_${option.code}`;
    if (!optionCodePattern.test(option.code) || keys.has(key)) {
      throw new TypeError(`ballot option code must be unique snake_case: ${option.code}`);
    }
    keys.add(key);
    number += 1;
    const { ru, kk, en } = option.name;
    // A candidate's name reads the same in every language unless the HQ entered a transliteration.
    return { key, number, label: { ru, kk: kk?.trim() || ru, en: en?.trim() || ru }, kind: 'option' };
  });
  return {
    code: base.code,
    lines: [...counts, ...options],
    relations: base.relations.map((r) => ({ ...r })),
  };
}

/** The keys a sum stands for, with `@options` expanded. */
export function expandSum(template: ProtocolTemplate, keys: readonly string[]): string[] {
  return keys.flatMap((k) =>
    k === ALL_OPTIONS ? template.lines.filter((l) => l.kind === 'option').map((l) => l.key) : [k],
  );
}

export interface CheckProtocolOptions {
  /** `skip` (default): a relation with a missing line is not judged. `zero`: missing counts as 0. */
  missing?: 'skip' | 'zero';
}

/**
 * The relations that do not hold. On an observer's copy a failure is a flag for a coordinator,
 * never a reason to refuse the report: the copy shows what the commission wrote.
 */
export function checkProtocol(
  template: ProtocolTemplate,
  values: Readonly<Record<string, number | null | undefined>>,
  options: CheckProtocolOptions = {},
): RelationFailure[] {
  const read = (key: string): number | null => {
    const v = Object.hasOwn(values, key) ? values[key] : undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return options.missing === 'zero' ? 0 : null;
  };
  const total = (sum: LinearSum): number | null => {
    let result = 0;
    for (const key of expandSum(template, sum.plus)) {
      const v = read(key);
      if (v === null) return null;
      result += v;
    }
    for (const key of expandSum(template, sum.minus ?? [])) {
      const v = read(key);
      if (v === null) return null;
      result -= v;
    }
    return result;
  };
  const failures: RelationFailure[] = [];
  for (const relation of template.relations) {
    const left = total(relation.left);
    const right = total(relation.right);
    if (left === null || right === null) continue;
    const holds = relation.op === '=' ? left === right : relation.op === '<=' ? left <= right : left >= right;
    if (!holds) failures.push({ relationId: relation.id, severity: relation.severity, op: relation.op, left, right });
  }
  return failures;
}

/** Lower case, ё→е, one space, no quotes or trailing punctuation. */
function normaliseProtocolHeader(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[«»"„“”']/g, '')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[\s.,:;]+$/, '')
    .trim();
}

const numbering = /^(?:(?:строка|стр\.?|line|жол|№)\s*)?(?:№\s*)?(\d{1,3})\s*(?:[.):-]\s*|\s+|$)/;

/**
 * Which line a column header of a results file stands for: the official name, a label in any
 * language, or the key; tolerant of case, ё/е, spacing and a leading `1.` / `Строка 1`. A header
 * that is only a number (`Строка 1`) matches by line number. Null when nothing fits.
 */
export function matchProtocolHeader(header: string, template: ProtocolTemplate): string | null {
  let text = normaliseProtocolHeader(header);
  let number: number | null = null;
  const m = numbering.exec(text);
  if (m !== null) {
    number = Number(m[1]);
    text = text.slice(m[0].length).trim();
  }
  if (text === '') return template.lines.find((l) => l.number === number)?.key ?? null;
  for (const line of template.lines) {
    const names = [line.officialName, line.label.ru, line.label.kk, line.label.en, line.key];
    if (names.some((n) => n !== undefined && normaliseProtocolHeader(n) === text)) return line.key;
  }
  return null;
}
