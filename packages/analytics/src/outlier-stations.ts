import { ballotsInBoxes, issuedTurnout, type StationResult } from './station-result.ts';

export interface OutlierStation {
  stationKey: string;
  /** Percent: ballots issued / registered (ballots in the boxes when issued is missing). */
  turnout: number;
  /** Percent of ballots in the boxes. */
  leaderShare: number;
}

/**
 * Stations where both turnout and the leader's share reach the thresholds (default 95% each), in
 * input order: the top-right corner of the 2-D density, where stuffed stations gather.
 */
export function outlierStations(
  rows: readonly StationResult[],
  leader: string,
  thresholds: { turnout?: number; leaderShare?: number } = {},
): { leader: string; turnoutAtLeast: number; leaderShareAtLeast: number; stations: OutlierStation[] } {
  const turnoutAtLeast = thresholds.turnout ?? 95;
  const leaderShareAtLeast = thresholds.leaderShare ?? 95;
  const stations: OutlierStation[] = [];
  for (const row of rows) {
    const ballots = ballotsInBoxes(row);
    const turnout = issuedTurnout(row);
    if (turnout === null || ballots <= 0) continue;
    const leaderShare = (100 * (row.options[leader] ?? 0)) / ballots;
    if (turnout >= turnoutAtLeast && leaderShare >= leaderShareAtLeast) {
      stations.push({ stationKey: row.stationKey, turnout, leaderShare });
    }
  }
  return { leader, turnoutAtLeast, leaderShareAtLeast, stations };
}
