import { analyzeResults, simulateElection } from '@pollwatch/analytics';
import { describe, expect, it } from 'vitest';
import { analyzeResultsInWorker, analyzeStreamInWorker, limitLists, stationFromRow } from './analysis-worker.ts';

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

describe('analysis streamed to the worker page by page', () => {
  it('gives the same analysis as one batch, sums lines per area and cuts the station lists', async () => {
    const { rows } = simulateElection({ stations: 300, seed: 'stream', stuffedStations: 6 });
    const raw = rows.map((r, i) => {
      const [region = '', number = '0'] = r.stationKey.split(' / ');
      const lines: Record<string, number> = { ...r.lines };
      for (const [k, v] of Object.entries(r.options)) lines[`option_${k}`] = v;
      return { stationId: `s${i}`, stationNumber: Number(number), regionId: region, areaId: `a${i % 2}`, lines };
    });
    async function* pages() {
      for (let i = 0; i < raw.length; i += 100) yield raw.slice(i, i + 100);
    }
    const regionLabels = Object.fromEntries(raw.map((r) => [r.regionId, r.regionId]));
    const streamed = await analyzeStreamInWorker(pages(), {
      templateCode: 'ru',
      regionLabels,
      listLimit: 2,
      analyze: { histograms: true },
    });
    const ordered = [...raw].sort((a, b) =>
      a.regionId < b.regionId ? -1 : a.regionId > b.regionId ? 1 : a.stationNumber - b.stationNumber,
    );
    const whole = analyzeResults(
      ordered.map((r) => stationFromRow('ru', `${r.regionId} / ${r.stationNumber}`, r.lines)),
      { histograms: true },
    );
    expect(streamed.stations).toBe(300);
    expect(streamed.analysis).toEqual(limitLists(whole, 2));
    expect(streamed.analysis.outliers.stations).toHaveLength(2);
    expect(whole.outliers.stations.length).toBeGreaterThan(2);
    const registered = raw.filter((r) => r.areaId === 'a0').reduce((a, r) => a + (r.lines.voters_on_list ?? 0), 0);
    expect(streamed.areaSums.a0).toMatchObject({ stations: 150, lines: { voters_on_list: registered } });
  });
});
