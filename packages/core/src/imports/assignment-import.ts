import { normaliseEmail } from '../auth/password-policy.ts';
import { normaliseKzMobile } from '../recruitment/phone.ts';
import { type AssignmentShift, assignmentShifts } from '../reports/assignment.ts';
import { type AreaIndex, readStationKey } from './area-index.ts';
import { type CellReader, type ImportField, type ImportRowProblem, normaliseHeader } from './import-columns.ts';

/**
 * Assignments by file: one row is one observer × station × shift. The station is named the way a
 * coordinator's table names it — its numbering region (code or name) and number, as in the
 * stations file; the observer by what the coordinator has in hand: the phone number from the
 * roster (matched through the applicant linked to the account), else the account's e-mail, else
 * the account id that the export writes when there is neither. The name column is for people and
 * is not matched (names repeat).
 */
export const assignmentImportFields = [
  {
    key: 'region',
    required: false,
    aliases: ['регион', 'область', 'облыс', 'өңір', 'region code', 'код региона'],
  },
  { key: 'area', required: false, aliases: ['территория', 'район', 'аудан', 'district'] },
  {
    key: 'number',
    required: true,
    aliases: [
      'номер участка',
      'участок',
      'уик',
      'учаске нөмірі',
      'учаске',
      'station number',
      'station',
      'stationNumber',
    ],
  },
  {
    key: 'observer',
    required: true,
    aliases: [
      'наблюдатель',
      'телефон наблюдателя',
      'телефон',
      'e-mail',
      'email',
      'байқаушы',
      'байқаушының телефоны',
      'observer phone',
      'phone',
    ],
  },
  {
    key: 'observerName',
    required: false,
    aliases: ['фио', 'фио наблюдателя', 'имя', 'аты-жөні', 'observer name', 'name', 'full name'],
  },
  { key: 'shift', required: true, aliases: ['смена', 'ауысым', 'задача', 'shift'] },
] as const satisfies readonly ImportField[];

export type AssignmentImportField = (typeof assignmentImportFields)[number]['key'];

export const assignmentExportFields: readonly AssignmentImportField[] = assignmentImportFields.map((f) => f.key);

/** The words people write for each shift, in ru, kk and en, besides the code itself. */
const shiftAliases: Record<AssignmentShift, readonly string[]> = {
  readiness: ['readiness', 'readiness visit', 'проверка готовности', 'готовность', 'дайындықты тексеру', 'дайындық'],
  voting_day: [
    'voting day',
    'full voting day',
    'весь день',
    'весь день голосования',
    'день голосования',
    'дауыс беру күні',
    'толық дауыс беру күні',
    'толық күн',
  ],
  opening: ['opening', 'opening only', 'открытие', 'только открытие', 'ашылу', 'тек ашылу'],
  counting: ['counting', 'count', 'подсчёт', 'подсчет', 'подсчёт голосов', 'подсчет голосов', 'дауыс санау', 'санау'],
};

/** "Весь день голосования", "voting_day", "Voting day" → `voting_day`; anything else → null. */
export function parseShiftCell(raw: string): AssignmentShift | null {
  const text = normaliseHeader(raw);
  if (!text) return null;
  for (const shift of assignmentShifts) {
    if (text === normaliseHeader(shift)) return shift;
    if (shiftAliases[shift].some((alias) => normaliseHeader(alias) === text)) return shift;
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How an observer cell names the account. */
export type ObserverKey = { by: 'phone'; value: string } | { by: 'email'; value: string } | { by: 'id'; value: string };

/** `+7 701 123 45 67` → phone `+77011234567`; `A@B.kz` → e-mail `a@b.kz`; a UUID → account id. */
export function parseObserverCell(
  raw: string,
): ObserverKey | { problem: 'required' | 'invalid'; error?: 'phone_invalid' | 'phone_not_kz_mobile' } {
  const text = raw.trim();
  if (!text) return { problem: 'required' };
  if (UUID.test(text)) return { by: 'id', value: text.toLowerCase() };
  if (text.includes('@')) {
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)
      ? { by: 'email', value: normaliseEmail(text) }
      : { problem: 'invalid' };
  }
  const phone = normaliseKzMobile(text);
  return phone.ok ? { by: 'phone', value: phone.e164 } : { problem: 'invalid', error: phone.code };
}

/** An observer account as the import can match it. */
export interface ObserverAccount {
  id: string;
  active: boolean;
}

export interface AssignmentImportValue {
  observerId: string;
  stationId: string;
  shift: AssignmentShift;
}

export interface AssignmentLookups {
  areas: AreaIndex;
  stationIdOf: (regionId: string, number: number) => string | undefined;
  /** Every observer account the key names (more than one when a phone is shared). */
  observersOf: (key: ObserverKey) => readonly ObserverAccount[];
}

/** One row → the observer, station and shift it names, or every problem of the row. */
export function parseAssignmentRow(
  line: number,
  rawCell: CellReader,
  lookups: AssignmentLookups,
): { value?: AssignmentImportValue; problems: ImportRowProblem[] } {
  // Our exports prefix ' to cells that would start a formula (a phone's +7); reading them back drops it.
  const cell: CellReader = (field) => rawCell(field).replace(/^'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/, '');
  const problems: ImportRowProblem[] = [];
  const { areas } = lookups;

  const { regionId, number } = readStationKey(line, cell, areas, problems);
  let stationId: string | undefined;
  if (regionId !== undefined && number !== undefined) {
    stationId = lookups.stationIdOf(regionId, number);
    if (!stationId) problems.push({ line, field: 'number', code: 'unknown_station' });
  }

  let observerId: string | undefined;
  const key = parseObserverCell(cell('observer'));
  if ('problem' in key) {
    if (key.problem === 'required') problems.push({ line, field: 'observer', code: 'required' });
    else
      problems.push({
        line,
        field: 'observer',
        code: 'unknown_observer',
        ...(key.error ? { error: key.error } : {}),
      });
  } else {
    const found = lookups.observersOf(key);
    const active = found.filter((o) => o.active);
    if (found.length === 0) problems.push({ line, field: 'observer', code: 'unknown_observer' });
    else if (active.length === 0) problems.push({ line, field: 'observer', code: 'observer_not_active' });
    else if (active.length > 1) problems.push({ line, field: 'observer', code: 'ambiguous_observer' });
    else observerId = active[0]?.id;
  }

  const shiftText = cell('shift');
  const shift = parseShiftCell(shiftText);
  if (!shiftText) problems.push({ line, field: 'shift', code: 'required' });
  else if (!shift) problems.push({ line, field: 'shift', code: 'unknown_shift' });

  if (problems.length || !stationId || !observerId || !shift) return { problems };
  return { value: { observerId, stationId, shift }, problems: [] };
}

/** The key that makes an assignment unique: one observer, one station, one shift. */
export function assignmentKey(a: AssignmentImportValue): string {
  return `${a.observerId}:${a.stationId}:${a.shift}`;
}

/** A stored assignment as the cells of an export row, in `assignmentExportFields` order. */
export function assignmentExportRow(a: {
  region: string;
  stationNumber: number;
  observer: string;
  observerName: string;
  shift: AssignmentShift;
}): string[] {
  const byField: Record<AssignmentImportField, string> = {
    region: a.region,
    area: '',
    number: String(a.stationNumber),
    observer: a.observer,
    observerName: a.observerName,
    shift: a.shift,
  };
  return assignmentExportFields.map((f) => byField[f]);
}
