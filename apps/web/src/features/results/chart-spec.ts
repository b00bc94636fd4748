import type { Histogram, LastDigitResult, ShpilkinResult } from '@pollwatch/analytics';

/** A chart as plain data: what uPlot draws and what the table beside it lists. */
export interface ChartSpec {
  x: number[];
  xRange: [number, number];
  /** Tick positions; uPlot chooses them when absent. */
  xSplits?: number[];
  xLabel: string;
  yLabel: string;
  formatX: (value: number) => string;
  formatY: (value: number) => string;
  /** Bars fill this share of the distance between neighbouring x values. */
  barWidth?: number;
  /** 1: a bar starts at its x (histogram bins [x, x + w)); 0: centred on x. */
  barAlign?: 0 | 1;
  series: ChartSeries[];
}

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  kind: 'bars' | 'line';
  color: string;
  dash?: boolean;
}

/** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
export const chartColors = {
  bars: '#2458a6',
  leader: '#0072b2',
  others: '#e69f00',
  expected: '#d55e00',
} as const;

export const percentSplits = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** 100 one-point bins [i, i + 1) of a histogram, as bars from 0 to 100%. */
export function histogramSeries(h: Histogram): { x: number[]; stations: number[] } {
  return { x: h.stations.map((_, i) => i * h.binWidth), stations: [...h.stations] };
}

/** The bin with most stations: "the peak is at 62–63%". Null for an empty histogram. */
export function histogramPeak(h: Histogram): { from: number; to: number; stations: number } | null {
  let best = -1;
  let bestCount = 0;
  h.stations.forEach((count, i) => {
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  });
  if (best < 0) return null;
  return { from: round1(best * h.binWidth), to: round1((best + 1) * h.binWidth), stations: bestCount };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Shpilkin's per-bin series: the leader's votes, everyone else's and the leader's votes expected
 * from the clean bin's ratio. Bin 100 (turnout above 100%) is left out of the chart.
 */
export function shpilkinSeries(result: ShpilkinResult): {
  x: number[];
  leader: number[];
  others: number[];
  expected: number[];
} {
  const bins = result.bins.filter((b) => b.from < 100);
  return {
    x: bins.map((b) => b.from),
    leader: bins.map((b) => b.leader),
    others: bins.map((b) => b.others),
    expected: bins.map((b) => b.expectedLeader),
  };
}

/** Observed counts of each last digit 0–9 with the uniform expectation. */
export function lastDigitSeries(result: LastDigitResult): { x: number[]; observed: number[]; expected: number[] } {
  return {
    x: result.digits.map((_, d) => d),
    observed: [...result.digits],
    expected: result.digits.map(() => result.expectedPerDigit),
  };
}

/**
 * The 2-D density folded into 10 × 10 cells of 10 points each (rows: turnout, columns: leader
 * share): a table a screen reader can read instead of the heatmap's 10,000 cells.
 */
export function coarseDensity(density: { size: number; stations: readonly number[] }, cells = 10): number[][] {
  const grid = Array.from({ length: cells }, () => new Array<number>(cells).fill(0));
  const per = density.size / cells;
  for (let t = 0; t < density.size; t += 1) {
    for (let l = 0; l < density.size; l += 1) {
      const count = density.stations[t * density.size + l] ?? 0;
      if (count === 0) continue;
      const row = grid[Math.min(cells - 1, Math.floor(t / per))];
      const column = Math.min(cells - 1, Math.floor(l / per));
      if (row) row[column] = (row[column] ?? 0) + count;
    }
  }
  return grid;
}
