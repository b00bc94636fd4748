import { describe, expect, it } from 'vitest';
import { formKinds } from '../forms/form-definition.ts';
import { formDueNow, reminderCheckpointNow, turnoutCheckpointNow } from './due-forms.ts';

// Almaty is UTC+5: 07:00–20:00 local is 02:00–15:00 UTC.
const schedule = {
  votingDate: '2026-11-10',
  timeZone: 'Asia/Almaty',
  pollsOpen: '07:00',
  pollsClose: '20:00',
  checkpoints: ['10:00', '12:00', '21:00'],
};
const due = (utc: string, shifts: ('voting_day' | 'counting' | 'readiness')[] = ['voting_day']) =>
  formKinds.filter((k) => formDueNow(k, shifts, schedule, new Date(`${utc}Z`)));

describe('forms due now (issue 22)', () => {
  it('follows the voting day: readiness before, opening around the opening, turnout at checkpoints, protocol after', () => {
    expect(due('2026-11-09T10:00')).toEqual(['readiness', 'incident', 'custom']);
    expect(due('2026-11-10T01:30')).toEqual(['readiness', 'opening', 'incident', 'custom']);
    expect(due('2026-11-10T02:30')).toEqual(['opening', 'voting', 'incident', 'custom']);
    expect(due('2026-11-10T06:00')).toEqual(['voting', 'incident', 'custom']); // 11:00, between checkpoints
    expect(due('2026-11-10T06:50')).toEqual(['voting', 'turnout', 'incident', 'custom']); // 11:50
    expect(due('2026-11-10T15:30')).toEqual(['closing', 'incident', 'protocol', 'custom']);
    expect(due('2026-11-12T10:00')).toEqual(['incident', 'custom']);
  });

  it('offers only what the shift reports, and no checkpoint outside polling hours', () => {
    expect(due('2026-11-10T06:50', ['counting'])).toEqual(['incident', 'custom']);
    expect(due('2026-11-10T15:30', ['readiness'])).toEqual(['incident', 'custom']);
    expect(turnoutCheckpointNow(schedule, new Date('2026-11-10T04:50Z'))).toBe('10:00');
    expect(turnoutCheckpointNow(schedule, new Date('2026-11-10T06:00Z'))).toBeNull(); // 10:00 + 60 min
    expect(turnoutCheckpointNow(schedule, new Date('2026-11-10T16:00Z'))).toBeNull(); // 21:00 is after the close
  });

  it('reminds from a few minutes before a checkpoint until its grace ends', () => {
    const at = (utc: string) => reminderCheckpointNow(schedule, new Date(`${utc}Z`));
    expect(at('2026-11-10T04:40')).toBeNull(); // 09:40
    expect(at('2026-11-10T04:46')).toBe('10:00');
    expect(at('2026-11-10T05:29')).toBe('10:00');
    expect(at('2026-11-10T05:30')).toBeNull();
    expect(at('2026-11-10T06:50')).toBe('12:00');
  });
});
