import { describe, expect, it } from 'vitest';
import { binomialPmf, integerPercentProbability, isIntegerPercent, sampleBinomial } from './binomial.ts';
import { seededRandom } from './seeded-random.ts';

/** ln C(n, k) summed term by term: independent of the tables and series under test. */
function naiveLogChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

function bruteForce(n: number, p: number): number {
  let total = 0;
  for (let k = 0; k <= n; k++) {
    if (isIntegerPercent(k, n)) total += Math.exp(naiveLogChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return total;
}

describe('binomial helpers', () => {
  it('decides integer percentages exactly, boundary included', () => {
    expect(isIntegerPercent(800, 1000)).toBe(true);
    expect(isIntegerPercent(805, 1000)).toBe(false); // 80.5
    expect(isIntegerPercent(1601, 2000)).toBe(true); // 80.05: on the boundary
    expect(isIntegerPercent(1602, 2000)).toBe(false); // 80.1
    expect(isIntegerPercent(1599, 2000)).toBe(true); // 79.95
    expect(isIntegerPercent(1, 2001)).toBe(true); // 0.04998
    expect(isIntegerPercent(333, 1000)).toBe(false);
    expect(isIntegerPercent(1, 3)).toBe(false); // 33.33
    expect(isIntegerPercent(0, 10)).toBe(true);
  });

  it('computes the null probability of an integer percentage exactly', () => {
    // n = 100: every count is a whole percent.
    expect(integerPercentProbability(100, 0.37)).toBeCloseTo(1, 12);
    // n = 200: whole percent ⇔ k even, and P(X even) = (1 + (1 − 2p)^n) / 2.
    expect(integerPercentProbability(200, 0.5)).toBeCloseTo(0.5, 12);
    expect(integerPercentProbability(200, 0.3)).toBeCloseTo((1 + 0.4 ** 200) / 2, 12);
    // Degenerate rates.
    expect(integerPercentProbability(150, 0)).toBe(1);
    expect(integerPercentProbability(150, 1)).toBe(1);
    // Equal to the brute-force sum over every k.
    for (const n of [101, 137, 250, 999, 1000, 1501, 2345, 4000]) {
      for (const p of [0.013, 0.25, 0.5, 0.61, 0.977]) {
        expect(Math.abs(integerPercentProbability(n, p) - bruteForce(n, p))).toBeLessThan(1e-12);
      }
    }
  });

  it('draws binomials with the right mean and variance, reproducibly', () => {
    const draw = (seed: string) => {
      const random = seededRandom(seed);
      return Array.from({ length: 20_000 }, () => sampleBinomial(1500, 0.6, random));
    };
    const xs = draw('b');
    expect(draw('b')).toEqual(xs);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    // mean 900 ± 5 standard errors (√(360/20000) ≈ 0.134); variance 360 within 5%.
    expect(Math.abs(mean - 900)).toBeLessThan(0.7);
    expect(Math.abs(variance / 360 - 1)).toBeLessThan(0.05);
    const random = seededRandom(1);
    expect(sampleBinomial(10, 0, random)).toBe(0);
    expect(sampleBinomial(10, 1, random)).toBe(10);
    expect(binomialPmf(3, 10, 0.5)).toBeCloseTo(120 / 1024, 14);
  });
});
