import {
  buildProtocolTemplate,
  type ElectionDto,
  type LinearSum,
  type Locale,
  localized,
  type ProtocolRelation,
  type ProtocolTemplate,
  protocolTemplates,
} from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** The election's protocol template with its ballot options: line labels for the tables. */
export function electionTemplate(election: ElectionDto): ProtocolTemplate {
  return buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions);
}

/** Option code → its name on the ballot, in the UI language (the code when unknown). */
export function optionNamer(election: ElectionDto, locale: Locale): (code: string) => string {
  const names = new Map(election.ballotOptions.map((o) => [o.code, localized(o.name, locale)]));
  return (code) => names.get(code) ?? code;
}

/** Protocol line key → "2. Число бюллетеней, полученных…" (the key when the template lacks it). */
export function lineNamer(template: ProtocolTemplate, locale: Locale): (key: string) => string {
  const lines = new Map(template.lines.map((l) => [l.key, l]));
  return (key) => {
    const line = lines.get(key);
    if (!line) return key;
    const label = localized(line.label, locale);
    return line.number ? `${line.number}. ${label}` : label;
  };
}

/**
 * A control relation in words, by line numbers where the protocol prints them:
 * "2 = 3 + 4", "сумма голосов за варианты + 6 = 5". `allOptions` names the sum of option lines.
 */
export function relationFormula(
  relation: Pick<ProtocolRelation, 'left' | 'op' | 'right'>,
  template: ProtocolTemplate,
  allOptions: string,
): string {
  const lines = new Map(template.lines.map((l) => [l.key, l]));
  const term = (key: string) => {
    if (key === '@options') return allOptions;
    const line = lines.get(key);
    return line?.number ? String(line.number) : key;
  };
  const side = (sum: LinearSum) =>
    [sum.plus.map(term).join(' + '), ...(sum.minus ?? []).map((k) => `− ${term(k)}`)].join(' ');
  const op = relation.op === '<=' ? '≤' : relation.op === '>=' ? '≥' : '=';
  return `${side(relation.left)} ${op} ${side(relation.right)}`;
}

/** Numbers with up to `digits` decimals in the UI language's style: 12 345,6. */
export function useDecimal(): (value: number | null | undefined, digits?: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const language = i18n.language === 'kk' ? 'ru' : i18n.language;
    const formats = new Map<number, Intl.NumberFormat>();
    return (value, digits = 0) => {
      if (value === null || value === undefined || !Number.isFinite(value)) return '—';
      let format = formats.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(language, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
        formats.set(digits, format);
      }
      return format.format(value);
    };
  }, [i18n.language]);
}
