import type { Area } from '../territory/area.ts';
import { numberingRegionOf, subtreeIds } from '../territory/area.ts';
import { containsName, type NameForm, nameForms, sameName } from './area-name-match.ts';
import { type CellReader, type ImportRowProblem, nameKey, parseNumberCell } from './import-columns.ts';

export type AreaLookup =
  | { area: Pick<Area, 'id'> }
  | { problem: 'unknown_area' | 'ambiguous_area' | 'area_outside_region' };

type IndexedArea = Pick<Area, 'id' | 'parentId' | 'level' | 'code' | 'name'>;

/**
 * How a name was found: `exact` (code or name as stored, up to case, ё/е and spaces), `loose` (the
 * same name with other designators, punctuation or a parenthesised alternative: "Абайская обл."),
 * `words` (a commission's name naming its district: "ТИК Медеуского района").
 */
export type AreaMatchRule = 'exact' | 'loose' | 'words';

export type ForgivingLookup =
  | { area: IndexedArea; rule: AreaMatchRule }
  | { problem: 'unknown_area' | 'ambiguous_area' | 'area_outside_region'; candidates?: number };

/** Levels a region column names: the areas that number their own stations (and the country). */
const regionLevels: ReadonlySet<Area['level']> = new Set(['region', 'abroad', 'country']);

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
  private forms?: Map<string, NameForm[]>;
  private readonly forgiving = new Map<string, ForgivingLookup>();

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

  /**
   * Like `find`, then forgiving: the same name written another way (`loose`), and, for a district
   * column, a commission's name whose distinctive words name one area of the region (`words`). A
   * region column (`withinId` absent) looks among regions only. More than one candidate is
   * `ambiguous_area`, never a guess. Answers are cached per text: a file repeats its names.
   */
  findForgiving(text: string, withinId?: string): ForgivingLookup {
    const cacheKey = `${withinId ?? ''}\u0000${text}`;
    const cached = this.forgiving.get(cacheKey);
    if (cached) return cached;
    const answer = this.lookForgiving(text, withinId);
    this.forgiving.set(cacheKey, answer);
    return answer;
  }

  private lookForgiving(text: string, withinId?: string): ForgivingLookup {
    const exact = this.find(text, withinId);
    if ('area' in exact) return { area: exact.area as IndexedArea, rule: 'exact' };
    if (exact.problem === 'ambiguous_area') return exact;
    const within = withinId ? this.subtree(withinId) : undefined;
    const pool = this.areas.filter((a) => (within ? within.has(a.id) : regionLevels.has(a.level)));
    const textForms = nameForms(text);
    const loose = pool.filter((a) => textForms.some((t) => this.namedAs(a, t)));
    if (loose.length === 1) return { area: loose[0] as IndexedArea, rule: 'loose' };
    if (loose.length > 1) return { problem: 'ambiguous_area', candidates: loose.length };
    if (withinId) {
      // A commission's name: the areas below the region whose every distinctive word it contains.
      const below = pool.filter(
        (a) => a.id !== withinId && this.formsOf(a).some((f) => textForms.some((t) => containsName(t, f))),
      );
      if (below.length === 1) return { area: below[0] as IndexedArea, rule: 'words' };
      if (below.length > 1) return { problem: 'ambiguous_area', candidates: below.length };
    }
    return exact;
  }

  /**
   * The area goes by this name: a form with the same words and a kind that does not contradict it.
   * An area whose other names say what it is ("Алматы" is also "Алматы қаласы", a city) is not
   * found by the same words with another kind ("Алматы обл.").
   */
  private namedAs(a: IndexedArea, text: NameForm): boolean {
    const forms = this.formsOf(a).filter((f) => f.stem === text.stem);
    if (!forms.some((f) => sameName(text, f))) return false;
    const kinds = forms.flatMap((f) => (f.kind ? [f.kind] : []));
    return text.kind === null || kinds.length === 0 || kinds.includes(text.kind);
  }

  private formsOf(a: IndexedArea): NameForm[] {
    this.forms ??= new Map();
    let forms = this.forms.get(a.id);
    if (!forms) {
      forms = [a.name.ru, a.name.kk, a.name.en].filter((n): n is string => Boolean(n)).flatMap((n) => nameForms(n));
      this.forms.set(a.id, forms);
    }
    return forms;
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
