import type { Area } from '../territory/area.ts';
import { numberingRegionOf, subtreeIds } from '../territory/area.ts';
import { type CellReader, type ImportRowProblem, nameKey, parseNumberCell } from './import-columns.ts';

export type AreaLookup =
  | { area: Pick<Area, 'id'> }
  | { problem: 'unknown_area' | 'ambiguous_area' | 'area_outside_region' };

type IndexedArea = Pick<Area, 'id' | 'parentId' | 'level' | 'code' | 'name'>;

/**
 * Finds areas by code or by name in any language, the way import files name them. Names repeat
 * (every city has a "Центральный район"), so a name is looked up within the row's region when the
 * file has one, and an ambiguous name is a row problem rather than a guess.
 */
export class AreaIndex {
  private readonly byId = new Map<string, IndexedArea>();
  private readonly byCode = new Map<string, IndexedArea>();
  private readonly byName = new Map<string, IndexedArea[]>();
  private readonly subtrees = new Map<string, Set<string>>();

  constructor(private readonly areas: readonly IndexedArea[]) {
    for (const a of areas) {
      this.byId.set(a.id, a);
      if (a.code) this.byCode.set(nameKey(a.code), a);
      for (const n of new Set([a.name.ru, a.name.kk, a.name.en].filter(Boolean).map((n) => nameKey(n as string)))) {
        const list = this.byName.get(n) ?? [];
        list.push(a);
        this.byName.set(n, list);
      }
    }
  }

  get(id: string): IndexedArea | undefined {
    return this.byId.get(id);
  }

  all(): readonly IndexedArea[] {
    return this.areas;
  }

  regionOf(areaId: string): string {
    return numberingRegionOf(areaId, this.byId);
  }

  /** `text` is a code or a name; `withinId` narrows names (and checks codes) to a subtree. */
  find(text: string, withinId?: string): AreaLookup {
    const key = nameKey(text);
    const within = withinId ? this.subtree(withinId) : undefined;
    const byCode = this.byCode.get(key);
    if (byCode) {
      if (within && !within.has(byCode.id)) return { problem: 'area_outside_region' };
      return { area: byCode };
    }
    const named = this.byName.get(key) ?? [];
    const candidates = within ? named.filter((a) => within.has(a.id)) : named;
    if (candidates.length === 1) return { area: candidates[0] as IndexedArea };
    if (candidates.length > 1) return { problem: 'ambiguous_area' };
    if (within && named.length > 0) return { problem: 'area_outside_region' };
    return { problem: 'unknown_area' };
  }

  private subtree(id: string): Set<string> {
    let s = this.subtrees.get(id);
    if (!s) {
      s = subtreeIds(id, this.areas);
      this.subtrees.set(id, s);
    }
    return s;
  }
}

/**
 * The station a file line names, by its region (or an area inside it) and its number, as results
 * and assignment files do. What is wrong is added to `problems`; `regionId` and `number` are there
 * only when they can be used.
 */
export function readStationKey(
  line: number,
  cell: CellReader,
  areas: AreaIndex,
  problems: ImportRowProblem[],
): { regionId?: string; number?: number } {
  let regionId: string | undefined;
  const regionText = cell('region');
  const areaText = cell('area');
  if (regionText) {
    const found = areas.find(regionText);
    if ('area' in found) regionId = areas.regionOf(found.area.id);
    else
      problems.push({
        line,
        field: 'region',
        code: found.problem === 'area_outside_region' ? 'unknown_area' : found.problem,
      });
  } else if (areaText) {
    const found = areas.find(areaText);
    if ('area' in found) regionId = areas.regionOf(found.area.id);
    else problems.push({ line, field: 'area', code: found.problem });
  } else {
    problems.push({ line, field: 'region', code: 'required' });
  }
  const number = parseNumberCell(cell('number'));
  let valid: number | undefined;
  if (number === null) problems.push({ line, field: 'number', code: 'required' });
  else if (Number.isNaN(number) || !Number.isInteger(number) || number < 1)
    problems.push({ line, field: 'number', code: 'not_an_integer' });
  else valid = number;
  return { ...(regionId !== undefined ? { regionId } : {}), ...(valid !== undefined ? { number: valid } : {}) };
}
