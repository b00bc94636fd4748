import { describe, expect, it } from 'vitest';
import { fitWithin } from './photo-capture.ts';
import { checkpointReminder, dueItems, dueStatus, entriesFor } from './schedule.ts';

const election = {
  votingDate: '2026-11-10',
  monitoringFrom: '2026-10-31',
  turnoutCheckpoints: ['10:00', '12:00', '14:00'],
  timeZone: 'Asia/Almaty',
};

describe('reports due at a station', () => {
  it('lists the day in order for a full voting-day shift, one turnout per checkpoint', () => {
    expect(dueItems(['voting_day'], election).map((i) => i.key)).toEqual([
      'opening',
      'voting',
      'turnout@10:00',
      'turnout@12:00',
      'turnout@14:00',
      'closing',
      'protocol',
    ]);
    expect(dueItems(['readiness', 'counting'], election).map((i) => `${i.phase}:${i.key}`)).toEqual([
      'monitoring:readiness',
      'voting_day:closing',
      'voting_day:protocol',
    ]);
  });

  it('matches turnout reports by checkpoint and takes the worst state', () => {
    const base = { stationId: 's', formKind: 'turnout', supersededBy: undefined, clientTime: 'x' } as const;
    const entries = [
      { ...base, key: 'a', id: 'a', revision: 1, state: 'accepted', answers: { checkpoint_time: '10:00' } },
      { ...base, key: 'b', id: 'b', revision: 1, state: 'queued', answers: { checkpoint_time: '12:00' } },
    ] as never[];
    const at10 = dueItems(['voting_day'], election).find((i) => i.key === 'turnout@10:00');
    const at14 = dueItems(['voting_day'], election).find((i) => i.key === 'turnout@14:00');
    if (!at10 || !at14) throw new Error('missing');
    expect(dueStatus(entriesFor(entries, 's', at10))).toBe('done');
    expect(dueStatus(entriesFor(entries, 's', at14))).toBe('todo');
  });

  it('reminds of a checkpoint in the station time zone until the next one or an hour, unless reported', () => {
    // 10:05 in Almaty (UTC+5).
    const at = new Date('2026-11-10T05:05:00Z');
    expect(checkpointReminder(at, 'Asia/Almaty', election, new Set())).toBe('10:00');
    expect(checkpointReminder(at, 'Asia/Almaty', election, new Set(['10:00']))).toBeNull();
    expect(checkpointReminder(new Date('2026-11-10T06:30:00Z'), 'Asia/Almaty', election, new Set())).toBeNull();
    expect(checkpointReminder(new Date('2026-11-10T04:59:00Z'), 'Asia/Almaty', election, new Set())).toBeNull();
    expect(checkpointReminder(new Date('2026-11-09T05:05:00Z'), 'Asia/Almaty', election, new Set())).toBeNull();
  });

  it('downscales photos to at most 1600 px on the longest side, never up', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
