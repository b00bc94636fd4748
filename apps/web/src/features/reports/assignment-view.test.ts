import type { AssignmentDto } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { coverageOf, filterAssignments } from './assignment-view.ts';

const a = (id: string, station: number, observer: string, shift: AssignmentDto['shift']): AssignmentDto => ({
  id,
  electionId: 'e',
  observerId: `o-${observer}`,
  observerName: observer,
  stationId: `s-${station}`,
  stationNumber: station,
  stationAddress: `Абай даңғылы, ${station}`,
  shift,
  createdAt: '2026-11-01T00:00:00.000Z',
});

const items = [
  a('1', 101, 'Ерлан Әлиев', 'voting_day'),
  a('2', 101, 'Алёна Ким', 'counting'),
  a('3', 1015, 'Ерлан Әлиев', 'opening'),
  a('4', 205, 'Дана Сейтова', 'voting_day'),
];

describe('assignments view', () => {
  it('filters by the start of the station number, words of the address and part of the name', () => {
    const ids = (filter: { station: string; observer: string }) => filterAssignments(items, filter).map((x) => x.id);
    expect(ids({ station: '', observer: '' })).toEqual(['1', '2', '3', '4']);
    expect(ids({ station: '101', observer: '' })).toEqual(['1', '2', '3']);
    expect(ids({ station: 'даңғылы, 205', observer: '' })).toEqual(['4']);
    expect(ids({ station: '', observer: 'ерлан' })).toEqual(['1', '3']);
    expect(ids({ station: '', observer: 'алена' })).toEqual(['2']);
    expect(ids({ station: '101', observer: 'ким' })).toEqual(['2']);
  });

  it('counts stations and observers once, and stations per shift', () => {
    expect(coverageOf(items)).toEqual({
      stations: 3,
      observers: 3,
      byShift: { voting_day: 2, counting: 1, opening: 1 },
    });
    expect(coverageOf([])).toEqual({ stations: 0, observers: 0, byShift: {} });
  });
});
