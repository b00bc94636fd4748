import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../elections/election.ts';
import { insidePhaseWindow, localDateTime, reportFlags } from './report-flags.ts';

/** The reference: Intl asked afresh, no cache. */
function reference(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

const zones = ['Asia/Almaty', 'Asia/Aqtobe', 'Europe/Moscow', 'America/New_York', 'Asia/Kathmandu', 'UTC'];

describe('localDateTime', () => {
  it('gives the local date and minute of an instant, as Intl does, also when asked again (cached)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const expected = reference(instant, zone);
          expect(localDateTime(instant, zone)).toEqual(expected);
          // The same minute again comes from the cache and must be the same answer.
          expect(localDateTime(new Date(instant.getTime()), zone)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps zones apart and follows a daylight-saving change minute by minute', () => {
    const instant = new Date('2026-11-20T03:00:00Z');
    expect(localDateTime(instant, 'Asia/Almaty')).toEqual({ date: '2026-11-20', time: '08:00' });
    expect(localDateTime(instant, 'Europe/Moscow')).toEqual({ date: '2026-11-20', time: '06:00' });
    // New York leaves summer time at 06:00Z on 1 November 2026: 01:59 EDT, then 01:00 EST.
    expect(localDateTime(new Date('2026-11-01T05:59:00Z'), 'America/New_York').time).toBe('01:59');
    expect(localDateTime(new Date('2026-11-01T06:00:00Z'), 'America/New_York').time).toBe('01:00');
  });
});

describe('insidePhaseWindow', () => {
  const election = { monitoringFrom: '2026-11-10', votingDate: '2026-11-20' };
  it('places each form kind in its phase', () => {
    expect(insidePhaseWindow('readiness', { date: '2026-11-12', time: '10:00' }, election)).toBe(true);
    expect(insidePhaseWindow('readiness', { date: '2026-11-20', time: '10:00' }, election)).toBe(false);
    expect(insidePhaseWindow('opening', { date: '2026-11-20', time: '06:30' }, election)).toBe(true);
    expect(insidePhaseWindow('turnout', { date: '2026-11-19', time: '23:59' }, election)).toBe(false);
    expect(insidePhaseWindow('protocol', { date: '2026-11-21', time: '11:59' }, election)).toBe(true);
    expect(insidePhaseWindow('protocol', { date: '2026-11-21', time: '12:00' }, election)).toBe(false);
  });
});

describe('reportFlags', () => {
  const clean = { problems: [], flags: [] };
  it('flags turnout above the register and turnout lower than at an earlier checkpoint', () => {
    const flags = reportFlags({
      kind: 'turnout',
      result: clean,
      assigned: true,
      insideWindow: true,
      turnout: {
        checkpoint: '14:00',
        voters: 1200,
        registered: 1000,
        earlier: [
          { checkpoint: '10:00', voters: 300 },
          { checkpoint: '12:00', voters: 1300 },
          { checkpoint: '16:00', voters: 1100 },
        ],
      },
    });
    expect(flags).toEqual([
      { code: 'turnout_over_100', params: { voters: 1200, registered: 1000 } },
      // Compared with the latest checkpoint before this one (12:00), not a later one.
      { code: 'turnout_decreasing', params: { voters: 1200, earlier: 1300, at: '12:00' } },
    ]);
  });

  it('flags a missing required answer, an unassigned observer and a report outside its phase', () => {
    const flags = reportFlags({
      kind: 'opening',
      result: { problems: [{ questionId: 'arrival_time', code: 'required', severity: 'error' }] as never, flags: [] },
      assigned: false,
      insideWindow: false,
    });
    expect(flags.map((f) => f.code)).toEqual(['missing_required', 'not_assigned', 'outside_window']);
  });
});

describe('addDays', () => {
  it('moves across months, years and a leap day, the same when asked again', () => {
    for (let i = 0; i < 2; i++) {
      expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
      expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
      expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
      expect(addDays('2026-11-20', -10)).toBe('2026-11-10');
    }
  });
});
