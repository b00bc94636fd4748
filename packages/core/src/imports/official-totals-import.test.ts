import { describe, expect, it } from 'vitest';
import { AreaIndex } from './area-index.ts';
import { cellReader, isTotalsRow } from './import-columns.ts';
import { parseCheckpoint, parseOfficialTurnoutRow } from './official-totals-import.ts';

describe('official totals and turnout files', () => {
  it("knows a CEC file's own totals rows in ru, kk and en", () => {
    for (const text of ['Итого', 'ИТОГО по области', 'Всего:', 'Барлығы', 'Total'])
      expect(isTotalsRow(text)).toBe(true);
    for (const text of ['Итоговый участок', 'Всеволожский район', 'ALA', '', undefined])
      expect(isTotalsRow(text)).toBe(false);
  });

  it('reads checkpoint times as HH:MM', () => {
    expect(parseCheckpoint('10:00')).toBe('10:00');
    expect(parseCheckpoint('9.30')).toBe('09:30');
    expect(parseCheckpoint('12 ч')).toBe('12:00');
    expect(parseCheckpoint('18:00:00')).toBe('18:00');
    expect(parseCheckpoint('25:00')).toBeNull();
    expect(parseCheckpoint('утро')).toBeNull();
  });

  it('reads a station row, an area row and a totals row', () => {
    const areas = new AreaIndex([
      { id: 'r', parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } },
    ] as never);
    const station = (r: string, n: number) => (r === 'r' && n === 7 ? 's7' : undefined);
    const read = (cells: string[], indexes: Record<string, number>) =>
      parseOfficialTurnoutRow(2, cellReader(cells, indexes), new Set(Object.keys(indexes)), areas, station);
    expect(read(['ALA', '7', '10:00', '120'], { region: 0, number: 1, checkpoint: 2, voters: 3 })).toEqual({
      value: { scope: 'station', targetId: 's7', checkpoint: '10:00', voters: 120 },
      problems: [],
    });
    expect(read(['Алматы', '12.00', '900'], { area: 0, checkpoint: 1, voters: 2 })).toEqual({
      value: { scope: 'area', targetId: 'r', checkpoint: '12:00', voters: 900 },
      problems: [],
    });
    expect(read(['Итого', '', '10:00', '1'], { region: 0, number: 1, checkpoint: 2, voters: 3 })).toEqual({
      skipped: true,
      problems: [{ line: 2, code: 'totals_row_skipped' }],
    });
    expect(read(['ALA', '8', 'x', '-1'], { region: 0, number: 1, checkpoint: 2, voters: 3 }).problems).toEqual([
      { line: 2, field: 'checkpoint', code: 'invalid_time' },
      { line: 2, field: 'voters', code: 'negative' },
    ]);
  });
});
