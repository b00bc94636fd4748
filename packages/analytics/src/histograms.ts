import { ballotsInBoxes, type StationResult } from './station-result.ts';

export interface Histogram {
  /** Bin width in percentage points; bin i holds [i·w, (i+1)·w), the last one also 100 exactly. */
  binWidth: number;
  /** Stations per bin. */
  stations: number[];
  /** Voters per bin: ballots in the boxes (valid + invalid) of the stations in it. */
  voters: number[];
  /** Stations above 100% (more ballots than voters on the list), not in any bin. */
  above100: number;
}

export interface Density2d {
  /** Bins per axis (100 → 1-point bins); row = turnout bin, column = leader-share bin. */
  size: number;
  /** Flattened row-major: index turnoutBin · size + leaderBin. */
  stations: number[];
  voters: number[];
  above100: number;
}

export interface HistogramsResult {
  leader: string;
  /** Stations with registered > 0 and ballots in the boxes > 0; the rest are `skipped`. */
  included: number;
  skipped: number;
  turnout: { fine: Histogram; coarse: Histogram };
  leaderShare: { fine: Histogram; coarse: Histogram };
  density: Density2d;
}

/**
 * The bin of the percentage 100·a/b for `binsPer100` bins over [0, 100]: floor(binsPer100·a / b),
 * exact in floating point for whole a, b (a quotient that is not whole is ≥ 1/b from the next
 * whole number, far more than the rounding error). 100% goes to the last bin; −1 above 100%.
 */
export function percentBin(a: number, b: number, binsPer100: number): number {
  const bin = Math.floor((binsPer100 * a) / b);
  if (bin < binsPer100) return bin;
  return a === b ? binsPer100 - 1 : -1;
}

function emptyHistogram(bins: number, binWidth: number): Histogram {
  return { binWidth, stations: new Array(bins).fill(0), voters: new Array(bins).fill(0), above100: 0 };
}

function add(h: Histogram, bin: number, voters: number): void {
  if (bin < 0) {
    h.above100 += 1;
    return;
  }
  h.stations[bin] = (h.stations[bin] ?? 0) + 1;
  h.voters[bin] = (h.voters[bin] ?? 0) + voters;
}

/**
 * Histograms of turnout (ballots issued / registered, ballots in the boxes when `issued` is missing,
 * as in Kobak et al.) and of the leader's share (leader / (valid + invalid)), in 1-point and
 * 0.1-point bins, counted by stations and weighted by voters; and the 2-D turnout × leader-share
 * density with `densityBins` bins per axis (default 100).
 */
export function turnoutLeaderHistograms(
  rows: readonly StationResult[],
  leader: string,
  options: { densityBins?: number } = {},
): HistogramsResult {
  const size = options.densityBins ?? 100;
  const turnout = { fine: emptyHistogram(1000, 0.1), coarse: emptyHistogram(100, 1) };
  const leaderShare = { fine: emptyHistogram(1000, 0.1), coarse: emptyHistogram(100, 1) };
  const density: Density2d = {
    size,
    stations: new Array(size * size).fill(0),
    voters: new Array(size * size).fill(0),
    above100: 0,
  };
  let included = 0;
  let skipped = 0;
  for (const row of rows) {
    const ballots = ballotsInBoxes(row);
    if (row.registered <= 0 || ballots <= 0) {
      skipped += 1;
      continue;
    }
    included += 1;
    const issued = row.issued ?? ballots;
    const votes = row.options[leader] ?? 0;
    add(turnout.fine, percentBin(issued, row.registered, 1000), ballots);
    add(turnout.coarse, percentBin(issued, row.registered, 100), ballots);
    add(leaderShare.fine, percentBin(votes, ballots, 1000), ballots);
    add(leaderShare.coarse, percentBin(votes, ballots, 100), ballots);
    const t = percentBin(issued, row.registered, size);
    const l = percentBin(votes, ballots, size);
    if (t < 0 || l < 0) density.above100 += 1;
    else {
      const i = t * size + l;
      density.stations[i] = (density.stations[i] ?? 0) + 1;
      density.voters[i] = (density.voters[i] ?? 0) + ballots;
    }
  }
  return { leader, included, skipped, turnout, leaderShare, density };
}
