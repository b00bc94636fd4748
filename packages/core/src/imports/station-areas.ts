import type { LocalizedText } from '../elections/election.ts';
import type { AreaLevel } from '../territory/area.ts';
import type { AreaIndex, AreaMatchRule, ForgivingLookup } from './area-index.ts';
import { type NameForm, nameForms, type PlaceKind, sameName } from './area-name-match.ts';
import type { ImportRowProblem } from './import-columns.ts';

/** An area a station file names that the tree lacks: created by the import when asked to. */
export interface NewArea {
  id: string;
  /** An existing area's id, or another new area's (a district's new region); null: the top level. */
  parentId: string | null;
  level: Extract<AreaLevel, 'region' | 'district' | 'city'>;
  /** The name as the file first wrote it. */
  name: string;
  /** The region's name as the file wrote it, or the existing region's Russian name; null for regions. */
  parentName: string | null;
  /** Set when the file named the area by its commission ("Медеуская районная ТИК"). */
  commissionName: string | null;
  /** Other spellings in the file taken as this area ("Абайская обл.", "Алматы (город)"), at most 10. */
  alsoWritten: string[];
  /** Rows of the file in this area (a region counts the rows of its new districts too). */
  stations: number;
  firstLine: number;
}

/** A name the file writes differently from the tree, matched forgivingly: shown before anything is written. */
export interface AreaMatchNote {
  field: 'region' | 'area';
  /** The file's text (a place's or a commission's name, never personal data). */
  text: string;
  areaId: string;
  areaName: LocalizedText;
  rule: Exclude<AreaMatchRule, 'exact'>;
  rows: number;
  firstLine: number;
}

export type StationAreaResult = { areaId: string; regionId: string } | { problems: ImportRowProblem[] };

/**
 * Finds the area of each row of a station file (forgiving names, see area-name-match.ts) and
 * plans the regions and districts the tree lacks. With `createAreas` the rows in such areas are
 * accepted and the areas are listed for creation (regions under the country, or at the top level
 * when the tree has no single country; districts and cities under their region); without it they
 * are rejected as `unknown_area`, and the same list says what `createAreas` would create.
 */
export class StationAreas {
  private readonly planned: { area: NewArea; forms: NameForm[]; kinds: Set<PlaceKind> }[] = [];
  private readonly newById = new Map<string, NewArea>();
  private readonly newCache = new Map<string, NewArea | undefined>();
  private readonly notes = new Map<string, AreaMatchNote>();
  private readonly root: string | null;

  constructor(
    private readonly index: AreaIndex,
    private readonly options: { createAreas: boolean; newId: () => string },
  ) {
    const countries = index.all().filter((a) => a.parentId === null && a.level === 'country');
    this.root = countries.length === 1 ? (countries[0]?.id ?? null) : null;
  }

  /** The row's area and numbering region, or what is wrong (with `field` region or area). */
  resolve(line: number, regionText: string, areaText: string): StationAreaResult {
    const problems: ImportRowProblem[] = [];
    let region: { id: string; fresh: NewArea | null } | undefined;
    if (regionText) {
      const found = this.index.findForgiving(regionText);
      if ('area' in found) {
        this.note('region', regionText, found, line);
        region = { id: this.index.regionOf(found.area.id), fresh: null };
      } else if (found.problem === 'ambiguous_area') {
        problems.push(ambiguous(line, 'region', found));
      } else {
        const fresh = this.newArea(line, { parentId: this.root, level: 'region', name: regionText, parentName: null });
        if (fresh) region = { id: fresh.id, fresh };
        else problems.push({ line, field: 'region', code: 'ambiguous_area' });
      }
    }

    let result: { areaId: string; regionId: string } | undefined;
    const district = (regionId: string, regionName: string) => {
      const fresh = this.newDistrict(regionId, regionName, areaText, line);
      if (fresh) result = { areaId: fresh.id, regionId };
      else problems.push({ line, field: 'area', code: 'ambiguous_area' });
    };
    if (areaText) {
      if (region?.fresh) {
        district(region.id, region.fresh.name);
      } else if (region || !regionText) {
        const found = this.index.findForgiving(areaText, region?.id);
        if ('area' in found) {
          this.note('area', areaText, found, line);
          result = { areaId: found.area.id, regionId: region?.id ?? this.index.regionOf(found.area.id) };
        } else if (found.problem === 'unknown_area' && region) {
          district(region.id, this.index.get(region.id)?.name.ru ?? '');
        } else if (found.problem === 'ambiguous_area') {
          problems.push(ambiguous(line, 'area', found));
        } else {
          problems.push({ line, field: 'area', code: found.problem });
        }
      }
    } else if (region) {
      result = { areaId: region.id, regionId: region.id };
    } else if (!regionText) {
      problems.push({ line, field: 'area', code: 'required' });
    }

    if (region?.fresh) region.fresh.stations += 1;
    const placed = result as { areaId: string; regionId: string } | undefined;
    const freshDistrict = placed && placed.areaId !== placed.regionId ? this.newById.get(placed.areaId) : undefined;
    if (freshDistrict) freshDistrict.stations += 1;
    if (!this.options.createAreas) {
      if (region?.fresh) problems.push({ line, field: 'region', code: 'unknown_area', params: { missing: 1 } });
      else if (freshDistrict) problems.push({ line, field: 'area', code: 'unknown_area', params: { missing: 1 } });
    }
    if (problems.length > 0 || !placed) return { problems };
    return placed;
  }

  /** Areas the file names that the tree lacks, parents first. */
  missingAreas(): NewArea[] {
    const list = this.planned.map((p) => p.area);
    return [...list.filter((a) => a.level === 'region'), ...list.filter((a) => a.level !== 'region')];
  }

  /** Names matched forgivingly, one entry per distinct text, in the order first met. */
  matches(): AreaMatchNote[] {
    return [...this.notes.values()];
  }

  private newDistrict(regionId: string, regionName: string, text: string, line: number): NewArea | undefined {
    return this.newArea(line, {
      parentId: regionId,
      level: nameForms(text)[0]?.kind === 'city' ? 'city' : 'district',
      name: text,
      parentName: regionName,
    });
  }

  /**
   * The new area this text names: one planned already under the same parent when the names match
   * forgivingly and no spelling said another kind of place; a new one otherwise; undefined when two
   * planned areas fit (ambiguous).
   */
  private newArea(
    line: number,
    area: Pick<NewArea, 'parentId' | 'level' | 'name' | 'parentName'>,
  ): NewArea | undefined {
    const name = area.name.replace(/\s+/g, ' ').trim();
    const cacheKey = `${area.parentId ?? ''}\u0000${area.level === 'region'}\u0000${name}`;
    if (this.newCache.has(cacheKey)) return this.newCache.get(cacheKey);
    const answer = this.planArea(line, area, name);
    this.newCache.set(cacheKey, answer);
    return answer;
  }

  private planArea(
    line: number,
    area: Pick<NewArea, 'parentId' | 'level' | 'name' | 'parentName'>,
    name: string,
  ): NewArea | undefined {
    const forms = nameForms(name);
    const siblings = this.planned.filter(
      (p) => p.area.parentId === area.parentId && (p.area.level !== 'region') === (area.level !== 'region'),
    );
    const fits = siblings.filter((p) =>
      forms.some(
        (f) => p.forms.some((g) => sameName(f, g)) && (f.kind === null || [...p.kinds].every((k) => k === f.kind)),
      ),
    );
    if (fits.length > 1) return undefined;
    const found = fits[0];
    if (found) {
      for (const f of forms) if (f.kind) found.kinds.add(f.kind);
      if (name !== found.area.name && !found.area.alsoWritten.includes(name) && found.area.alsoWritten.length < 10)
        found.area.alsoWritten.push(name);
      return found.area;
    }
    const fresh: NewArea = {
      id: this.options.newId(),
      ...area,
      name,
      commissionName: forms.some((f) => f.commission) ? name : null,
      alsoWritten: [],
      stations: 0,
      firstLine: line,
    };
    this.planned.push({ area: fresh, forms, kinds: new Set(forms.flatMap((f) => (f.kind ? [f.kind] : []))) });
    this.newById.set(fresh.id, fresh);
    return fresh;
  }

  private note(field: 'region' | 'area', text: string, found: ForgivingLookup, line: number): void {
    if (!('area' in found) || found.rule === 'exact') return;
    const key = `${field}\u0000${text}`;
    const seen = this.notes.get(key);
    if (seen) {
      seen.rows += 1;
      return;
    }
    this.notes.set(key, {
      field,
      text,
      areaId: found.area.id,
      areaName: found.area.name,
      rule: found.rule,
      rows: 1,
      firstLine: line,
    });
  }
}

function ambiguous(line: number, field: string, found: ForgivingLookup): ImportRowProblem {
  const candidates = 'candidates' in found ? found.candidates : undefined;
  return { line, field, code: 'ambiguous_area', ...(candidates ? { params: { candidates } } : {}) };
}
