import { describe, expect, it } from 'vitest';
import type { Area } from '../territory/area.ts';
import { AreaIndex } from './area-index.ts';
import { looseNameKey, nameForms, placeKindOf, sameName } from './area-name-match.ts';
import { cellReader } from './import-columns.ts';
import { StationAreas } from './station-areas.ts';
import { parseStationRow, stationImportFields } from './station-import.ts';

type TreeArea = Pick<Area, 'id' | 'parentId' | 'level' | 'code' | 'name'>;
const area = (id: string, parentId: string | null, level: Area['level'], ru: string, kk?: string): TreeArea => ({
  id,
  parentId,
  level,
  code: null,
  name: kk ? { ru, kk } : { ru },
});

const tree: TreeArea[] = [
  area('kz', null, 'country', 'Казахстан', 'Қазақстан'),
  area('ala', 'kz', 'region', 'Алматы', 'Алматы қаласы'),
  area('alo', 'kz', 'region', 'Алматинская область', 'Алматы облысы'),
  area('shy', 'kz', 'region', 'Шымкент', 'Шымкент қаласы'),
  area('aba', 'kz', 'region', 'Абайская область', 'Абай облысы'),
  area('abc', 'kz', 'region', 'Город Абай', 'Абай қаласы'),
  area('med', 'ala', 'district', 'Медеуский район', 'Медеу ауданы'),
  area('aue', 'ala', 'district', 'Ауэзовский район', 'Әуезов ауданы'),
  area('sem', 'alo', 'district', 'Семёновский район'),
  area('ili', 'alo', 'district', 'Илийский район', 'Іле ауданы'),
];

function same(a: string, b: string): boolean {
  return nameForms(a).some((x) => nameForms(b).some((y) => sameName(x, y)));
}

describe('forgiving area names', () => {
  it('ignores case, ё/е, designators, punctuation and spaces', () => {
    expect(same('г. Алматы', 'Алматы')).toBe(true);
    expect(same('город  Алматы', 'Алматы қаласы')).toBe(true);
    expect(same('Алматы (город)', 'г Алматы')).toBe(true);
    expect(same('Алматы қ.', 'Алматы қаласы')).toBe(true);
    expect(same('Абайская обл.', 'Абайская область')).toBe(true);
    expect(same('АБАЙ ОБЛЫСЫ', 'Абай облысы')).toBe(true);
    expect(same('Семеновский р-н', 'Семёновский район')).toBe(true);
    expect(same('Шымкент (Чимкент)', 'Чимкент')).toBe(true);
    expect(same('Шымкент (Чимкент)', 'г. Шымкент')).toBe(true);
  });

  it('never matches a city with an oblast of the same word, nor different words', () => {
    expect(same('Алматы қаласы', 'Алматы облысы')).toBe(false);
    expect(same('г. Алматы', 'Алматинская область')).toBe(false);
    expect(same('Абайская область', 'Ауэзовский район')).toBe(false);
  });

  it('groups spellings of one new name and reads the kind of place', () => {
    expect(looseNameKey('Абайская обл.')).toBe(looseNameKey('Абайская  область'));
    expect(looseNameKey('Медеуская районная ТИК')).toBe(looseNameKey('ТИК Медеуского района'));
    expect(looseNameKey('Алматы қаласы')).not.toBe(looseNameKey('Алматы облысы'));
    expect(placeKindOf('Семейская городская ТИК')).toBe('city');
    expect(placeKindOf('Медеуская районная ТИК')).toBe('district');
  });
});

describe('AreaIndex.findForgiving', () => {
  const index = new AreaIndex(tree);
  const found = (text: string, within?: string) => {
    const r = index.findForgiving(text, within);
    return 'area' in r ? `${r.area.id}:${r.rule}` : r.problem;
  };

  it('finds regions by exact and forgiving names, among regions only', () => {
    expect(found('Алматы')).toBe('ala:exact');
    expect(found('г. Алматы')).toBe('ala:loose');
    expect(found('Алматы (город)')).toBe('ala:loose');
    expect(found('Алматы обл.')).toBe('alo:loose');
    expect(found('Шымкент (Чимкент)')).toBe('shy:loose');
    expect(found('Абайская обл')).toBe('aba:loose');
    // A district's name in the region column is not a region.
    expect(found('Медеу')).toBe('unknown_area');
  });

  it('reports ambiguity instead of guessing', () => {
    // "Абай" alone: the oblast (Абай облысы) and the city (Абай қаласы) both fit.
    expect(found('Абай')).toBe('ambiguous_area');
    const both = index.findForgiving('ТИК Медеуского и Ауэзовского районов', 'ala');
    expect(both).toEqual({ problem: 'ambiguous_area', candidates: 2 });
  });

  it("resolves a territorial commission's name to its district within the region", () => {
    expect(found('Медеуская районная ТИК', 'ala')).toBe('med:loose');
    expect(found('ТИК Медеуского района', 'ala')).toBe('med:loose');
    expect(found('ТИК Медеуского района г. Алматы', 'ala')).toBe('med:words');
    expect(found('Медеу аудандық сайлау комиссиясы', 'ala')).toBe('med:loose');
    expect(found('Семеновский р-н', 'alo')).toBe('sem:loose');
    // Not in this region.
    expect(found('Медеуская районная ТИК', 'alo')).toBe('unknown_area');
  });
});

describe('StationAreas', () => {
  const fields = stationImportFields.map((f) => f.key);
  const row = (areas: StationAreas, line: number, cells: Partial<Record<string, string>>) => {
    const indexes = Object.fromEntries(fields.map((f, i) => [f, i]));
    return parseStationRow(
      line,
      cellReader(
        fields.map((f) => cells[f] ?? ''),
        indexes,
      ),
      areas,
    );
  };
  let n = 0;
  const newId = () => `new-${++n}`;

  it('accepts a row without an address and notes the forgiving matches', () => {
    const areas = new StationAreas(new AreaIndex(tree), { createAreas: false, newId });
    const parsed = row(areas, 2, { region: 'г. Алматы', area: 'Медеуская районная ТИК', number: '12' });
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toMatchObject({ areaId: 'med', regionId: 'ala', number: 12, address: '' });
    row(areas, 3, { region: 'г. Алматы', area: 'Медеуская районная ТИК', number: '13' });
    expect(areas.matches()).toEqual([
      expect.objectContaining({ field: 'region', text: 'г. Алматы', areaId: 'ala', rule: 'loose', rows: 2 }),
      expect.objectContaining({ field: 'area', text: 'Медеуская районная ТИК', areaId: 'med', rows: 2, firstLine: 2 }),
    ]);
  });

  it('without createAreas rejects rows in missing areas and lists what would be created', () => {
    const areas = new StationAreas(new AreaIndex(tree), { createAreas: false, newId });
    const a = row(areas, 2, { region: 'Улытауская обл.', area: 'Жезказганская городская ТИК', number: '1' });
    const b = row(areas, 3, { region: 'Улытауская область', area: 'Жезказганская городская ТИК', number: '2' });
    const c = row(areas, 4, { region: 'Алматы', area: 'Турксибская районная ТИК', number: '3' });
    expect(a.problems).toEqual([{ line: 2, field: 'region', code: 'unknown_area', params: { missing: 1 } }]);
    expect(b.value).toBeUndefined();
    expect(c.problems).toEqual([{ line: 4, field: 'area', code: 'unknown_area', params: { missing: 1 } }]);
    expect(areas.missingAreas()).toEqual([
      expect.objectContaining({ level: 'region', name: 'Улытауская обл.', parentId: 'kz', stations: 2 }),
      expect.objectContaining({ level: 'city', name: 'Жезказганская городская ТИК', parentName: 'Улытауская обл.' }),
      expect.objectContaining({ level: 'district', name: 'Турксибская районная ТИК', parentId: 'ala', stations: 1 }),
    ]);
    expect(areas.missingAreas()[1]).toMatchObject({ commissionName: 'Жезказганская городская ТИК', stations: 2 });
  });

  it('with createAreas places the rows in the planned areas, regions at the top without a country', () => {
    const flat = tree.filter((a) => a.id !== 'kz').map((a) => (a.parentId === 'kz' ? { ...a, parentId: null } : a));
    const areas = new StationAreas(new AreaIndex(flat), { createAreas: true, newId });
    const a = row(areas, 2, { region: 'Улытауская обл.', area: 'Жезказганская городская ТИК', number: '1' });
    const b = row(areas, 3, { region: 'Улытауская область', number: '2' });
    const [region, city] = areas.missingAreas();
    expect(region).toMatchObject({ level: 'region', parentId: null, stations: 2 });
    expect(city).toMatchObject({ parentId: region?.id, stations: 1 });
    expect(a.value).toMatchObject({ areaId: city?.id, regionId: region?.id });
    expect(b.value).toMatchObject({ areaId: region?.id, regionId: region?.id });
  });

  it('an ambiguous region is a row problem, never a new area', () => {
    const areas = new StationAreas(new AreaIndex(tree), { createAreas: true, newId });
    expect(row(areas, 2, { region: 'Абай', number: '1' }).problems).toEqual([
      { line: 2, field: 'region', code: 'ambiguous_area', params: { candidates: 2 } },
    ]);
    expect(areas.missingAreas()).toEqual([]);
  });
});
