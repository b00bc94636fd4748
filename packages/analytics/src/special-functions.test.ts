import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, gammaQ, logChoose, logFactorial, logGamma } from './special-functions.ts';

describe('special functions', () => {
  it('log-gamma and log-factorial match known values and each other', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12);
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    // Across the switch from the table to Stirling's series.
    for (const n of [1023, 1024, 1025, 5000, 123456]) {
      expect(Math.abs(logFactorial(n) - logGamma(n + 1)) / logGamma(n + 1)).toBeLessThan(1e-13);
    }
    expect(Math.exp(logChoose(10, 3))).toBeCloseTo(120, 9);
  });

  it('the regularized upper incomplete gamma gives textbook chi-square p-values', () => {
    for (const x of [0.1, 1, 3, 10]) expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 13);
    // χ² critical values from the standard tables.
    expect(chiSquareSurvival(16.919, 9)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(21.666, 9)).toBeCloseTo(0.01, 4);
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(8.343, 9)).toBeCloseTo(0.5, 3); // the median of χ²₉
    expect(chiSquareSurvival(0, 9)).toBe(1);
    expect(chiSquareSurvival(200, 9)).toBeLessThan(1e-35);
    expect(() => gammaQ(0, 1)).toThrow(RangeError);
  });
});
