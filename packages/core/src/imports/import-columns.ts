/**
 * The columns an import understands and how a file's headers map onto them. Headers are matched
 * loosely (case, ё/е, punctuation, spaces) against aliases in ru, kk and en, so the files HQs
 * already have map themselves; the wizard and `--mapping MAP.json` can override any of it.
 */
import type { CommissionContacts } from '../territory/area.ts';

export interface ImportField<K extends string = string> {
  key: K;
  required: boolean;
  aliases: readonly string[];
}

/** `field key → header text` as the user chose it (or as suggested). */
export type ColumnMapping = Record<string, string | null | undefined>;

/** Lower case, ё→е, punctuation and repeated spaces folded: "№ участка" ≈ "N участка" ≈ "номер участка". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/№/g, 'номер ')
    .replace(/[\s\u00a0_.,:;()"'«»\-–—/\\]+/g, ' ')
    .trim();
}

/** For each field, the first header equal (after normalising) to one of its aliases or its key. */
export function suggestMapping(fields: readonly ImportField[], headers: readonly string[]): ColumnMapping {
  const byNormal = new Map<string, string>();
  for (const h of headers) {
    const n = normaliseHeader(h);
    if (n && !byNormal.has(n)) byNormal.set(n, h);
  }
  const taken = new Set<string>();
  const mapping: ColumnMapping = {};
  for (const field of fields) {
    for (const alias of [field.key, ...field.aliases]) {
      const header = byNormal.get(normaliseHeader(alias));
      if (header !== undefined && !taken.has(header)) {
        mapping[field.key] = header;
        taken.add(header);
        break;
      }
    }
  }
  return mapping;
}

export type MappingProblem =
  | { code: 'unknown_field'; field: string }
  | { code: 'unknown_header'; field: string; header: string }
  | { code: 'required_column'; field: string }
  | { code: 'header_used_twice'; field: string; header: string };

/** Column index per field, or the problems that stop the import before any row is read. */
export function resolveMapping(
  fields: readonly ImportField[],
  headers: readonly string[],
  mapping: ColumnMapping,
): { indexes: Record<string, number>; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const indexes: Record<string, number> = {};
  const known = new Set(fields.map((f) => f.key));
  const used = new Map<string, string>();
  for (const [field, header] of Object.entries(mapping)) {
    if (!known.has(field)) {
      problems.push({ code: 'unknown_field', field });
      continue;
    }
    if (header === null || header === undefined || header === '') continue;
    const index = headers.indexOf(header);
    if (index < 0) {
      problems.push({ code: 'unknown_header', field, header });
      continue;
    }
    if (used.has(header)) problems.push({ code: 'header_used_twice', field, header });
    used.set(header, field);
    indexes[field] = index;
  }
  for (const f of fields) {
    if (f.required && indexes[f.key] === undefined) problems.push({ code: 'required_column', field: f.key });
  }
  return { indexes, problems };
}

/** What can be wrong with one row; the UI translates `code` and shows `line` and `field`. */
export const importRowProblemCodes = [
  'required',
  'not_a_number',
  'not_an_integer',
  'negative',
  'too_large',
  'too_long',
  'unknown_area',
  'ambiguous_area',
  'area_outside_region',
  'duplicate_in_file',
  'invalid_time',
  'invalid_time_zone',
  'invalid_coordinate',
  'unknown_level',
  'unknown_parent',
  'parent_cycle',
  /** No station with this region and number in the election. */
  'unknown_station',
  /** Assignments: no observer account with this phone, e-mail or id. */
  'unknown_observer',
  /** Assignments: the observer's account is disabled. */
  'observer_not_active',
  /** Assignments: the phone or e-mail names more than one observer account. */
  'ambiguous_observer',
  /** Assignments: not one of the shifts (readiness, voting day, opening, counting). */
  'unknown_shift',
  /** Assignments: none of the observer's areas contains the station (imported with `overrideWarnings`). */
  'outside_station_area',
  /** Assignments: the observer is not (or no longer) certified (imported with `overrideWarnings`). */
  'not_certified',
  /** Assignments: the observer signed up for another election (never imported). */
  'other_election',
  /** Official results: a row of the file's own totals ("Итого", "Всего"), skipped, not an error. */
  'totals_row_skipped',
] as const;
export type ImportRowProblemCode = (typeof importRowProblemCodes)[number];

export interface ImportRowProblem {
  line: number;
  field?: string;
  code: ImportRowProblemCode;
  /** e.g. the line a duplicate first appeared on; never the cell's text (it may be personal). */
  params?: Record<string, number | string>;
  /** The precise reason as an API error code (applicant imports: `phone_not_kz_mobile`, `iin_invalid`…). */
  error?: string;
}

export type CellReader = (field: string) => string;

/** Reads mapped cells of one row, trimmed, '' when the column is absent or empty. */
export function cellReader(cells: readonly string[], indexes: Record<string, number>): CellReader {
  return (field) => {
    const i = indexes[field];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
}

/**
 * A commission's contacts for a row that updates a stored area or station: each part (name, address,
 * phone) from the file where its column is mapped, the stored part where the file has no such
 * column. A list without phones keeps the phones entered by hand; an empty mapped cell clears.
 */
export function mergeCommission(
  stored: CommissionContacts | null,
  incoming: CommissionContacts | null,
  mapped: ReadonlySet<string>,
): CommissionContacts | null {
  const parts = { name: 'commissionName', address: 'commissionAddress', phone: 'commissionPhone' } as const;
  const merged: CommissionContacts = {};
  for (const [part, column] of Object.entries(parts) as [keyof typeof parts, string][]) {
    const value = mapped.has(column) ? incoming?.[part] : stored?.[part];
    if (value) merged[part] = value;
  }
  return Object.keys(merged).length ? merged : null;
}

/** "1 234", "1 234" (no-break space), "1234" → 1234; "12,5" → 12.5 (a Russian-locale decimal comma). */
export function parseNumberCell(raw: string): number | null {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (!compact) return null;
  const normal = /^-?\d+,\d+$/.test(compact) ? compact.replace(',', '.') : compact;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(normal)) return Number.NaN;
  return Number(normal);
}

/** Case-, ё- and space-insensitive key for matching names of areas. */
export function nameKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** A file's own totals row: its key cell starts with "Итого", "Всего", "Барлығы", "Total"… */
export function isTotalsRow(...keyCells: (string | undefined)[]): boolean {
  return keyCells.some((cell) =>
    /^\s*(итого|всего|итог|барлығы|жиыны|жалпы|total|grand total)(?![\p{L}\p{N}])/iu.test(cell ?? ''),
  );
}
