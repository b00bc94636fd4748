import { describe, expect, it } from 'vitest';
import {
  dueExpectations,
  isCriticalIncident,
  isSilent,
  missingReportAlerts,
  type StationSchedule,
  turnoutAnswers,
  zonedInstant,
} from './alert-schedule.ts';

const almaty: StationSchedule = {
  votingDate: '2026-11-10',
  timeZone: 'Asia/Almaty',
  pollsOpen: '07:00',
  pollsClose: '20:00',
  checkpoints: ['10:00', '12:00', '14:00', '16:00', '18:00', '20:00'],
};
/** A station abroad: the same election, its own zone (Berlin is UTC+1 in November). */
const berlin: StationSchedule = { ...almaty, timeZone: 'Europe/Berlin', pollsOpen: '08:00', pollsClose: '20:00' };
const everyShift = { shifts: ['voting_day', 'counting'] as const, opening: false, turnout: [], protocol: false };

describe('zonedInstant', () => {
  it('turns a wall clock in a zone into the instant', () => {
    expect(zonedInstant('2026-11-10', '07:00', 'Asia/Almaty').toISOString()).toBe('2026-11-10T02:00:00.000Z');
    expect(zonedInstant('2026-11-10', '08:00', 'Europe/Berlin').toISOString()).toBe('2026-11-10T07:00:00.000Z');
    // Summer time in Berlin is UTC+2.
    expect(zonedInstant('2026-07-01', '08:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T06:00:00.000Z');
    // Near midnight the UTC date differs from the local one.
    expect(zonedInstant('2026-11-10', '00:30', 'Asia/Almaty').toISOString()).toBe('2026-11-09T19:30:00.000Z');
  });
});

describe('missing-report alerts', () => {
  it('raises no opening alert until 30 minutes after polls open in the station zone', () => {
    // 07:29 in Almaty.
    expect(missingReportAlerts(almaty, everyShift, new Date('2026-11-10T02:29:00Z'))).toEqual([]);
    // 07:30 in Almaty.
    expect(missingReportAlerts(almaty, everyShift, new Date('2026-11-10T02:30:00Z'))).toEqual([
      { kind: 'opening_missing', since: new Date('2026-11-10T02:30:00Z') },
    ]);
  });

  it('uses the station abroad its own zone and hours', () => {
    // 02:30Z is 07:30 in Almaty but 03:30 in Berlin: nothing is due in Berlin.
    const at = new Date('2026-11-10T02:30:00Z');
    expect(missingReportAlerts(berlin, everyShift, at)).toEqual([]);
    // 08:30 in Berlin is 07:30Z.
    expect(missingReportAlerts(berlin, everyShift, new Date('2026-11-10T07:30:00Z'))).toEqual([
      { kind: 'opening_missing', since: new Date('2026-11-10T07:30:00Z') },
    ]);
  });

  it('expects each checkpoint 30 minutes after it; a report from the checkpoint to the next one answers it', () => {
    // 12:45 in Almaty: 10:00 and 12:00 are due.
    const now = new Date('2026-11-10T07:45:00Z');
    const arrived = { ...everyShift, opening: true, turnout: ['10:05'] };
    expect(missingReportAlerts(almaty, arrived, now)).toEqual([
      { kind: 'turnout_missing', checkpoint: '12:00', since: new Date('2026-11-10T07:30:00Z') },
    ]);
    expect(missingReportAlerts(almaty, { ...arrived, turnout: ['10:00', '12:00'] }, now)).toEqual([]);
    expect(turnoutAnswers({ checkpoint: '10:00', until: '12:00' }, '12:00')).toBe(false);
    expect(turnoutAnswers({ checkpoint: '20:00', until: null }, '20:10')).toBe(true);
  });

  it('skips checkpoints outside the station hours', () => {
    const late = { ...berlin, pollsOpen: '11:00' };
    const due = dueExpectations(late, new Date('2026-11-10T23:00:00Z'));
    expect(due.checkpoints.map((c) => c.checkpoint)).toEqual(['12:00', '14:00', '16:00', '18:00', '20:00']);
  });

  it('expects the protocol 3 hours after polls close, past midnight', () => {
    // Polls close at 20:00 Almaty (15:00Z); 22:59 local is 17:59Z.
    const arrived = { ...everyShift, opening: true, turnout: almaty.checkpoints };
    expect(missingReportAlerts(almaty, arrived, new Date('2026-11-10T17:59:00Z'))).toEqual([]);
    expect(missingReportAlerts(almaty, arrived, new Date('2026-11-10T18:00:00Z'))).toEqual([
      { kind: 'protocol_missing', since: new Date('2026-11-10T18:00:00Z') },
    ]);
    // Berlin closes at 20:00 local = 19:00Z: due at 22:00Z, which is already the 11th in Almaty.
    expect(dueExpectations(berlin, new Date('2026-11-10T21:59:00Z')).protocol).toBeNull();
    expect(dueExpectations(berlin, new Date('2026-11-10T22:00:00Z')).protocol?.toISOString()).toBe(
      '2026-11-10T22:00:00.000Z',
    );
  });

  it('expects only what the assigned shifts cover', () => {
    const now = new Date('2026-11-10T20:00:00Z');
    const countingOnly = { ...everyShift, shifts: ['counting' as const] };
    expect(missingReportAlerts(almaty, countingOnly, now).map((a) => a.kind)).toEqual(['protocol_missing']);
    const openingOnly = { ...everyShift, shifts: ['opening' as const] };
    expect(missingReportAlerts(almaty, openingOnly, now).map((a) => a.kind)).toEqual(['opening_missing']);
    expect(missingReportAlerts(almaty, { ...everyShift, shifts: ['readiness' as const] }, now)).toEqual([]);
  });
});

describe('silent phones and critical incidents', () => {
  it('a phone is silent only while polls are open and after an hour without news', () => {
    const heard = new Date('2026-11-10T03:00:00Z'); // 08:00 Almaty
    expect(isSilent(heard, almaty, new Date('2026-11-10T03:59:00Z'))).toBe(false);
    expect(isSilent(heard, almaty, new Date('2026-11-10T04:01:00Z'))).toBe(true);
    // A phone last heard yesterday is not silent in the first hour after polls open (07:00-08:00).
    expect(isSilent(new Date('2026-11-09T12:00:00Z'), almaty, new Date('2026-11-10T02:30:00Z'))).toBe(false);
    expect(isSilent(null, almaty, new Date('2026-11-10T03:01:00Z'))).toBe(true);
    // After polls close (15:00Z) nobody is silent.
    expect(isSilent(heard, almaty, new Date('2026-11-10T16:00:00Z'))).toBe(false);
    // Berlin's polls are not open at 06:30Z.
    expect(isSilent(null, berlin, new Date('2026-11-10T06:30:00Z'))).toBe(false);
  });

  it('an incident the observer marks grave is critical', () => {
    expect(isCriticalIncident({ category: 'ballot_stuffing', severity: 'high' })).toBe(true);
    expect(isCriticalIncident({ category: 'ballot_stuffing', severity: 'medium' })).toBe(false);
    expect(isCriticalIncident({})).toBe(false);
  });
});
