import type { IntegerCount, ResultsAnalysis } from '@pollwatch/analytics';
import type { ElectionDto } from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { type ChartSpec, chartColors, lastDigitSeries, percentSplits, shpilkinSeries } from './chart-spec.ts';
import { ChartFigure, ExportableTable, ResultsSection } from './ResultsViews.tsx';
import { optionNamer, useDecimal } from './results-format.ts';
import { round } from './table-csv.ts';

/** Integer percentages, Shpilkin's estimate, the last-digit test and the outlier stations. */
export function ResultsAnomalies({ election, analysis }: { election: ElectionDto; analysis: ResultsAnalysis }) {
  const locale = currentLocale();
  const leader = optionNamer(election, locale)(analysis.leader);
  return (
    <>
      <div id="results-integer" className="results-anchor">
        <IntegerPercentages analysis={analysis} leader={leader} />
      </div>
      <div id="results-shpilkin" className="results-anchor">
        <Shpilkin analysis={analysis} leader={leader} />
      </div>
      <div id="results-digits" className="results-anchor">
        <LastDigits analysis={analysis} />
      </div>
      <div id="results-outliers" className="results-anchor">
        <Outliers analysis={analysis} leader={leader} />
      </div>
    </>
  );
}

function IntegerPercentages({ analysis, leader }: { analysis: ResultsAnalysis; leader: string }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const ip = analysis.integerPercentages;
  const row = (label: string, c: IntegerCount) => [
    label,
    c.observed,
    round(c.expected, 2),
    round(c.excess, 2),
    round(c.standardDeviation, 2),
    round(c.zScore, 2),
  ];
  const rows = [
    row(t('results.integer.turnout'), ip.turnout),
    row(t('results.integer.leader', { leader }), ip.leaderShare),
    row(t('results.integer.either'), ip.either),
  ];
  const stationRows = ip.integerStations.map((s) => [
    s.stationKey,
    s.turnout ? t('results.yes') : t('results.no'),
    s.leaderShare ? t('results.yes') : t('results.no'),
  ]);
  return (
    <ResultsSection
      name="integer"
      title={t('results.integer.title')}
      intro={t('results.integer.intro', { stations: decimal(ip.stations), excluded: decimal(ip.excluded) })}
    >
      {ip.turnoutFrom !== 'issued' && (
        <p className="muted">{t('results.integer.turnoutFromBoxes', { n: decimal(ip.stationsWithoutIssued) })}</p>
      )}
      <ExportableTable
        caption={t('results.integer.caption')}
        fileName="integer-percentages.csv"
        className="table-integer"
        columns={[
          { label: t('results.integer.count') },
          { label: t('results.integer.observed'), numeric: true },
          { label: t('results.integer.expected'), numeric: true },
          { label: t('results.integer.excess'), numeric: true },
          { label: t('results.integer.sd'), numeric: true },
          { label: t('results.integer.z'), numeric: true },
        ]}
        rows={rows}
        display={(cell, column) => (column === 0 ? cell : decimal(cell as number | null, 2))}
      />
      <p className="muted">{t('results.integer.reading')}</p>
      <ExportableTable
        caption={t('results.integer.stationsCaption', { count: stationRows.length })}
        fileName="integer-percentage-stations.csv"
        columns={[
          { label: t('results.station') },
          { label: t('results.integer.turnoutInteger') },
          { label: t('results.integer.leaderInteger') },
        ]}
        rows={stationRows}
      />
    </ResultsSection>
  );
}

function Shpilkin({ analysis, leader }: { analysis: ResultsAnalysis; leader: string }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const sh = analysis.shpilkin;
  const spec = useMemo<ChartSpec>(() => {
    const s = shpilkinSeries(sh);
    return {
      x: s.x,
      xRange: [0, 100],
      xSplits: percentSplits,
      xLabel: t('results.shpilkin.axis'),
      yLabel: t('results.shpilkin.votes'),
      formatX: (v) => decimal(v),
      formatY: (v) => decimal(v),
      series: [
        { label: leader, values: s.leader, kind: 'line', color: chartColors.leader },
        { label: t('results.shpilkin.others'), values: s.others, kind: 'line', color: chartColors.others },
        {
          label: t('results.shpilkin.expected', { leader }),
          values: s.expected,
          kind: 'line',
          color: chartColors.expected,
          dash: true,
        },
      ],
    };
  }, [sh, leader, t, decimal]);
  const summaryRows: (string | number | null)[][] = [
    [t('results.shpilkin.stations'), sh.stations],
    [t('results.shpilkin.excluded'), sh.excluded],
    [
      t('results.shpilkin.cleanBin'),
      sh.cleanBin === null ? null : t('results.percent', { value: `${sh.cleanBin}–${sh.cleanBin + 1}` }),
    ],
    [t('results.shpilkin.cleanShare', { leader }), round(sh.cleanLeaderShare, 2)],
    [t('results.shpilkin.official', { leader }), sh.officialLeaderVotes],
    [t('results.shpilkin.expectedVotes', { leader }), round(sh.expectedLeaderVotes, 0)],
    [t('results.shpilkin.anomalous'), round(sh.anomalousVotes, 0)],
    [t('results.shpilkin.anomalousOfLeader'), round(sh.anomalousShareOfLeader, 2)],
    [t('results.shpilkin.anomalousOfBallots'), round(sh.anomalousShareOfBallots, 2)],
  ];
  const binRows = sh.bins
    .filter((b) => b.stations > 0)
    .map((b) => [
      b.to === null ? t('results.shpilkin.above100') : `${b.from}–${b.to}`,
      b.stations,
      b.leader,
      b.others,
      round(b.expectedLeader, 0),
    ]);
  const summary =
    sh.anomalousVotes === null
      ? t('results.shpilkin.summaryNone')
      : t('results.shpilkin.summary', {
          leader,
          clean: sh.cleanBin === null ? '—' : `${sh.cleanBin}–${sh.cleanBin + 1}`,
          anomalous: decimal(sh.anomalousVotes, 0),
          share: decimal(sh.anomalousShareOfBallots, 2),
        });
  return (
    <ResultsSection name="shpilkin" title={t('results.shpilkin.title')} intro={t('results.shpilkin.intro')}>
      <ChartFigure
        name="shpilkin"
        title={t('results.shpilkin.chartTitle')}
        summary={summary}
        spec={spec}
        table={
          <ExportableTable
            caption={t('results.shpilkin.binsCaption')}
            fileName="shpilkin-bins.csv"
            columns={[
              { label: t('results.histograms.bin') },
              { label: t('results.histograms.stations'), numeric: true },
              { label: leader, numeric: true },
              { label: t('results.shpilkin.others'), numeric: true },
              { label: t('results.shpilkin.expected', { leader }), numeric: true },
            ]}
            rows={binRows}
            display={(cell, column) =>
              column === 0
                ? typeof cell === 'string' && /^\d/.test(cell)
                  ? t('results.percent', { value: String(cell) })
                  : cell
                : decimal(cell as number)
            }
          />
        }
      />
      <ExportableTable
        caption={t('results.shpilkin.summaryCaption')}
        fileName="shpilkin-summary.csv"
        className="table-keyvalue"
        columns={[{ label: t('results.measure') }, { label: t('results.value'), numeric: true }]}
        rows={summaryRows}
        display={(cell, column) =>
          column === 0 || typeof cell === 'string' ? cell : decimal(cell as number | null, 2)
        }
      />
    </ResultsSection>
  );
}

function LastDigits({ analysis }: { analysis: ResultsAnalysis }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const ld = analysis.lastDigit;
  const spec = useMemo<ChartSpec>(() => {
    const s = lastDigitSeries(ld);
    return {
      x: s.x,
      xRange: [-0.5, 9.5],
      xSplits: s.x,
      xLabel: t('results.digits.digit'),
      yLabel: t('results.digits.count'),
      formatX: (v) => String(v),
      formatY: (v) => decimal(v),
      barWidth: 0.7,
      barAlign: 0,
      series: [
        { label: t('results.digits.observed'), values: s.observed, kind: 'bars', color: chartColors.bars },
        {
          label: t('results.digits.expected'),
          values: s.expected,
          kind: 'line',
          color: chartColors.expected,
          dash: true,
        },
      ],
    };
  }, [ld, t, decimal]);
  const significant = ld.pValue !== null && ld.pValue < 0.05;
  // Very small p-values say "below 0.0001" rather than a misleading 0; the CSV keeps the exact value.
  const formatP = (p: number | null) => (p !== null && p < 0.0001 ? `< ${decimal(0.0001, 4)}` : decimal(p, 4));
  const summary =
    ld.chiSquare === null || ld.pValue === null
      ? t('results.digits.summaryNone')
      : t(significant ? 'results.digits.summarySignificant' : 'results.digits.summaryUniform', {
          counts: decimal(ld.counts),
          chi: decimal(ld.chiSquare, 2),
          p: formatP(ld.pValue),
        });
  return (
    <ResultsSection
      name="digits"
      title={t('results.digits.title')}
      intro={t('results.digits.intro', { minimum: ld.minimum })}
    >
      <ChartFigure
        name="last-digit"
        title={t('results.digits.chartTitle')}
        summary={summary}
        spec={spec}
        table={
          <ExportableTable
            caption={t('results.digits.tableCaption')}
            fileName="last-digits.csv"
            columns={[
              { label: t('results.digits.digit') },
              { label: t('results.digits.observed'), numeric: true },
              { label: t('results.digits.expected'), numeric: true },
            ]}
            rows={ld.digits.map((count, digit) => [String(digit), count, round(ld.expectedPerDigit, 2)])}
            display={(cell, column) => (column === 0 ? cell : decimal(cell as number, 2))}
          />
        }
      />
      <ExportableTable
        caption={t('results.digits.testCaption')}
        fileName="last-digit-test.csv"
        className="table-keyvalue"
        columns={[{ label: t('results.measure') }, { label: t('results.value'), numeric: true }]}
        rows={[
          [t('results.digits.counts'), ld.counts],
          [t('results.digits.chiSquare'), round(ld.chiSquare, 3)],
          [t('results.digits.df'), ld.degreesOfFreedom],
          [t('results.digits.pValue'), ld.pValue],
        ]}
        display={(cell, column, row) =>
          column === 0 ? cell : row === 3 ? formatP(cell as number | null) : decimal(cell as number | null, 4)
        }
      />
    </ResultsSection>
  );
}

function Outliers({ analysis, leader }: { analysis: ResultsAnalysis; leader: string }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const o = analysis.outliers;
  return (
    <ResultsSection
      name="outliers"
      title={t('results.outliers.title')}
      intro={t('results.outliers.intro', {
        turnout: decimal(o.turnoutAtLeast),
        share: decimal(o.leaderShareAtLeast),
        leader,
      })}
    >
      <ExportableTable
        caption={t('results.outliers.caption', { count: o.stations.length })}
        fileName="outlier-stations.csv"
        columns={[
          { label: t('results.station') },
          { label: t('results.outliers.turnout'), numeric: true },
          { label: t('results.outliers.share', { leader }), numeric: true },
        ]}
        rows={o.stations.map((s) => [s.stationKey, round(s.turnout, 2), round(s.leaderShare, 2)])}
        display={(cell, column) => (column === 0 ? cell : decimal(cell as number, 2))}
      />
    </ResultsSection>
  );
}
