import { describe, expect, it } from 'vitest';
import { lastDigitTest } from './last-digit.ts';
import type { StationResult } from './station-result.ts';
import { simulateElection } from './synthetic-election.ts';

const rowOf = (votes: number[]): StationResult => ({
  stationKey: 's',
  registered: 10_000,
  valid: votes.reduce((a, b) => a + b, 0),
  invalid: 0,
  options: Object.fromEntries(votes.map((v, i) => [`o${i}`, v])),
});

describe('last-digit test', () => {
  it('is zero for perfectly uniform digits and leaves counts below 10 out', () => {
    const r = lastDigitTest([rowOf([10, 11, 12, 13, 14]), rowOf([15, 16, 17, 18, 19, 9, 0, 5])]);
    expect(r.counts).toBe(10);
    expect(r.digits).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(r.chiSquare).toBe(0);
    expect(r.pValue).toBeCloseTo(1, 12);
  });

  it('computes χ² by hand for counts that all end in 0', () => {
    const r = lastDigitTest([rowOf(Array.from({ length: 20 }, (_, i) => 10 * (i + 1)))]);
    // E = 2 per digit: (20 − 2)²/2 + 9 · (0 − 2)²/2 = 162 + 18.
    expect(r.chiSquare).toBe(180);
    expect(r.pValue).toBeLessThan(1e-30);
  });

  it('a hand example with a moderate deviation', () => {
    // 30 counts: digits 0–9 three times each, then three more 7s instead of three 1s.
    const votes = [...Array.from({ length: 30 }, (_, i) => 20 + (i % 10))];
    votes[1] = 27;
    votes[11] = 37;
    votes[21] = 47;
    const r = lastDigitTest([rowOf(votes)]);
    expect(r.digits[1]).toBe(0);
    expect(r.digits[7]).toBe(6);
    // E = 3: (0 − 3)²/3 + (6 − 3)²/3 = 6.
    expect(r.chiSquare).toBeCloseTo(6, 12);
    expect(r.pValue).toBeCloseTo(0.7399, 3);
    expect(lastDigitTest([]).pValue).toBe(null);
  });

  it('passes a fair simulated election', () => {
    const r = lastDigitTest(simulateElection({ stations: 5_000, seed: 'fair-1' }).rows);
    expect(r.counts).toBeGreaterThan(14_000);
    expect(r.pValue).toBeGreaterThan(0.001);
  });
});
