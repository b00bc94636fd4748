import { Z95, Z99 } from '../special-functions.ts';

/** A sampled station's protocol as the observer reported it on voting day. */
export interface QuickCountReport {
  stationKey: string;
  stratum: string;
  registered: number;
  valid: number;
  invalid: number;
  options: Record<string, number>;
}

export interface QuickCountDesign {
  /** N_h: stations in the sampling frame per stratum (not in the sample). */
  strata: Readonly<Record<string, number>>;
}

export interface QuickCountOptions {
  /** Denominator of option shares: ballots in the boxes (valid + invalid, default) or valid ballots. */
  shareOf?: 'ballots' | 'valid';
}

/** An estimate in percent, with its standard error and margins (half-widths) in percentage points. */
export interface QuickCountEstimate {
  estimate: number | null;
  standardError: number | null;
  margin95: number | null;
  margin99: number | null;
}

export interface QuickCountResult {
  reports: number;
  strataReported: number;
  /** Strata of the design with no report yet: the estimate covers the reported strata only. */
  strataMissing: string[];
  /** Strata with one report: their variance cannot be estimated and counts as 0. */
  singleReportStrata: string[];
  shareOf: 'ballots' | 'valid';
  /** Ballots in the boxes / registered voters. */
  turnout: QuickCountEstimate;
  options: Record<string, QuickCountEstimate>;
}

interface Stratum {
  name: string;
  populationStations: number;
  rows: QuickCountReport[];
}

const empty: QuickCountEstimate = { estimate: null, standardError: null, margin95: null, margin99: null };

/**
 * The combined ratio estimator under stratified random sampling (Cochran, Sampling Techniques,
 * 3rd ed., 1977, §6.11): R̂ = Σ N_h ȳ_h / Σ N_h x̄_h, with
 * v(R̂) = 1/X̂² · Σ N_h² (1 − f_h)/n_h · s²_dh, where d_hi = y_hi − R̂·x_hi, s²_dh their sample
 * variance in stratum h, f_h = n_h/N_h and X̂ = Σ N_h x̄_h.
 */
function combinedRatio(
  strata: readonly Stratum[],
  y: (r: QuickCountReport) => number,
  x: (r: QuickCountReport) => number,
): QuickCountEstimate {
  let yHat = 0;
  let xHat = 0;
  for (const s of strata) {
    const n = s.rows.length;
    let sy = 0;
    let sx = 0;
    for (const r of s.rows) {
      sy += y(r);
      sx += x(r);
    }
    yHat += (s.populationStations * sy) / n;
    xHat += (s.populationStations * sx) / n;
  }
  if (xHat <= 0) return empty;
  const ratio = yHat / xHat;
  let variance = 0;
  for (const s of strata) {
    const n = s.rows.length;
    if (n < 2) continue;
    let mean = 0;
    for (const r of s.rows) mean += y(r) - ratio * x(r);
    mean /= n;
    let squares = 0;
    for (const r of s.rows) squares += (y(r) - ratio * x(r) - mean) ** 2;
    const sd2 = squares / (n - 1);
    const fpc = Math.max(0, 1 - n / s.populationStations);
    variance += ((s.populationStations * s.populationStations * fpc) / n) * sd2;
  }
  const se = (100 * Math.sqrt(variance)) / xHat;
  return { estimate: 100 * ratio, standardError: se, margin95: Z95 * se, margin99: Z99 * se };
}

/**
 * Quick-count (PVT) estimates of turnout and of each option's share from the sampled protocols:
 * the combined ratio estimator with stratified variance, margins at 95% and 99%.
 */
export function estimateQuickCount(
  reports: readonly QuickCountReport[],
  design: QuickCountDesign,
  options: QuickCountOptions = {},
): QuickCountResult {
  const shareOf = options.shareOf ?? 'ballots';
  const strata = new Map<string, Stratum>();
  const seen = new Set<string>();
  for (const report of reports) {
    if (seen.has(report.stationKey)) throw new RangeError(`station reported twice: ${report.stationKey}`);
    seen.add(report.stationKey);
    const populationStations = design.strata[report.stratum];
    if (populationStations === undefined) throw new RangeError(`stratum not in the design: ${report.stratum}`);
    const s = strata.get(report.stratum);
    if (s) s.rows.push(report);
    else strata.set(report.stratum, { name: report.stratum, populationStations, rows: [report] });
  }
  for (const s of strata.values()) {
    if (s.rows.length > s.populationStations) throw new RangeError(`more reports than stations in stratum ${s.name}`);
  }
  const list = [...strata.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const optionKeys = [...new Set(reports.flatMap((r) => Object.keys(r.options)))];
  const denominator =
    shareOf === 'valid' ? (r: QuickCountReport) => r.valid : (r: QuickCountReport) => r.valid + r.invalid;
  const result: QuickCountResult = {
    reports: reports.length,
    strataReported: list.length,
    strataMissing: Object.keys(design.strata)
      .filter((h) => !strata.has(h))
      .sort(),
    singleReportStrata: list.filter((s) => s.rows.length === 1).map((s) => s.name),
    shareOf,
    turnout: list.length
      ? combinedRatio(
          list,
          (r) => r.valid + r.invalid,
          (r) => r.registered,
        )
      : empty,
    options: {},
  };
  for (const key of optionKeys) {
    result.options[key] = list.length ? combinedRatio(list, (r) => r.options[key] ?? 0, denominator) : empty;
  }
  return result;
}

export type Verdict = 'inside' | 'outside' | 'unknown';

export interface VerdictLine {
  official: number;
  estimate: number | null;
  margin95: number | null;
  margin99: number | null;
  /** |official − estimate| ≤ margin. */
  verdict95: Verdict;
  verdict99: Verdict;
}

/** The official result (percent) beside the quick count: inside or outside each margin. */
export function quickCountVerdict(
  result: QuickCountResult,
  official: { turnout?: number; options: Readonly<Record<string, number>> },
): { turnout: VerdictLine | null; options: Record<string, VerdictLine> } {
  const line = (e: QuickCountEstimate | undefined, value: number): VerdictLine => {
    const judge = (margin: number | null): Verdict =>
      e?.estimate == null || margin === null
        ? 'unknown'
        : Math.abs(value - e.estimate) <= margin
          ? 'inside'
          : 'outside';
    return {
      official: value,
      estimate: e?.estimate ?? null,
      margin95: e?.margin95 ?? null,
      margin99: e?.margin99 ?? null,
      verdict95: judge(e?.margin95 ?? null),
      verdict99: judge(e?.margin99 ?? null),
    };
  };
  const options: Record<string, VerdictLine> = {};
  for (const [key, value] of Object.entries(official.options)) options[key] = line(result.options[key], value);
  return { turnout: official.turnout === undefined ? null : line(result.turnout, official.turnout), options };
}

/**
 * The estimates as reports arrive, in the given order: after every `every` reports (default a
 * twentieth of them) and after the last.
 */
export function quickCountConvergence(
  reportsInArrivalOrder: readonly QuickCountReport[],
  design: QuickCountDesign,
  options: QuickCountOptions & { every?: number } = {},
): QuickCountResult[] {
  const total = reportsInArrivalOrder.length;
  const every = Math.max(1, Math.floor(options.every ?? Math.ceil(total / 20)));
  const steps: QuickCountResult[] = [];
  for (let k = every; k < total + every; k += every) {
    const upTo = Math.min(k, total);
    steps.push(estimateQuickCount(reportsInArrivalOrder.slice(0, upTo), design, options));
    if (upTo === total) break;
  }
  return steps;
}
