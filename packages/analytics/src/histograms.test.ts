import { describe, expect, it } from 'vitest';
import { percentBin, turnoutLeaderHistograms } from './histograms.ts';
import type { StationResult } from './station-result.ts';

const s = (registered: number, issued: number, leader: number, other: number): StationResult => ({
  stationKey: `${registered}-${issued}-${leader}`,
  registered,
  issued,
  valid: leader + other,
  invalid: 0,
  options: { a: leader, b: other },
});

describe('histograms', () => {
  it('bins exactly at the edges', () => {
    expect(percentBin(3, 10, 1000)).toBe(300); // 30.0%, not 299 from 0.3·1000 = 299.99…
    expect(percentBin(29, 100, 100)).toBe(29);
    expect(percentBin(7, 7, 100)).toBe(99); // 100% goes to the last bin
    expect(percentBin(8, 7, 100)).toBe(-1);
  });

  it('counts stations and voters per bin, in 1 and 0.1 points, and the 2-D density', () => {
    const h = turnoutLeaderHistograms(
      [s(1000, 505, 300, 205), s(1000, 509, 300, 209), s(200, 210, 200, 10), s(0, 0, 0, 0)],
      'a',
    );
    expect(h.included).toBe(3);
    expect(h.skipped).toBe(1);
    expect(h.turnout.coarse.stations[50]).toBe(2);
    expect(h.turnout.coarse.voters[50]).toBe(1014);
    expect(h.turnout.fine.stations[505]).toBe(1);
    expect(h.turnout.fine.stations[509]).toBe(1);
    expect(h.turnout.coarse.above100).toBe(1);
    expect(h.leaderShare.coarse.stations[59]).toBe(1); // 300/505 = 59.4%
    expect(h.leaderShare.coarse.stations[58]).toBe(1); // 300/509 = 58.9%
    expect(h.leaderShare.coarse.stations[95]).toBe(1); // 200/210 = 95.2%
    expect(h.density.stations[50 * 100 + 59]).toBe(1);
    expect(h.density.voters[50 * 100 + 58]).toBe(509);
    expect(h.density.above100).toBe(1);
    expect(h.density.stations.reduce((a, b) => a + b, 0)).toBe(2);
  });
});
