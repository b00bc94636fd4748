import { RANDOM_ALGORITHM, seededRandom } from '../seeded-random.ts';

export interface SamplingFrameStation {
  stationKey: string;
  /** The stratum, usually the region or another area. */
  stratum: string;
}

export interface StratifiedSample {
  seed: string;
  algorithm: string;
  size: number;
  /** Per stratum: stations in the frame and drawn. */
  allocation: Record<string, { stations: number; sampled: number }>;
  /** The drawn stations, by stratum then key (code-unit order). */
  stations: SamplingFrameStation[];
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Proportional allocation by the largest-remainder (Hamilton) method: n_h = ⌊n·N_h/N⌋, then the
 * stations left over go one each to the strata with the largest remainders (ties: stratum name).
 */
export function proportionalAllocation(strata: Readonly<Record<string, number>>, size: number): Record<string, number> {
  const names = Object.keys(strata).sort(byCodeUnit);
  const total = names.reduce((a, h) => a + (strata[h] ?? 0), 0);
  const n = Math.min(size, total);
  const allocation: Record<string, number> = {};
  if (total === 0) return allocation;
  const remainders: { h: string; r: number }[] = [];
  let given = 0;
  for (const h of names) {
    // In integers, so that equal strata get equal remainders.
    const exact = n * (strata[h] ?? 0);
    const base = Math.floor(exact / total);
    allocation[h] = base;
    given += base;
    remainders.push({ h, r: exact - base * total });
  }
  remainders.sort((a, b) => b.r - a.r || byCodeUnit(a.h, b.h));
  for (let i = 0; i < n - given; i++) {
    const h = remainders[i]?.h;
    if (h !== undefined) allocation[h] = (allocation[h] ?? 0) + 1;
  }
  return allocation;
}

/**
 * A stratified simple random sample without replacement, drawn before voting day and reproducible
 * from its seed: stations are sorted by key (so the input order does not matter), allocated to
 * strata proportionally, then each stratum in name order is drawn by a partial Fisher–Yates shuffle
 * driven by one seeded generator.
 */
export function drawStratifiedSample(
  frame: readonly SamplingFrameStation[],
  options: { size: number; seed: string },
): StratifiedSample {
  if (!Number.isInteger(options.size) || options.size < 0)
    throw new RangeError('sample size must be a whole number ≥ 0');
  const byStratum = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const s of frame) {
    if (seen.has(s.stationKey)) throw new RangeError(`station listed twice: ${s.stationKey}`);
    seen.add(s.stationKey);
    const list = byStratum.get(s.stratum);
    if (list) list.push(s.stationKey);
    else byStratum.set(s.stratum, [s.stationKey]);
  }
  const sizes: Record<string, number> = {};
  for (const [h, keys] of byStratum) sizes[h] = keys.length;
  const allocation = proportionalAllocation(sizes, options.size);
  const random = seededRandom(options.seed);
  const stations: SamplingFrameStation[] = [];
  const report: StratifiedSample['allocation'] = {};
  for (const h of [...byStratum.keys()].sort(byCodeUnit)) {
    const keys = (byStratum.get(h) ?? []).slice().sort(byCodeUnit);
    const take = allocation[h] ?? 0;
    for (let i = 0; i < take; i++) {
      const j = i + random.nextInt(keys.length - i);
      const chosen = keys[j] ?? '';
      keys[j] = keys[i] ?? '';
      keys[i] = chosen;
    }
    const drawn = keys.slice(0, take).sort(byCodeUnit);
    for (const stationKey of drawn) stations.push({ stationKey, stratum: h });
    report[h] = { stations: sizes[h] ?? 0, sampled: take };
  }
  return {
    seed: options.seed,
    algorithm: `${RANDOM_ALGORITHM}; partial Fisher–Yates per stratum`,
    size: stations.length,
    allocation: report,
    stations,
  };
}
