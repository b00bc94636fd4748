import { buildProtocolTemplate, protocolTemplates } from '@pollwatch/core';
import iconv from 'iconv-lite';

/** The ballot of the official-results tests: two candidates, named as a CEC file names them. */
export const TWO_CANDIDATES = [
  { code: 'a', kind: 'candidate', name: { ru: 'Абаев Алмас' } },
  { code: 'b', kind: 'candidate', name: { ru: 'Бекова Бибигуль' } },
] as const;

/**
 * The columns of a CEC results file after the station's key: the protocol's official Russian line
 * names with their numbers ("1. Число избирателей…"), then the candidates by name.
 */
export function officialLineHeaders(): string[] {
  const template = buildProtocolTemplate(
    protocolTemplates.kz,
    TWO_CANDIDATES.map((o) => ({ code: o.code, name: o.name })),
  );
  return template.lines.map((l) => (l.officialName ? `${l.number}. ${l.officialName}` : l.label.ru));
}

/** A file as the CEC publishes it: `;` between cells, CRLF, Windows-1251. */
export function cecCsv(rows: readonly (readonly (string | number)[])[]): Buffer {
  return iconv.encode(rows.map((r) => r.join(';')).join('\r\n'), 'win1251');
}

/** A CEC results file of stations in region ALA: each row is a station number and its protocol lines. */
export function officialResultsFile(rows: readonly (readonly number[])[]): Buffer {
  return cecCsv([['Регион', '№ УИК', ...officialLineHeaders()], ...rows.map((r) => ['ALA', ...r])]);
}
