import type { ProposalDto } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-client.ts';
import { allOverridable, conflictsOf, editableRows, removeRow, rowKey, swapObserver } from './proposal-rows.ts';

const proposal = {
  rows: [
    {
      observerId: 'o1',
      observerName: 'Айгерим',
      stationId: 's1',
      stationNumber: 1,
      stationAddress: 'Абая, 1',
      inSample: true,
      alternatives: [{ id: 'o3', name: 'Берик' }],
    },
    {
      observerId: 'o2',
      observerName: 'Данияр',
      stationId: 's2',
      stationNumber: 2,
      stationAddress: 'Толе би, 2',
      inSample: false,
      alternatives: [],
    },
  ],
} as unknown as ProposalDto;

describe('proposal rows', () => {
  it('swaps and removes rows, keeping conflicts on the row they belong to', () => {
    const rows = editableRows(proposal);
    expect(rows[0]?.options.map((o) => o.id)).toEqual(['o1', 'o3']);
    const swapped = swapObserver(rows, 0, 'o3');
    expect(swapped[0]?.observerId).toBe('o3');
    const error = new ApiError(409, 'assignment_conflicts', {
      rows: [{ row: 1, codes: ['over_cap'], overridable: true }],
    });
    const problems = conflictsOf(error, swapped);
    expect([...problems.keys()]).toEqual([rowKey({ observerId: 'o2', stationId: 's2' })]);
    const left = removeRow(swapped, 0);
    expect(problems.get(rowKey(left[0] as (typeof left)[number]))?.codes).toEqual(['over_cap']);
    expect(allOverridable(problems, left)).toBe(true);
    const hard = conflictsOf(
      new ApiError(409, 'assignment_conflicts', { rows: [{ row: 0, codes: ['double_booked'], overridable: false }] }),
      left,
    );
    expect(allOverridable(hard, left)).toBe(false);
    expect(conflictsOf(new ApiError(422, 'outside_area'), left).size).toBe(0);
  });
});
