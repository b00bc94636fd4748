import { describe, expect, it } from 'vitest';
import type { Area } from '../territory/area.ts';
import { type AreaImportValue, planAreaImport } from './area-import.ts';
import { mergeCommission } from './import-columns.ts';
import {
  changedStationFields,
  keepUnmappedStationFields,
  type StationImportValue,
  stationImportFields,
} from './station-import.ts';

// A station as HQ completed it by hand: every optional field filled.
const stored = {
  areaId: 'district-1',
  name: 'Школа № 12',
  address: 'ул. Жандосова, 58',
  registeredVoters: 2150,
  commission: { name: 'УИК № 101', address: 'ул. Жандосова, 58, каб. 3', phone: '+7 727 300 01 01' },
  latitude: 43.2,
  longitude: 76.85,
  accessibility: 'пандус',
  pollsOpen: '07:00',
  pollsClose: '20:00',
  timeZone: 'Asia/Almaty',
};

// The same station in a commission's list: its number, district and voters, nothing else.
const fromList: StationImportValue = {
  areaId: 'district-1',
  regionId: 'region-1',
  number: 101,
  name: null,
  address: '',
  registeredVoters: 2200,
  commission: null,
  latitude: null,
  longitude: null,
  accessibility: null,
  pollsOpen: null,
  pollsClose: null,
  timeZone: null,
};

describe('a station import keeps what the file has no column for', () => {
  it('changes only the columns a commission list has', () => {
    const mapped = new Set(['region', 'area', 'number', 'registeredVoters']);
    const value = keepUnmappedStationFields(stored, fromList, mapped);
    expect(value).toEqual({ ...stored, regionId: 'region-1', number: 101, registeredVoters: 2200 });
    expect(changedStationFields(stored, value)).toEqual(['registeredVoters']);
  });

  it('clears a field whose column is mapped but empty, for every optional column', () => {
    const optional = stationImportFields.map((f) => f.key).filter((k) => !['region', 'area', 'number'].includes(k));
    for (const column of optional) {
      const value = keepUnmappedStationFields(stored, fromList, new Set(['region', 'area', 'number', column]));
      const changed = changedStationFields(stored, value);
      // Exactly the one mapped column changes: to empty (or, for voters, to the file's number).
      const field = column.startsWith('commission') ? 'commission' : column;
      expect(changed, column).toEqual([field]);
    }
  });

  it('merges a commission part by part', () => {
    const mapped = new Set(['commissionPhone']);
    expect(mergeCommission(stored.commission, { phone: '+7 727 300 02 02' }, mapped)).toEqual({
      ...stored.commission,
      phone: '+7 727 300 02 02',
    });
    expect(mergeCommission(stored.commission, null, mapped)).toEqual({
      name: 'УИК № 101',
      address: 'ул. Жандосова, 58, каб. 3',
    });
    expect(mergeCommission(null, null, new Set(['commissionName']))).toBeNull();
    expect(mergeCommission({ phone: '1' }, null, new Set(['commissionPhone']))).toBeNull();
  });
});

describe('an area import keeps what the file has no column for', () => {
  const tree: Pick<Area, 'id' | 'parentId' | 'code' | 'name' | 'level' | 'commission'>[] = [
    {
      id: 'kz',
      parentId: null,
      code: 'KZ',
      name: { ru: 'Казахстан', kk: 'Қазақстан' },
      level: 'country',
      commission: null,
    },
    {
      id: 'ala',
      parentId: 'kz',
      code: 'ALA',
      name: { ru: 'Алматы', kk: 'Алматы қаласы', en: 'Almaty' },
      level: 'region',
      commission: { name: 'Алматинская городская ИК', phone: '+7 727 272 00 00' },
    },
  ];
  const row = (code: string, ru: string, level: AreaImportValue['level'], line: number): AreaImportValue => ({
    line,
    code,
    parentText: '',
    level,
    name: { ru },
    commission: null,
  });

  it('a list of codes, levels and Russian names moves nothing and erases no translation or contact', () => {
    const rows = [row('KZ', 'Казахстан', 'country', 2), row('ALA', 'Алматы', 'region', 3)];
    const { planned, problems } = planAreaImport(rows, tree, new Set(['code', 'level', 'nameRu']));
    expect(problems).toEqual([]);
    expect(planned.map((p) => p.change)).toEqual(['unchanged', 'unchanged']);
    expect(planned[1]).toMatchObject({ parent: { id: 'kz' }, name: tree[1]?.name, commission: tree[1]?.commission });
  });

  it('mapped columns still change, and an empty parent cell in a parent column makes a root', () => {
    const rows = [{ ...row('ALA', 'Алматы', 'region', 2), name: { ru: 'Алматы', en: 'Almaty city' } }];
    const mapped = new Set(['code', 'parent', 'level', 'nameRu', 'nameEn']);
    const { planned } = planAreaImport(rows, tree, mapped);
    expect(planned[0]).toMatchObject({
      change: 'changed',
      parent: null,
      name: { ru: 'Алматы', kk: 'Алматы қаласы', en: 'Almaty city' },
      commission: tree[1]?.commission,
    });
  });
});
