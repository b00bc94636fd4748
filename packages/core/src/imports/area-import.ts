import type { LocalizedText } from '../elections/election.ts';
import { canonicalJson } from '../json/canonical-json.ts';
import { type Area, type AreaLevel, areaLevels, type CommissionContacts } from '../territory/area.ts';
import {
  type CellReader,
  type ImportField,
  type ImportRowProblem,
  mergeCommission,
  nameKey,
} from './import-columns.ts';

export const areaImportFields = [
  { key: 'code', required: true, aliases: ['код', 'код като', 'като', 'коды', 'kato', 'area code'] },
  {
    key: 'parent',
    required: false,
    aliases: ['родитель', 'входит в', 'код родителя', 'parent code', 'parent', 'жоғары аумақ'],
  },
  { key: 'level', required: true, aliases: ['уровень', 'тип', 'деңгей', 'түрі', 'type'] },
  { key: 'nameRu', required: true, aliases: ['название', 'наименование', 'name ru', 'name', 'атауы орысша'] },
  { key: 'nameKk', required: false, aliases: ['название kk', 'атауы', 'name kk', 'атауы қазақша'] },
  { key: 'nameEn', required: false, aliases: ['название en', 'name en', 'english name'] },
  { key: 'commissionName', required: false, aliases: ['комиссия', 'commission', 'commission name'] },
  { key: 'commissionAddress', required: false, aliases: ['адрес комиссии', 'адрес', 'commission address', 'мекенжай'] },
  { key: 'commissionPhone', required: false, aliases: ['телефон', 'телефон комиссии', 'commission phone', 'phone'] },
] as const satisfies readonly ImportField[];

export type AreaImportField = (typeof areaImportFields)[number]['key'];
export const areaExportFields: readonly AreaImportField[] = areaImportFields.map((f) => f.key);

/** Level words as files write them, in the three languages. */
const levelWords: Record<string, AreaLevel> = {
  страна: 'country',
  ел: 'country',
  мемлекет: 'country',
  регион: 'region',
  область: 'region',
  облыс: 'region',
  өңір: 'region',
  'город республиканского значения': 'region',
  'республикалық маңызы бар қала': 'region',
  район: 'district',
  аудан: 'district',
  город: 'city',
  қала: 'city',
  'населенный пункт': 'settlement',
  село: 'settlement',
  ауыл: 'settlement',
  'елді мекен': 'settlement',
  'за рубежом': 'abroad',
  шетелде: 'abroad',
  'шет ел': 'abroad',
};

export function parseAreaLevel(text: string): AreaLevel | null {
  const key = nameKey(text);
  if ((areaLevels as readonly string[]).includes(key)) return key as AreaLevel;
  return levelWords[key] ?? null;
}

export interface AreaImportValue {
  line: number;
  code: string;
  parentText: string;
  level: AreaLevel;
  name: LocalizedText;
  commission: CommissionContacts | null;
}

const TEXT_MAX = 500;

export function parseAreaRow(
  line: number,
  cell: CellReader,
): { value?: AreaImportValue; problems: ImportRowProblem[] } {
  const problems: ImportRowProblem[] = [];
  const code = cell('code');
  if (!code) problems.push({ line, field: 'code', code: 'required' });
  const levelText = cell('level');
  const level = levelText ? parseAreaLevel(levelText) : null;
  if (!levelText) problems.push({ line, field: 'level', code: 'required' });
  else if (!level) problems.push({ line, field: 'level', code: 'unknown_level' });
  const nameRu = cell('nameRu');
  if (!nameRu) problems.push({ line, field: 'nameRu', code: 'required' });
  for (const f of [
    'code',
    'parent',
    'nameRu',
    'nameKk',
    'nameEn',
    'commissionName',
    'commissionAddress',
    'commissionPhone',
  ]) {
    if (cell(f).length > TEXT_MAX) problems.push({ line, field: f, code: 'too_long', params: { max: TEXT_MAX } });
  }
  if (problems.length || !level) return { problems };
  const commission = {
    ...(cell('commissionName') ? { name: cell('commissionName') } : {}),
    ...(cell('commissionAddress') ? { address: cell('commissionAddress') } : {}),
    ...(cell('commissionPhone') ? { phone: cell('commissionPhone') } : {}),
  };
  return {
    value: {
      line,
      code,
      parentText: cell('parent'),
      level,
      name: {
        ru: nameRu,
        ...(cell('nameKk') ? { kk: cell('nameKk') } : {}),
        ...(cell('nameEn') ? { en: cell('nameEn') } : {}),
      },
      commission: Object.keys(commission).length ? commission : null,
    },
    problems: [],
  };
}

/** The stored Kazakh and English names and commission parts where the file has no such column. */
function keepUnmappedAreaFields(
  stored: Pick<Area, 'name' | 'commission'>,
  row: AreaImportValue,
  mapped: ReadonlySet<string>,
): AreaImportValue {
  const kk = mapped.has('nameKk') ? row.name.kk : stored.name.kk;
  const en = mapped.has('nameEn') ? row.name.en : stored.name.en;
  return {
    ...row,
    name: { ru: row.name.ru, ...(kk ? { kk } : {}), ...(en ? { en } : {}) },
    commission: mergeCommission(stored.commission, row.commission, mapped),
  };
}

export type PlannedArea = Omit<AreaImportValue, 'parentText'> & {
  /** The parent's code when it is in the file, else the stored parent's id, else null (a root). */
  parent: { code: string } | { id: string } | null;
  existingId: string | null;
  change: 'added' | 'changed' | 'unchanged';
};

/**
 * Resolves parents (in the file by code, or stored by code or name), and upserts by code. A parent
 * may come later in the file; a loop of parents is a problem on each row in it. `mapped` names the
 * file's columns: an area the file updates keeps its stored parent, Kazakh and English names and
 * commission contacts where the file has no such column (a list of codes and Russian names moves
 * nothing to the root and erases no translation).
 */
export function planAreaImport(
  rows: readonly AreaImportValue[],
  stored: readonly Pick<Area, 'id' | 'parentId' | 'code' | 'name' | 'level' | 'commission'>[],
  mapped: ReadonlySet<string>,
): { planned: PlannedArea[]; problems: ImportRowProblem[] } {
  const problems: ImportRowProblem[] = [];
  const inFile = new Map<string, AreaImportValue>();
  for (const row of rows) {
    const key = nameKey(row.code);
    const first = inFile.get(key);
    if (first)
      problems.push({ line: row.line, field: 'code', code: 'duplicate_in_file', params: { firstLine: first.line } });
    else inFile.set(key, row);
  }
  const storedByCode = new Map(stored.filter((a) => a.code).map((a) => [nameKey(a.code as string), a]));
  const storedByName = new Map<string, (typeof stored)[number][]>();
  for (const a of stored) {
    for (const n of [a.name.ru, a.name.kk, a.name.en]) {
      if (!n) continue;
      const list = storedByName.get(nameKey(n)) ?? [];
      if (!list.includes(a)) list.push(a);
      storedByName.set(nameKey(n), list);
    }
  }

  const planned: PlannedArea[] = [];
  for (const file of inFile.values()) {
    const existing = storedByCode.get(nameKey(file.code));
    const row = existing ? keepUnmappedAreaFields(existing, file, mapped) : file;
    let parent: PlannedArea['parent'] = null;
    const keepsParent = existing !== undefined && !mapped.has('parent');
    if (keepsParent) parent = existing.parentId ? { id: existing.parentId } : null;
    else if (row.parentText) {
      const key = nameKey(row.parentText);
      const byCode = inFile.get(key);
      const storedParent = storedByCode.get(key);
      const named = storedByName.get(key) ?? [];
      if (byCode) parent = { code: byCode.code };
      else if (storedParent) parent = { id: storedParent.id };
      else if (named.length === 1) parent = { id: (named[0] as (typeof stored)[number]).id };
      else {
        problems.push({
          line: row.line,
          field: 'parent',
          code: named.length > 1 ? 'ambiguous_area' : 'unknown_parent',
        });
        continue;
      }
    }
    const parentId = parent && 'id' in parent ? parent.id : parent ? `code:${nameKey(parent.code)}` : null;
    const existingParent = existing?.parentId
      ? (() => {
          const p = stored.find((a) => a.id === existing.parentId);
          return p?.code && inFile.has(nameKey(p.code)) ? `code:${nameKey(p.code)}` : existing.parentId;
        })()
      : null;
    const change = !existing
      ? 'added'
      : existing.level !== row.level ||
          canonicalJson(existing.name) !== canonicalJson(row.name) ||
          canonicalJson(existing.commission) !== canonicalJson(row.commission) ||
          (!keepsParent && existingParent !== parentId)
        ? 'changed'
        : 'unchanged';
    const { parentText: _ignored, ...rest } = row;
    planned.push({ ...rest, parent, existingId: existing?.id ?? null, change });
  }

  // Loops through codes in the file (A under B under A), or an area moved under its own descendant.
  const plannedByCode = new Map(planned.map((p) => [nameKey(p.code), p]));
  const storedById = new Map(stored.map((a) => [a.id, a]));
  const parentKeyOf = (key: string): string | null => {
    const p = plannedByCode.get(key);
    if (p) {
      if (!p.parent) return null;
      if ('code' in p.parent) return nameKey(p.parent.code);
      const s = storedById.get(p.parent.id);
      return s?.code && plannedByCode.has(nameKey(s.code)) ? nameKey(s.code) : `id:${p.parent.id}`;
    }
    if (key.startsWith('id:')) {
      const s = storedById.get(key.slice(3));
      if (!s?.parentId) return null;
      const parentStored = storedById.get(s.parentId);
      return parentStored?.code && plannedByCode.has(nameKey(parentStored.code))
        ? nameKey(parentStored.code)
        : `id:${s.parentId}`;
    }
    return null;
  };
  const inLoop = new Set<string>();
  for (const key of plannedByCode.keys()) {
    const seen = new Set<string>();
    let current = parentKeyOf(key);
    while (current && current !== key && !seen.has(current)) {
      seen.add(current);
      current = parentKeyOf(current);
    }
    if (current === key) inLoop.add(key);
  }
  const ok: PlannedArea[] = [];
  for (const p of planned) {
    if (inLoop.has(nameKey(p.code))) problems.push({ line: p.line, field: 'parent', code: 'parent_cycle' });
    else ok.push(p);
  }
  problems.sort((a, b) => a.line - b.line);
  return { planned: orderParentsFirst(ok), problems };
}

/** Parents before children, so rows can be written in order. */
function orderParentsFirst(planned: PlannedArea[]): PlannedArea[] {
  const byCode = new Map(planned.map((p) => [nameKey(p.code), p]));
  const done = new Set<string>();
  const result: PlannedArea[] = [];
  const visit = (p: PlannedArea, depth: number) => {
    const key = nameKey(p.code);
    if (done.has(key) || depth > planned.length) return;
    if (p.parent && 'code' in p.parent) {
      const parent = byCode.get(nameKey(p.parent.code));
      if (parent) visit(parent, depth + 1);
    }
    done.add(key);
    result.push(p);
  };
  for (const p of planned) visit(p, 0);
  return result;
}

export function areaExportRow(a: Area, parent: Pick<Area, 'code' | 'name'> | undefined): string[] {
  const byField: Record<AreaImportField, string> = {
    code: a.code ?? '',
    parent: parent ? (parent.code ?? parent.name.ru) : '',
    level: a.level,
    nameRu: a.name.ru,
    nameKk: a.name.kk ?? '',
    nameEn: a.name.en ?? '',
    commissionName: a.commission?.name ?? '',
    commissionAddress: a.commission?.address ?? '',
    commissionPhone: a.commission?.phone ?? '',
  };
  return areaExportFields.map((f) => byField[f]);
}
