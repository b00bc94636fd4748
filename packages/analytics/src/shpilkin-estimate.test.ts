import { describe, expect, it } from 'vitest';
import { shpilkinEstimate } from './shpilkin-estimate.ts';
import type { StationResult } from './station-result.ts';
import { simulateElection } from './synthetic-election.ts';

const station = (stationKey: string, registered: number, leader: number, others: number): StationResult => ({
  stationKey,
  registered,
  valid: leader + others,
  invalid: 0,
  options: { L: leader, O: others },
});

describe("Shpilkin's estimate", () => {
  it('works a hand example bin by bin', () => {
    const rows = [
      station('a', 1000, 303, 202), // 50.5% → bin (50, 51]
      station('b', 1000, 306, 204), // 51% → bin (50, 51]: the right edge belongs to the bin
      station('c', 1000, 200, 250), // 45% → bin (44, 45]
      station('d', 1000, 900, 90), // 99% → bin (98, 99], outside the smoothing range
      station('e', 100, 90, 5), // not more than 100 voters: left out
      station('f', 500, 0, 0), // no ballots: left out
    ];
    const r = shpilkinEstimate(rows, 'L');
    expect(r.stations).toBe(4);
    expect(r.excluded).toBe(2);
    expect(r.bins[50]).toMatchObject({ from: 50, to: 51, stations: 2, leader: 609, others: 406 });
    expect(r.bins[44]).toMatchObject({ stations: 1, leader: 200, others: 250 });
    expect(r.bins[98]).toMatchObject({ stations: 1, leader: 900, others: 90, othersMovingAverage: null });
    // Windows around 48–52 all hold 406; the tie goes to bin 50, which has the votes itself.
    expect(r.bins[48]?.othersMovingAverage).toBeCloseTo(81.2, 12);
    expect(r.cleanBin).toBe(50);
    expect(r.cleanRatio).toBeCloseTo(1.5, 12);
    expect(r.cleanLeaderShare).toBeCloseTo(60, 12);
    expect(r.officialLeaderVotes).toBe(1709);
    expect(r.expectedLeaderVotes).toBeCloseTo((250 + 406 + 90) * 1.5, 9);
    expect(r.anomalousVotes).toBeCloseTo(1709 - 1119, 9);
    expect(r.bins).toHaveLength(101);
  });

  it('puts turnout above 100% in the last bin and handles an empty input', () => {
    const r = shpilkinEstimate([station('x', 200, 150, 60)], 'L');
    expect(r.bins[100]).toMatchObject({ from: 100, to: null, stations: 1 });
    const none = shpilkinEstimate([], 'L');
    expect(none.cleanBin).toBe(null);
    expect(none.anomalousVotes).toBe(null);
  });

  it('finds almost nothing in a fair election and a large anomaly with stuffing', () => {
    const fair = shpilkinEstimate(simulateElection({ stations: 10_000, seed: 'fair-1' }).rows, 'Иванов Иван Иванович');
    expect(Math.abs(fair.anomalousShareOfLeader ?? 100)).toBeLessThan(3);
    const planted = simulateElection({
      stations: 10_000,
      seed: 'planted-1',
      roundedStations: 200,
      stuffedStations: 300,
    });
    const stuffed = shpilkinEstimate(planted.rows, 'Иванов Иван Иванович');
    expect(stuffed.anomalousShareOfLeader ?? 0).toBeGreaterThan(8);
    expect(stuffed.cleanBin).toBeGreaterThan(40);
    expect(stuffed.cleanBin).toBeLessThan(70);
  });
});
