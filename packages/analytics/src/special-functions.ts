/**
 * The few special functions the tests need, written out so that analytics stays dependency-free.
 * Accuracy targets: ~1e-14 relative for log-gamma and log-factorial, ~1e-12 absolute for the
 * incomplete gamma function — far below anything a result could be rounded to.
 */

// Lanczos approximation, g = 7, n = 9 (the coefficients Numerical Recipes and Boost publish).
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = lanczos[0] ?? 0;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (lanczos[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const exactFactorials = 1024;
const smallLogFactorials = new Float64Array(exactFactorials);
for (let i = 2; i < exactFactorials; i++) smallLogFactorials[i] = (smallLogFactorials[i - 1] ?? 0) + Math.log(i);

/** ln n! by Stirling's series (for n ≥ 1024 its next term, 1/(1680 z⁷), is below 1e-23). */
function stirlingLogFactorial(n: number): number {
  const z = n + 1;
  const z2 = z * z;
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + (1 / 12 - (1 / 360 - 1 / (1260 * z2)) / z2) / z;
}

// Filled on demand from the series (never by running sums, whose rounding errors would add up).
const maxCached = 1 << 22;
let cachedLogFactorials = new Float64Array(0);

function growCache(n: number): void {
  const size = Math.min(maxCached, Math.max(4096, 2 ** Math.ceil(Math.log2(n + 1))));
  const next = new Float64Array(size);
  next.set(cachedLogFactorials);
  for (let i = cachedLogFactorials.length; i < size; i++) {
    next[i] = i < exactFactorials ? (smallLogFactorials[i] ?? 0) : stirlingLogFactorial(i);
  }
  cachedLogFactorials = next;
}

/** ln n! for a whole n ≥ 0: summed logarithms below 1024, Stirling's series above; memoised. */
export function logFactorial(n: number): number {
  if (n < cachedLogFactorials.length) return cachedLogFactorials[n] ?? Number.NaN;
  if (n < maxCached) {
    growCache(n);
    return cachedLogFactorials[n] ?? Number.NaN;
  }
  return stirlingLogFactorial(n);
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): the series for
 * x < a + 1 and Lentz's continued fraction otherwise (Numerical Recipes, 3rd ed., §6.2).
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || x < 0 || Number.isNaN(x)) throw new RangeError(`gammaQ needs a > 0 and x ≥ 0, got ${a}, ${x}`);
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // P(a, x) = e^{-x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** P(χ²_df ≥ x): the p-value of a chi-square statistic. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return gammaQ(degreesOfFreedom / 2, x / 2);
}

/** Two-sided standard normal quantiles for the quick count's margins (Φ⁻¹(0.975), Φ⁻¹(0.995)). */
export const Z95 = 1.959963984540054;
export const Z99 = 2.5758293035489004;
