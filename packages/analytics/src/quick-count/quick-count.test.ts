import { describe, expect, it } from 'vitest';
import { Z95, Z99 } from '../special-functions.ts';
import {
  estimateQuickCount,
  type QuickCountReport,
  quickCountConvergence,
  quickCountVerdict,
} from './ratio-estimate.ts';
import { quickCountSampleSize, stationsForVoters } from './sample-size.ts';
import { drawStratifiedSample, proportionalAllocation } from './stratified-sample.ts';

describe('quick count sample size (NDI handbook)', () => {
  it('reproduces the Peru 2001 example', () => {
    const size = quickCountSampleSize({
      population: 14_570_774,
      marginOfError: 0.0032,
      z: 2.58,
      votersPerStation: 160,
    });
    // 0.25 / (0.0032²/2.58² + 0.25/14,570,774) = 160,717.6 voters: "about 160,700".
    expect(size.voters).toBeCloseTo(160_717.6, 0);
    expect(size.stations).toBe(1005);
    // The handbook rounds its intermediate terms and prints 163,185 voters; at 160 and 200 voters
    // per station that is its 1,020 and 816 stations.
    expect(stationsForVoters(163_185, 160)).toBe(1020);
    expect(stationsForVoters(163_185, 200)).toBe(816);
    expect(quickCountSampleSize({ population: 1e6, marginOfError: 0.01, z: 1.96 }).stations).toBe(null);
    expect(() => quickCountSampleSize({ population: 0, marginOfError: 0.01, z: 1.96 })).toThrow(RangeError);
  });
});

describe('stratified sample', () => {
  const frame = Array.from({ length: 1000 }, (_, i) => ({
    stationKey: `S${String(i).padStart(4, '0')}`,
    stratum: i < 500 ? 'Алматы' : i < 800 ? 'Астана' : 'Шымкент',
  }));

  it('allocates proportionally with the largest remainders', () => {
    expect(proportionalAllocation({ a: 500, b: 300, c: 200 }, 100)).toEqual({ a: 50, b: 30, c: 20 });
    // 10 · (1/3, 1/3, 1/3) = 3.33 each: the one extra station goes to the first name on a tie.
    expect(proportionalAllocation({ x: 7, y: 7, z: 7 }, 10)).toEqual({ x: 4, y: 3, z: 3 });
    expect(proportionalAllocation({ a: 1, b: 9 }, 3)).toEqual({ a: 0, b: 3 });
    expect(proportionalAllocation({ a: 2, b: 2 }, 10)).toEqual({ a: 2, b: 2 });
  });

  it('is reproducible from its seed, whatever the order of the list', () => {
    const sample = drawStratifiedSample(frame, { size: 60, seed: 'pvt-2024-03-17' });
    expect(sample.size).toBe(60);
    expect(sample.allocation).toEqual({
      Алматы: { stations: 500, sampled: 30 },
      Астана: { stations: 300, sampled: 18 },
      Шымкент: { stations: 200, sampled: 12 },
    });
    expect(new Set(sample.stations.map((s) => s.stationKey)).size).toBe(60);
    const shuffled = [...frame].reverse();
    expect(drawStratifiedSample(shuffled, { size: 60, seed: 'pvt-2024-03-17' })).toEqual(sample);
    expect(drawStratifiedSample(frame, { size: 60, seed: 'another seed' }).stations).not.toEqual(sample.stations);
    for (const s of sample.stations) expect(frame.find((f) => f.stationKey === s.stationKey)?.stratum).toBe(s.stratum);
    expect(() =>
      drawStratifiedSample(
        [frame[0], frame[0]].flatMap((f) => (f ? [f] : [])),
        { size: 1, seed: 'x' },
      ),
    ).toThrow(RangeError);
  });
});

const report = (
  stationKey: string,
  stratum: string,
  registered: number,
  a: number,
  b: number,
  invalid = 0,
): QuickCountReport => ({
  stationKey,
  stratum,
  registered,
  valid: a + b,
  invalid,
  options: { a, b },
});

describe('quick count estimates (combined ratio estimator)', () => {
  it('matches a hand computation on one stratum', () => {
    // Ballots x = 100, 200, 300; votes for a y = 50, 120, 150; N = 10 stations.
    const reports = [report('1', 'h', 400, 50, 50), report('2', 'h', 400, 120, 80), report('3', 'h', 400, 150, 150)];
    const r = estimateQuickCount(reports, { strata: { h: 10 } });
    // R = 320/600; d = y − R·x = −10/3, 40/3, −10; s²_d = (100/9 + 1600/9 + 100)/2 = 1300/9.
    // v = (1/X̂²)·N²(1 − n/N)/n·s²_d with X̂ = 10·200 = 2000.
    const v = (1 / 2000 ** 2) * ((100 * 0.7) / 3) * (1300 / 9);
    expect(r.options.a?.estimate).toBeCloseTo((100 * 320) / 600, 10);
    expect(r.options.a?.standardError).toBeCloseTo(100 * Math.sqrt(v), 10);
    expect(r.options.a?.margin95).toBeCloseTo(Z95 * 100 * Math.sqrt(v), 10);
    expect(r.options.a?.margin99).toBeCloseTo(Z99 * 100 * Math.sqrt(v), 10);
    expect(r.turnout.estimate).toBeCloseTo(50, 10); // 600 / 1200
    expect(r.options.b?.estimate).toBeCloseTo((100 * 280) / 600, 10);
  });

  it('matches a hand computation on two strata', () => {
    // Stratum u (N = 4): x = 10, 20, y = 5, 10. Stratum r (N = 6): x = 30, 50, y = 24, 36.
    const reports = [
      report('1', 'u', 50, 5, 5),
      report('2', 'u', 50, 10, 10),
      report('3', 'r', 60, 24, 6),
      report('4', 'r', 60, 36, 14),
    ];
    const r = estimateQuickCount(reports, { strata: { u: 4, r: 6 } });
    const yHat = 4 * 7.5 + 6 * 30; // 210
    const xHat = 4 * 15 + 6 * 40; // 300
    const R = yHat / xHat; // 0.7
    // d in u: 5 − 7 = −2, 10 − 14 = −4 → s² = 2; in r: 24 − 21 = 3, 36 − 35 = 1 → s² = 2.
    const v = (1 / xHat ** 2) * (((16 * (1 - 2 / 4)) / 2) * 2 + ((36 * (1 - 2 / 6)) / 2) * 2);
    expect(R).toBeCloseTo(0.7, 12);
    expect(r.options.a?.estimate).toBeCloseTo(70, 10);
    expect(r.options.a?.standardError).toBeCloseTo(100 * Math.sqrt(v), 10);
    expect(r.singleReportStrata).toEqual([]);
  });

  it('gives a verdict against the official result and converges as reports arrive', () => {
    const reports = Array.from({ length: 40 }, (_, i) =>
      report(`s${i}`, i % 2 ? 'odd' : 'even', 1000, 300 + ((i * 37) % 50), 200 + ((i * 11) % 40), 5),
    );
    const design = { strata: { odd: 100, even: 100, empty: 10 } };
    const full = estimateQuickCount(reports, design);
    expect(full.strataMissing).toEqual(['empty']);
    const a = full.options.a;
    if (!a?.estimate || !a.margin95 || !a.margin99) throw new Error('no estimate');
    const verdict = quickCountVerdict(full, {
      turnout: 10,
      options: { a: a.estimate + a.margin95 / 2, b: 0 },
    });
    expect(verdict.options.a).toMatchObject({ verdict95: 'inside', verdict99: 'inside' });
    expect(verdict.options.b).toMatchObject({ verdict95: 'outside', verdict99: 'outside' });
    expect(verdict.turnout?.verdict95).toBe('outside');
    const between = quickCountVerdict(full, { options: { a: a.estimate + (a.margin95 + a.margin99) / 2 } });
    expect(between.options.a).toMatchObject({ verdict95: 'outside', verdict99: 'inside' });

    const steps = quickCountConvergence(reports, design, { every: 15 });
    expect(steps.map((s) => s.reports)).toEqual([15, 30, 40]);
    expect(steps.at(-1)).toEqual(full);
    expect(quickCountConvergence(reports.slice(0, 1), design)[0]?.singleReportStrata).toEqual(['even']);
    expect(() => estimateQuickCount([report('x', 'nowhere', 1, 1, 1)], design)).toThrow(RangeError);
  });
});
