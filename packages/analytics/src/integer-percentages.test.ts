import { describe, expect, it } from 'vitest';
import { integerPercentages } from './integer-percentages.ts';
import type { StationResult } from './station-result.ts';
import { simulateElection } from './synthetic-election.ts';

const leader = 'Иванов Иван Иванович';
const row = (
  stationKey: string,
  registered: number,
  valid: number,
  leaderVotes: number,
  issued?: number,
): StationResult => ({
  stationKey,
  registered,
  ...(issued === undefined ? {} : { issued }),
  valid,
  invalid: 0,
  options: { [leader]: leaderVotes, other: valid - leaderVotes },
});

describe('integer percentages (Kobak, Shpilkin & Pshenichnikov 2016)', () => {
  it('applies the inclusion rules and computes the null exactly on hand cases', () => {
    const rows = [
      row('kept', 200, 100, 50, 100), // 50% turnout, 50% leader: both integer
      row('too small', 99, 50, 25, 50),
      row('turnout above 99%', 200, 199, 50, 199), // 99.5%
      row('leader above 99%', 1000, 500, 496, 500), // 99.2%
      row('empty boxes', 500, 0, 0, 10),
    ];
    const result = integerPercentages(rows, leader);
    expect(result.stations).toBe(1);
    expect(result.excluded).toBe(4);
    expect(result.turnoutFrom).toBe('issued');
    expect(result.turnout.observed).toBe(1);
    // n = 200 at p = 0.5: whole percent ⇔ even count, probability 1/2; n = 100: always whole.
    expect(result.turnout.expected).toBeCloseTo(0.5, 12);
    expect(result.turnout.standardDeviation).toBeCloseTo(0.5, 12);
    expect(result.turnout.zScore).toBeCloseTo(1, 12);
    expect(result.leaderShare.expected).toBeCloseTo(1, 12);
    expect(result.leaderShare.zScore).toBe(null);
    expect(result.either.expected).toBeCloseTo(1, 12);
    expect(result.integerStations).toEqual([{ stationKey: 'kept', turnout: true, leaderShare: true }]);
  });

  it('falls back to ballots in the boxes when issued ballots are missing, and says so', () => {
    const result = integerPercentages([row('a', 300, 150, 70), row('b', 300, 120, 70, 121)], leader);
    expect(result.turnoutFrom).toBe('mixed');
    expect(result.stationsWithoutIssued).toBe(1);
    expect(integerPercentages([row('a', 300, 150, 70)], leader).turnoutFrom).toBe('ballots in boxes');
  });

  it('finds no excess beyond noise in a fair simulated election', () => {
    const { rows } = simulateElection({ stations: 10_000, seed: 'fair-1' });
    const result = integerPercentages(rows, leader);
    expect(result.stations).toBeGreaterThan(9_900);
    for (const c of [result.turnout, result.leaderShare, result.either]) {
      expect(Math.abs(c.zScore ?? Number.POSITIVE_INFINITY)).toBeLessThan(3);
      expect(c.expected).toBeGreaterThan(500);
    }
  });

  it('finds a clear excess when round figures are planted, and lists those stations', () => {
    const { rows, rounded, stuffed } = simulateElection({
      stations: 10_000,
      seed: 'planted-1',
      roundedStations: 200,
      stuffedStations: 50,
    });
    const result = integerPercentages(rows, leader);
    expect(result.either.zScore).toBeGreaterThan(5);
    expect(result.turnout.zScore).toBeGreaterThan(5);
    expect(result.leaderShare.zScore).toBeGreaterThan(5);
    expect(result.either.excess).toBeGreaterThan(150);
    const listed = new Set(result.integerStations.map((s) => s.stationKey));
    for (const key of [...rounded, ...stuffed]) expect(listed.has(key)).toBe(true);
  });

  it('agrees with its seeded Monte Carlo simulation', () => {
    const { rows } = simulateElection({ stations: 400, seed: 'mc' });
    const options = { monteCarlo: { iterations: 300, seed: 'mc-null' } };
    const result = integerPercentages(rows, leader, options);
    expect(integerPercentages(rows, leader, options)).toEqual(result);
    for (const c of [result.turnout, result.leaderShare, result.either]) {
      const mc = c.monteCarlo;
      expect(mc).toBeDefined();
      if (!mc) continue;
      // The simulated mean estimates the exact expectation to within a few of its standard errors.
      expect(Math.abs(mc.mean - c.expected)).toBeLessThan((4 * c.standardDeviation) / Math.sqrt(300));
      expect(mc.standardDeviation / c.standardDeviation).toBeGreaterThan(0.8);
      expect(mc.standardDeviation / c.standardDeviation).toBeLessThan(1.2);
      expect(mc.pValue).toBeGreaterThan(0);
      expect(mc.pValue).toBeLessThanOrEqual(1);
    }
  });
});
