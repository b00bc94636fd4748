import type { AreaDto } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { areaOptions, areaPathLabel, areaRows, visibleRows } from './area-tree.ts';

function area(id: string, parentId: string | null, ru: string, level: AreaDto['level'] = 'district'): AreaDto {
  return {
    id,
    parentId,
    level,
    code: null,
    name: { ru, kk: `${ru} kk` },
    commission: null,
    isDemo: false,
    stationCount: 0,
    registeredVoters: 0,
  };
}

const areas = [
  area('d2', 'r1', 'Бостандыкский район'),
  area('kz', null, 'Казахстан', 'country'),
  area('r1', 'kz', 'Алматы', 'region'),
  area('d1', 'r1', 'Ауэзовский район'),
  area('r2', 'kz', 'Астана', 'region'),
];

describe('areaRows', () => {
  it('lists parents before their children, siblings by name, with depth', () => {
    expect(areaRows(areas, 'ru').map((r) => [r.area.id, r.depth, r.hasChildren])).toEqual([
      ['kz', 0, true],
      ['r1', 1, true],
      ['d1', 2, false],
      ['d2', 2, false],
      ['r2', 1, false],
    ]);
  });

  it('keeps areas whose parent is unknown or in a cycle', () => {
    const odd = [area('a', 'b', 'А'), area('b', 'a', 'Б'), area('c', 'missing', 'В')];
    expect(
      areaRows(odd, 'ru')
        .map((r) => r.area.id)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('visibleRows', () => {
  it('hides the descendants of a collapsed area', () => {
    const rows = areaRows(areas, 'ru');
    expect(visibleRows(rows, new Set(['kz'])).map((r) => r.area.id)).toEqual(['kz', 'r1', 'r2']);
    expect(visibleRows(rows, new Set()).map((r) => r.area.id)).toEqual(['kz']);
    expect(visibleRows(rows, new Set(['kz', 'r1'])).length).toBe(5);
  });
});

describe('areaOptions and areaPathLabel', () => {
  it('indents options by depth and can leave some out', () => {
    const options = areaOptions(areas, 'ru', new Set(['r1']));
    expect(options.map((o) => o.label)).toEqual([
      'Казахстан',
      '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Ауэзовский район',
      '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0Бостандыкский район',
      '\u00a0\u00a0\u00a0Астана',
    ]);
  });

  it('names the path without the country, in the UI language', () => {
    const byId = new Map(areas.map((a) => [a.id, a]));
    expect(areaPathLabel('d1', byId, 'ru')).toBe('Алматы / Ауэзовский район');
    expect(areaPathLabel('d1', byId, 'kk')).toBe('Алматы kk / Ауэзовский район kk');
    expect(areaPathLabel('kz', byId, 'ru')).toBe('Казахстан');
  });
});
