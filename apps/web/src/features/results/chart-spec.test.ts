import { buildProtocolTemplate, protocolTemplates } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { coarseDensity, histogramPeak, lastDigitSeries, shpilkinSeries } from './chart-spec.ts';
import { relationFormula } from './results-format.ts';

describe('chart data', () => {
  it('finds the fullest bin of a histogram', () => {
    const h = { binWidth: 1, stations: [0, 3, 5, 5, 1], voters: [0, 0, 0, 0, 0], above100: 0 };
    expect(histogramPeak(h)).toEqual({ from: 2, to: 3, stations: 5 });
    expect(histogramPeak({ ...h, stations: [0, 0] })).toBeNull();
  });

  it('folds the 100 × 100 density into 10 × 10 cells, turnout by rows', () => {
    const stations = new Array<number>(100 * 100).fill(0);
    stations[55 * 100 + 62] = 3; // turnout 55%, leader 62%
    stations[99 * 100 + 99] = 1; // 100% and 100%
    stations[96 * 100 + 97] = 2;
    const grid = coarseDensity({ size: 100, stations });
    expect(grid[5]?.[6]).toBe(3);
    expect(grid[9]?.[9]).toBe(3);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("leaves Shpilkin's above-100% bin out of the chart", () => {
    const bin = (from: number, to: number | null) => ({
      from,
      to,
      stations: 1,
      ballots: 10,
      leader: 6,
      others: 4,
      othersMovingAverage: null,
      expectedLeader: 5,
    });
    const series = shpilkinSeries({
      leader: 'a',
      stations: 2,
      excluded: 0,
      cleanBin: 0,
      cleanRatio: 1,
      cleanLeaderShare: 50,
      officialLeaderVotes: 12,
      expectedLeaderVotes: 10,
      anomalousVotes: 2,
      anomalousShareOfLeader: null,
      anomalousShareOfBallots: null,
      bins: [bin(0, 1), bin(100, null)],
    });
    expect(series.x).toEqual([0]);
    expect(series.expected).toEqual([5]);
  });

  it('draws the uniform expectation beside the last digits', () => {
    const digits = [3, 1, 0, 0, 0, 0, 0, 0, 0, 6];
    const s = lastDigitSeries({
      counts: 10,
      minimum: 10,
      digits,
      expectedPerDigit: 1,
      chiSquare: 1,
      degreesOfFreedom: 9,
      pValue: 1,
    });
    expect(s.x).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.expected.every((e) => e === 1)).toBe(true);
  });
});

describe('relationFormula', () => {
  it("writes the Kazakh protocol's relations by line number", () => {
    const template = buildProtocolTemplate(protocolTemplates.kz, [
      { code: 'a', name: { ru: 'А' } },
      { code: 'b', name: { ru: 'Б' } },
    ]);
    const formulas = template.relations.map((r) => relationFormula(r, template, 'Σ'));
    expect(formulas).toEqual(['2 = 3 + 4', 'Σ + 6 = 5', '5 ≤ 3', '3 ≤ 1']);
  });
});
