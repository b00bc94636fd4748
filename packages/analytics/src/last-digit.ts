import { chiSquareSurvival } from './special-functions.ts';
import type { StationResult } from './station-result.ts';

export interface LastDigitResult {
  /** Vote counts taken (every option at every station with at least `minimum` votes). */
  counts: number;
  minimum: number;
  /** How often each last digit 0–9 occurs. */
  digits: number[];
  expectedPerDigit: number;
  chiSquare: number | null;
  degreesOfFreedom: 9;
  pValue: number | null;
}

/**
 * Last-digit test (Beber & Scacco, Political Analysis 2012; GolosMovement/StatElectGenerator): the
 * last digits of vote counts ≥ 10 should be uniform; Pearson's χ² against uniform with 9 degrees of
 * freedom. Counts below 10 are left out because their last digit is the whole count.
 */
export function lastDigitTest(rows: readonly StationResult[], options: { minimum?: number } = {}): LastDigitResult {
  const minimum = options.minimum ?? 10;
  const digits = new Array<number>(10).fill(0);
  let counts = 0;
  for (const row of rows) {
    for (const votes of Object.values(row.options)) {
      if (votes < minimum) continue;
      const d = votes % 10;
      digits[d] = (digits[d] ?? 0) + 1;
      counts += 1;
    }
  }
  const expected = counts / 10;
  const chiSquare = counts > 0 ? digits.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0) : null;
  return {
    counts,
    minimum,
    digits,
    expectedPerDigit: expected,
    chiSquare,
    degreesOfFreedom: 9,
    pValue: chiSquare === null ? null : chiSquareSurvival(chiSquare, 9),
  };
}
