import { analyzeResults, simulateElection } from '@pollwatch/analytics';
import { describe, expect, it } from 'vitest';
import { analyzeResultsInWorker } from './analysis-worker.ts';

describe('analysis off the request thread', () => {
  it('returns what analyzeResults returns on the main thread', async () => {
    const { rows } = simulateElection({ stations: 500, seed: 'worker', roundedStations: 10 });
    const result = await analyzeResultsInWorker(rows, { histograms: true });
    expect(result).toEqual(analyzeResults(rows, { histograms: true }));
  });

  it('rejects when the analysis throws', async () => {
    await expect(analyzeResultsInWorker([], {})).rejects.toThrow('no ballot options');
  });
});
