import type { SeededRandom } from './seeded-random.ts';
import { logChoose } from './special-functions.ts';

/** P(X = k) for X ~ Binomial(n, p), through logarithms so that n may be large. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Whether k out of n is "an integer percentage": 100·k/n within 0.05 points of a whole number
 * (boundary included), decided in integers — |2000·k − 20·n·r| ≤ n for the nearest whole r — so
 * that no rounding of 100·k/n can move a station across the boundary.
 */
export function isIntegerPercent(k: number, n: number): boolean {
  if (n <= 0) return false;
  const r = Math.round((100 * k) / n);
  return Math.abs(2000 * k - 20 * n * r) <= n;
}

/**
 * P(100·X/n is an integer percentage) for X ~ Binomial(n, p), exactly: the pmf summed over every k
 * whose percentage lies within 0.05 of a whole number. Only k within 12 standard deviations (+15)
 * of the mean are visited; the mass outside is below 1e-20.
 */
export function integerPercentProbability(n: number, p: number): number {
  if (n <= 0) return 0;
  if (p <= 0) return isIntegerPercent(0, n) ? 1 : 0;
  if (p >= 1) return isIntegerPercent(n, n) ? 1 : 0;
  const mean = n * p;
  const halfWidth = Math.ceil(12 * Math.sqrt(mean * (1 - p)) + 15);
  const lo = Math.max(0, Math.floor(mean) - halfWidth);
  const hi = Math.min(n, Math.ceil(mean) + halfWidth);
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let total = 0;
  // The k near whole percent r satisfy n(20r − 1)/2000 ≤ k ≤ n(20r + 1)/2000.
  const rLo = Math.floor((100 * lo) / n);
  const rHi = Math.ceil((100 * hi) / n);
  for (let r = rLo; r <= rHi; r++) {
    const kMin = Math.max(lo, Math.ceil((n * (20 * r - 1)) / 2000));
    const kMax = Math.min(hi, Math.floor((n * (20 * r + 1)) / 2000));
    for (let k = kMin; k <= kMax; k++) {
      total += Math.exp(logChoose(n, k) + k * logP + (n - k) * logQ);
    }
  }
  return Math.min(1, total);
}

/**
 * One draw from Binomial(n, p) by inversion, searching outward from the mode (alternately up and
 * down): exact, and O(standard deviation) steps per draw.
 */
export function sampleBinomial(n: number, p: number, random: SeededRandom): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  const pmfMode = binomialPmf(mode, n, p);
  let u = random.next() - pmfMode;
  if (u < 0) return mode;
  let up = mode;
  let down = mode;
  let pmfUp = pmfMode;
  let pmfDown = pmfMode;
  for (;;) {
    const canUp = up < n;
    const canDown = down > 0;
    if (!canUp && !canDown) return mode; // rounding left a sliver of probability unassigned
    if (canUp) {
      pmfUp *= ((n - up) / (up + 1)) * odds;
      up += 1;
      u -= pmfUp;
      if (u < 0) return up;
    }
    if (canDown) {
      pmfDown *= down / (n - down + 1) / odds;
      down -= 1;
      u -= pmfDown;
      if (u < 0) return down;
    }
  }
}
