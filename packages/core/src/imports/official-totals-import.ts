import { matchProtocolHeader, type ProtocolTemplate } from '../forms/protocol/protocol-template.ts';
import type { AreaIndex } from './area-index.ts';
import {
  type CellReader,
  type ColumnMapping,
  type ImportRowProblem,
  isTotalsRow,
  parseNumberCell,
  suggestMapping,
} from './import-columns.ts';
import type { LabelledImportField } from './results-import.ts';

/**
 * The CEC's other files: official totals per area (a region's or district's protocol lines) and
 * official turnout per checkpoint (per station or per area). Both go through the shared import
 * wizard; rows that are a file's own totals ("Итого", "Всего", "Барлығы") are skipped with a note.
 */

const VOTES_MAX = 200_000_000;

const areaKeyField: LabelledImportField = {
  key: 'area',
  required: true,
  aliases: [
    'территория',
    'код территории',
    'регион',
    'область',
    'район',
    'тик',
    'наименование тик',
    'аумақ',
    'облыс',
    'аудан',
    'area',
    'area code',
    'region',
    'district',
  ],
};

/** Area totals: the area, then every line of the election's protocol template (none required). */
export function areaResultsImportFields(template: ProtocolTemplate): LabelledImportField[] {
  return [
    areaKeyField,
    ...template.lines.map((line) => ({
      key: line.key,
      required: false,
      aliases: [line.officialName, line.label.ru, line.label.kk, line.label.en].filter((a): a is string => Boolean(a)),
      label: line.label,
    })),
  ];
}

export function suggestAreaResultsMapping(template: ProtocolTemplate, headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = suggestMapping([areaKeyField], headers);
  const taken = new Set(Object.values(mapping));
  for (const header of headers) {
    if (taken.has(header)) continue;
    const key = matchProtocolHeader(header, template);
    if (key && mapping[key] === undefined) {
      mapping[key] = header;
      taken.add(header);
    }
  }
  return mapping;
}

/** Official turnout: a station (region and number) or an area, the checkpoint and the voters. */
export const officialTurnoutImportFields: readonly LabelledImportField[] = [
  {
    key: 'region',
    required: false,
    aliases: ['регион', 'область', 'облыс', 'өңір', 'region code', 'код региона', 'субъект'],
  },
  {
    key: 'area',
    required: false,
    aliases: ['территория', 'район', 'аудан', 'тик', 'district', 'area', 'аумақ'],
  },
  {
    key: 'number',
    required: false,
    aliases: ['номер участка', 'номер уик', 'уик', 'участок', 'учаске нөмірі', 'учаске', 'station number', 'station'],
  },
  {
    key: 'checkpoint',
    required: true,
    aliases: ['контрольное время', 'время', 'на время', 'бақылау уақыты', 'уақыт', 'checkpoint', 'time'],
  },
  {
    key: 'voters',
    required: true,
    aliases: [
      'число избирателей получивших бюллетени',
      'получили бюллетени',
      'проголосовало',
      'явка чел',
      'бюллетень алған сайлаушылар саны',
      'voters received',
      'voters',
      'turnout',
    ],
  },
];

/** "10:00", "10.00", "10:00:00", "10 ч", "10" → "10:00"; null when not a clock time. */
export function parseCheckpoint(text: string): string | null {
  const m = /^\s*(\d{1,2})(?:\s*[:.ч]\s*(\d{2})?)?(?::\d{2})?\s*(?:ч|час|сағ|h)?\.?\s*$/iu.exec(text);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

function count(
  line: number,
  field: string,
  text: string,
  problems: ImportRowProblem[],
  max = VOTES_MAX,
): number | undefined {
  const n = parseNumberCell(text);
  if (n === null) problems.push({ line, field, code: 'required' });
  else if (Number.isNaN(n)) problems.push({ line, field, code: 'not_a_number' });
  else if (!Number.isInteger(n)) problems.push({ line, field, code: 'not_an_integer' });
  else if (n < 0) problems.push({ line, field, code: 'negative' });
  else if (n > max) problems.push({ line, field, code: 'too_large', params: { max } });
  else return n;
  return undefined;
}

export type ParsedRow<T> = { value?: T; skipped?: true; problems: ImportRowProblem[] };

/** One area-totals row → the area and its numbers; a totals row is skipped. */
export function parseAreaResultsRow(
  line: number,
  cell: CellReader,
  lineKeys: readonly string[],
  mapped: ReadonlySet<string>,
  areas: AreaIndex,
): ParsedRow<{ areaId: string; lines: Record<string, number> }> {
  const areaText = cell('area');
  if (isTotalsRow(areaText)) return { skipped: true, problems: [{ line, field: 'area', code: 'totals_row_skipped' }] };
  const problems: ImportRowProblem[] = [];
  let areaId: string | undefined;
  if (!areaText) problems.push({ line, field: 'area', code: 'required' });
  else {
    const found = areas.find(areaText);
    if ('area' in found) areaId = found.area.id;
    else problems.push({ line, field: 'area', code: found.problem });
  }
  const lines: Record<string, number> = {};
  for (const key of lineKeys) {
    if (!mapped.has(key)) continue;
    const n = count(line, key, cell(key), problems);
    if (n !== undefined) lines[key] = n;
  }
  if (problems.length || !areaId) return { problems };
  return { value: { areaId, lines }, problems: [] };
}

export interface OfficialTurnoutValue {
  scope: 'station' | 'area';
  targetId: string;
  checkpoint: string;
  voters: number;
}

/**
 * One turnout row → a station's (region and number mapped) or an area's voters at a checkpoint;
 * a totals row is skipped.
 */
export function parseOfficialTurnoutRow(
  line: number,
  cell: CellReader,
  mapped: ReadonlySet<string>,
  areas: AreaIndex,
  stationIdOf: (regionId: string, number: number) => string | undefined,
): ParsedRow<OfficialTurnoutValue> {
  const regionText = cell('region');
  const areaText = cell('area');
  const numberText = cell('number');
  if (isTotalsRow(regionText, areaText, numberText)) {
    return { skipped: true, problems: [{ line, code: 'totals_row_skipped' }] };
  }
  const problems: ImportRowProblem[] = [];
  const checkpoint = parseCheckpoint(cell('checkpoint'));
  if (!cell('checkpoint')) problems.push({ line, field: 'checkpoint', code: 'required' });
  else if (checkpoint === null) problems.push({ line, field: 'checkpoint', code: 'invalid_time' });
  const voters = count(line, 'voters', cell('voters'), problems);
  const keyText = mapped.has('number') ? regionText || areaText : areaText || regionText;
  const keyField = regionText || !areaText ? 'region' : 'area';
  let areaId: string | undefined;
  if (!keyText) problems.push({ line, field: mapped.has('area') ? 'area' : 'region', code: 'required' });
  else {
    const found = areas.find(keyText);
    if ('area' in found) areaId = found.area.id;
    else problems.push({ line, field: keyField, code: found.problem });
  }
  if (!mapped.has('number')) {
    if (problems.length || !areaId || checkpoint === null || voters === undefined) return { problems };
    return { value: { scope: 'area', targetId: areaId, checkpoint, voters }, problems: [] };
  }
  const number = parseNumberCell(numberText);
  if (number === null) problems.push({ line, field: 'number', code: 'required' });
  else if (Number.isNaN(number) || !Number.isInteger(number) || number < 1)
    problems.push({ line, field: 'number', code: 'not_an_integer' });
  if (problems.length || !areaId || checkpoint === null || voters === undefined || number === null) return { problems };
  const regionId = areas.regionOf(areaId);
  const stationId = regionId ? stationIdOf(regionId, number) : undefined;
  if (!stationId) return { problems: [{ line, field: 'number', code: 'unknown_station' }] };
  return { value: { scope: 'station', targetId: stationId, checkpoint, voters }, problems: [] };
}
