import { isClockTime, isTimeZone } from '../elections/election.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import { REGISTERED_VOTERS_MAX, STATION_NUMBER_MAX, type Station } from '../stations/station.ts';
import type { StationAreas } from './station-areas.ts';

// Re-exported here so that the package index needs no new lines for them.
export { looksLikeCommission, looseNameKey, nameForms, placeKindOf } from './area-name-match.ts';
export { type AreaMatchNote, type NewArea, type StationAreaResult, StationAreas } from './station-areas.ts';

import {
  type CellReader,
  type ImportField,
  type ImportRowProblem,
  type ImportRowProblemCode,
  mergeCommission,
  parseNumberCell,
} from './import-columns.ts';

export const stationImportFields = [
  {
    key: 'region',
    required: false,
    aliases: ['регион', 'область', 'облыс', 'өңір', 'область город', 'облыс қала', 'region code', 'код региона'],
  },
  {
    key: 'area',
    required: false,
    aliases: [
      'территория',
      'район',
      'аудан',
      'аумақ',
      'district',
      'area code',
      'код территории',
      'тик',
      'территориальная комиссия',
      'территориальная избирательная комиссия',
      'наименование тик',
      'название тик',
      'аумақтық сайлау комиссиясы',
      'аск',
      'territorial commission',
    ],
  },
  {
    key: 'number',
    required: true,
    aliases: [
      'номер участка',
      'номер',
      'участок',
      'номер уик',
      'уик номер',
      'уик',
      'учаске нөмірі',
      'учаске',
      'нөмірі',
      'station number',
      'station',
      'no',
      'n',
    ],
  },
  { key: 'name', required: false, aliases: ['название', 'наименование', 'атауы', 'station name', 'место'] },
  {
    // Recommended, not required: commissions' lists often have none; such stations import with ''.
    key: 'address',
    required: false,
    aliases: ['адрес', 'адрес участка', 'мекенжай', 'мекенжайы', 'учаске мекенжайы', 'address', 'location'],
  },
  {
    key: 'registeredVoters',
    required: false,
    aliases: [
      'избирателей',
      'число избирателей',
      'количество избирателей',
      'кол во избирателей',
      'количество зарегистрированных избирателей',
      'число зарегистрированных избирателей',
      'сайлаушылар',
      'сайлаушылар саны',
      'registered voters',
      'voters',
    ],
  },
  {
    key: 'commissionName',
    required: false,
    aliases: ['комиссия', 'уик название', 'commission', 'commission name', 'комиссия атауы'],
  },
  {
    key: 'commissionAddress',
    required: false,
    aliases: ['адрес комиссии', 'комиссия мекенжайы', 'commission address'],
  },
  {
    key: 'commissionPhone',
    required: false,
    aliases: ['телефон', 'телефон комиссии', 'телефон уик', 'комиссия телефоны', 'phone', 'commission phone'],
  },
  { key: 'latitude', required: false, aliases: ['широта', 'ендік', 'lat', 'latitude'] },
  { key: 'longitude', required: false, aliases: ['долгота', 'бойлық', 'lon', 'lng', 'longitude'] },
  {
    key: 'accessibility',
    required: false,
    aliases: ['доступность', 'доступная среда', 'қолжетімділік', 'accessibility', 'accessibility notes'],
  },
  { key: 'pollsOpen', required: false, aliases: ['открытие', 'начало', 'ашылуы', 'opens', 'polls open'] },
  { key: 'pollsClose', required: false, aliases: ['закрытие', 'окончание', 'жабылуы', 'closes', 'polls close'] },
  { key: 'timeZone', required: false, aliases: ['часовой пояс', 'уақыт белдеуі', 'time zone', 'timezone'] },
] as const satisfies readonly ImportField[];

export type StationImportField = (typeof stationImportFields)[number]['key'];

/** The columns written by an export, in this order, so an export imports back unchanged. */
export const stationExportFields: readonly StationImportField[] = stationImportFields.map((f) => f.key);

export const ADDRESS_MAX = 500;
const TEXT_MAX = 500;

/** A station as a row of a file describes it, before it is matched with what is stored. */
export interface StationImportValue {
  areaId: string;
  regionId: string;
  number: number;
  name: string | null;
  address: string;
  registeredVoters: number | null;
  commission: { name?: string; address?: string; phone?: string } | null;
  latitude: number | null;
  longitude: number | null;
  accessibility: string | null;
  pollsOpen: string | null;
  pollsClose: string | null;
  timeZone: string | null;
}

/** The fields compared to decide "changed" vs "unchanged"; ids and timestamps are not data. */
export const stationDataFields = [
  'areaId',
  'name',
  'address',
  'registeredVoters',
  'commission',
  'latitude',
  'longitude',
  'accessibility',
  'pollsOpen',
  'pollsClose',
  'timeZone',
] as const satisfies readonly (keyof StationImportValue & keyof Station)[];

/**
 * One row → a station, or every problem the row has. The area is the row's district (or city) or,
 * when the file has only a region column, the region itself; names are matched forgivingly and
 * areas the tree lacks are planned by `areas` (see StationAreas). The address may be empty ('').
 */
export function parseStationRow(
  line: number,
  cell: CellReader,
  areas: StationAreas,
): { value: StationImportValue; problems: [] } | { value?: undefined; problems: ImportRowProblem[] } {
  const problems: ImportRowProblem[] = [];
  const problem = (field: string, code: ImportRowProblemCode, params?: ImportRowProblem['params']) =>
    problems.push({ line, field, code, ...(params ? { params } : {}) });

  const place = areas.resolve(line, cell('region'), cell('area'));
  if ('problems' in place) problems.push(...place.problems);

  const number = integerCell(cell('number'), 'number', problem, { required: true, max: STATION_NUMBER_MAX, min: 1 });
  const address = cell('address');
  if (address.length > ADDRESS_MAX) problem('address', 'too_long', { max: ADDRESS_MAX });
  const registeredVoters = integerCell(cell('registeredVoters'), 'registeredVoters', problem, {
    required: false,
    max: REGISTERED_VOTERS_MAX,
    min: 0,
  });
  const latitude = coordinateCell(cell('latitude'), 'latitude', 90, problem);
  const longitude = coordinateCell(cell('longitude'), 'longitude', 180, problem);
  const pollsOpen = timeCell(cell('pollsOpen'), 'pollsOpen', problem);
  const pollsClose = timeCell(cell('pollsClose'), 'pollsClose', problem);
  const timeZone = cell('timeZone') || null;
  if (timeZone && !isTimeZone(timeZone)) problem('timeZone', 'invalid_time_zone');
  const texts: Record<string, string | null> = {};
  for (const f of ['name', 'commissionName', 'commissionAddress', 'commissionPhone', 'accessibility'] as const) {
    const v = cell(f);
    if (v.length > TEXT_MAX) problem(f, 'too_long', { max: TEXT_MAX });
    texts[f] = v || null;
  }

  if (problems.length > 0 || 'problems' in place || number === null) {
    return { problems: problems.length ? problems : [{ line, field: 'area', code: 'required' }] };
  }
  const commission = {
    ...(texts.commissionName ? { name: texts.commissionName } : {}),
    ...(texts.commissionAddress ? { address: texts.commissionAddress } : {}),
    ...(texts.commissionPhone ? { phone: texts.commissionPhone } : {}),
  };
  return {
    value: {
      areaId: place.areaId,
      regionId: place.regionId,
      number,
      name: texts.name ?? null,
      address,
      registeredVoters,
      commission: Object.keys(commission).length ? commission : null,
      latitude,
      longitude,
      accessibility: texts.accessibility ?? null,
      pollsOpen,
      pollsClose,
      timeZone,
    },
    problems: [],
  };
}

type Report = (field: string, code: ImportRowProblemCode, params?: ImportRowProblem['params']) => void;

function integerCell(
  raw: string,
  field: string,
  problem: Report,
  rule: { required: boolean; min: number; max: number },
): number | null {
  const n = parseNumberCell(raw);
  if (n === null) {
    if (rule.required) problem(field, 'required');
    return null;
  }
  if (Number.isNaN(n)) problem(field, 'not_a_number');
  else if (!Number.isInteger(n)) problem(field, 'not_an_integer');
  else if (n < 0) problem(field, 'negative');
  else if (n < rule.min) problem(field, 'required');
  else if (n > rule.max) problem(field, 'too_large', { max: rule.max });
  else return n;
  return null;
}

function coordinateCell(raw: string, field: string, limit: number, problem: Report): number | null {
  const n = parseNumberCell(raw);
  if (n === null) return null;
  if (Number.isNaN(n) || Math.abs(n) > limit) {
    problem(field, 'invalid_coordinate');
    return null;
  }
  return n;
}

function timeCell(raw: string, field: string, problem: Report): string | null {
  if (!raw) return null;
  // Spreadsheets write 7:00 or 07:00:00; keep HH:MM.
  const m = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(raw);
  const value = m ? `${(m[1] as string).padStart(2, '0')}:${m[2]}` : raw;
  if (!isClockTime(value)) {
    problem(field, 'invalid_time');
    return null;
  }
  return value;
}

/**
 * Data fields read from one column of the same name: all but the area (from the region and area
 * columns) and the commission (three columns, see mergeCommission).
 */
type SingleColumnField = Exclude<(typeof stationDataFields)[number], 'areaId' | 'commission'>;
const singleColumnFields = stationDataFields.filter(
  (f): f is SingleColumnField => f !== 'areaId' && f !== 'commission',
) satisfies readonly StationImportField[];

/**
 * A row that updates a stored station: what the file says for each column it has, the stored value
 * for each column it lacks. A commission's list has no coordinates, hours or phones; importing it
 * again must not erase those entered by hand. An empty cell in a mapped column does clear.
 */
export function keepUnmappedStationFields(
  stored: Pick<Station, (typeof stationDataFields)[number]>,
  incoming: StationImportValue,
  mapped: ReadonlySet<string>,
): StationImportValue {
  const kept = Object.fromEntries(singleColumnFields.filter((f) => !mapped.has(f)).map((f) => [f, stored[f]]));
  return { ...incoming, ...kept, commission: mergeCommission(stored.commission, incoming.commission, mapped) };
}

/** The data fields whose values differ, for the dry-run's "changed" list. */
export function changedStationFields(
  stored: Pick<Station, (typeof stationDataFields)[number]>,
  incoming: StationImportValue,
) {
  return stationDataFields.filter((f) => !sameValue(stored[f], incoming[f]));
}

/** Equal as data: null and undefined alike, objects compared by content (called 100,000s of times). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'object' && typeof b === 'object' && b !== null) return canonicalJson(a) === canonicalJson(b);
  return false;
}

/** A stored station as the cells of an export row, in `stationExportFields` order. */
export function stationExportRow(s: Station, names: { region: string; area: string }): string[] {
  const byField: Record<StationImportField, string> = {
    region: names.region,
    area: names.area,
    number: String(s.number),
    name: s.name ?? '',
    address: s.address,
    registeredVoters: s.registeredVoters === null ? '' : String(s.registeredVoters),
    commissionName: s.commission?.name ?? '',
    commissionAddress: s.commission?.address ?? '',
    commissionPhone: s.commission?.phone ?? '',
    latitude: s.latitude === null ? '' : String(s.latitude),
    longitude: s.longitude === null ? '' : String(s.longitude),
    accessibility: s.accessibility ?? '',
    pollsOpen: s.pollsOpen ?? '',
    pollsClose: s.pollsClose ?? '',
    timeZone: s.timeZone ?? '',
  };
  return stationExportFields.map((f) => byField[f]);
}
