import { describe, expect, it } from 'vitest';
import { AreaIndex } from './area-index.ts';
import { parseAssignmentRow, parseObserverCell, parseShiftCell } from './assignment-import.ts';
import { cellReader } from './import-columns.ts';

const areas = new AreaIndex([
  { id: 'kz', parentId: null, level: 'country', code: 'KZ', name: { ru: 'Казахстан' } },
  { id: 'ala', parentId: 'kz', level: 'region', code: 'ALA', name: { ru: 'Алматы' } },
] as never);

const lookups = {
  areas,
  stationIdOf: (regionId: string, number: number) => (regionId === 'ala' && number === 5 ? 'st-5' : undefined),
  observersOf: (key: { by: string; value: string }) =>
    key.value === '+77015551234'
      ? [{ id: 'asel', active: true }]
      : key.value === 'twins@example.org'
        ? [
            { id: 'a', active: true },
            { id: 'b', active: true },
          ]
        : [],
};

const headers = ['region', 'number', 'observer', 'shift'];
const row = (cells: string[]) => cellReader(cells, Object.fromEntries(headers.map((h, i) => [h, i])));

describe('assignment rows', () => {
  it('reads shifts in ru, kk and en, and their codes', () => {
    expect(parseShiftCell('Весь день голосования')).toBe('voting_day');
    expect(parseShiftCell('дауыс санау')).toBe('counting');
    expect(parseShiftCell('Opening only')).toBe('opening');
    expect(parseShiftCell('readiness')).toBe('readiness');
    expect(parseShiftCell('ночная смена')).toBeNull();
  });

  it('names an observer by phone in any spelling, by e-mail, or by account id', () => {
    expect(parseObserverCell('8 (701) 555-12-34')).toEqual({ by: 'phone', value: '+77015551234' });
    expect(parseObserverCell(' Bolat@Example.ORG ')).toEqual({ by: 'email', value: 'bolat@example.org' });
    expect(parseObserverCell('0F3C2B1A-0000-4000-8000-000000000001')).toEqual({
      by: 'id',
      value: '0f3c2b1a-0000-4000-8000-000000000001',
    });
    expect(parseObserverCell('+7 727 255 00 00')).toEqual({ problem: 'invalid', error: 'phone_not_kz_mobile' });
  });

  it('gives the station, observer and shift, or every problem of the row', () => {
    expect(parseAssignmentRow(2, row(['ALA', '5', "'+77015551234", 'подсчёт голосов']), lookups)).toEqual({
      value: { observerId: 'asel', stationId: 'st-5', shift: 'counting' },
      problems: [],
    });
    expect(parseAssignmentRow(3, row(['ALA', '6', '+77779990000', 'ночь']), lookups).problems).toEqual([
      { line: 3, field: 'number', code: 'unknown_station' },
      { line: 3, field: 'observer', code: 'unknown_observer' },
      { line: 3, field: 'shift', code: 'unknown_shift' },
    ]);
    expect(parseAssignmentRow(4, row(['', '5', 'twins@example.org', '']), lookups).problems).toEqual([
      { line: 4, field: 'region', code: 'required' },
      { line: 4, field: 'observer', code: 'ambiguous_observer' },
      { line: 4, field: 'shift', code: 'required' },
    ]);
  });
});
