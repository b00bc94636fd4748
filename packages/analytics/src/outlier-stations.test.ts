import { describe, expect, it } from 'vitest';
import { outlierStations } from './outlier-stations.ts';
import { simulateElection } from './synthetic-election.ts';

describe('outlier stations', () => {
  it('lists the stuffed stations and no fair one', () => {
    const planted = simulateElection({
      stations: 10_000,
      seed: 'planted-1',
      roundedStations: 200,
      stuffedStations: 50,
    });
    const r = outlierStations(planted.rows, 'Иванов Иван Иванович');
    expect(r.stations.map((s) => s.stationKey)).toEqual(planted.stuffed);
    expect(r.stations[0]?.turnout).toBeGreaterThanOrEqual(95);
  });

  it('includes the thresholds and can be configured', () => {
    const row = {
      stationKey: '1',
      registered: 100,
      issued: 95,
      valid: 95,
      invalid: 0,
      options: { a: 90, b: 5 },
    };
    expect(outlierStations([row], 'a').stations).toHaveLength(0); // share 94.7%
    expect(outlierStations([row], 'a', { leaderShare: 90 }).stations).toEqual([
      { stationKey: '1', turnout: 95, leaderShare: (100 * 90) / 95 },
    ]);
    expect(outlierStations([{ ...row, options: { a: 95, b: 0 } }], 'a').stations).toHaveLength(1);
  });
});
