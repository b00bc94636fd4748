import type { LocalizedText } from '../elections/election.ts';
import type { ProtocolTemplate } from '../forms/protocol/protocol-template.ts';
import { type AreaIndex, readStationKey } from './area-index.ts';
import {
  type CellReader,
  type ColumnMapping,
  type ImportField,
  type ImportRowProblem,
  isTotalsRow,
  parseNumberCell,
} from './import-columns.ts';
import { mappingOfColumns, matchResultsColumns, type ResultsColumn } from './results-columns.ts';

/** An import field with a label of its own: protocol lines and ballot options vary by election. */
export type LabelledImportField = ImportField & { label?: LocalizedText };

const stationKeyFields: LabelledImportField[] = [
  {
    key: 'region',
    required: false,
    aliases: ['регион', 'область', 'облыс', 'өңір', 'region code', 'код региона', 'субъект'],
  },
  { key: 'area', required: false, aliases: ['территория', 'район', 'аудан', 'тик', 'district'] },
  {
    key: 'number',
    required: true,
    aliases: [
      'номер участка',
      'номер уик',
      'уик',
      'участок',
      'учаске нөмірі',
      'учаске',
      'station number',
      'station',
      'no',
      'n',
    ],
  },
];

/**
 * The columns of an official per-station results file: which station (region and number), then
 * every line of the election's protocol template. Ballot-option lines are required; count lines
 * are taken when the file has them.
 */
export function resultsImportFields(template: ProtocolTemplate): LabelledImportField[] {
  return [
    ...stationKeyFields,
    ...template.lines.map((line) => ({
      key: line.key,
      required: line.kind === 'option',
      aliases: [line.officialName, line.label.ru, line.label.kk, line.label.en].filter((a): a is string => Boolean(a)),
      label: line.label,
    })),
  ];
}

/**
 * How each column of a results file reads for an import: station columns by their names in any
 * language or transliteration, protocol lines and ballot options by meaning, links, names and dates
 * set aside (judged on `sample`), every choice with its confidence or reason (see results-columns.ts).
 */
export function describeResultsColumns(
  template: ProtocolTemplate,
  headers: readonly string[],
  sample: readonly (readonly string[])[] = [],
): ResultsColumn[] {
  return matchResultsColumns(template, headers, {
    stationFields: stationKeyFields,
    sample,
    options: 'lines',
    registeredKey: template.lines.find((l) => l.number === 1 && l.kind === 'count')?.key,
  });
}

/** Station columns by their names; protocol lines and ballot options by meaning and numbering. */
export function suggestResultsMapping(
  template: ProtocolTemplate,
  headers: readonly string[],
  sample: readonly (readonly string[])[] = [],
): ColumnMapping {
  return mappingOfColumns(describeResultsColumns(template, headers, sample));
}

export interface ResultsRowValue {
  stationId: string;
  /** Every mapped protocol line's number. */
  lines: Record<string, number>;
}

const VOTES_MAX = 10_000_000;

/** One row → the station it belongs to and its protocol numbers, or every problem of the row. */
export function parseResultsRow(
  line: number,
  cell: CellReader,
  lineKeys: readonly string[],
  mapped: ReadonlySet<string>,
  areas: AreaIndex,
  stationIdOf: (regionId: string, number: number) => string | undefined,
): { value?: ResultsRowValue; skipped?: true; problems: ImportRowProblem[] } {
  const problems: ImportRowProblem[] = [];
  // A CEC file's own totals row is not a station: skipped with a note, never rejected.
  if (isTotalsRow(cell('region'), cell('area'), cell('number'))) {
    return { skipped: true, problems: [{ line, code: 'totals_row_skipped' }] };
  }
  const { regionId, number } = readStationKey(line, cell, areas, problems);

  const lines: Record<string, number> = {};
  for (const key of lineKeys) {
    if (!mapped.has(key)) continue;
    const n = parseNumberCell(cell(key));
    if (n === null) {
      problems.push({ line, field: key, code: 'required' });
    } else if (Number.isNaN(n)) problems.push({ line, field: key, code: 'not_a_number' });
    else if (!Number.isInteger(n)) problems.push({ line, field: key, code: 'not_an_integer' });
    else if (n < 0) problems.push({ line, field: key, code: 'negative' });
    else if (n > VOTES_MAX) problems.push({ line, field: key, code: 'too_large', params: { max: VOTES_MAX } });
    else lines[key] = n;
  }
  if (problems.length || regionId === undefined || number === undefined) return { problems };
  const stationId = stationIdOf(regionId, number);
  if (!stationId) return { problems: [{ line, field: 'number', code: 'unknown_station' }] };
  return { value: { stationId, lines }, problems: [] };
}
