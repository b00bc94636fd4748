import type { Histogram, ResultsAnalysis } from '@pollwatch/analytics';
import type { ElectionDto } from '@pollwatch/core';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import {
  type ChartSpec,
  chartColors,
  coarseDensity,
  histogramPeak,
  histogramSeries,
  percentSplits,
} from './chart-spec.ts';
import { DensityHeatmap } from './DensityHeatmap.tsx';
import { ChartFigure, ExportableTable, ResultsSection } from './ResultsViews.tsx';
import { optionNamer, useDecimal } from './results-format.ts';

/** Turnout and leader-share histograms and the 2-D density (Kobak et al.'s definitions). */
export function ResultsHistograms({ election, analysis }: { election: ElectionDto; analysis: ResultsAnalysis }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const locale = currentLocale();
  const leader = optionNamer(election, locale)(analysis.leader);
  const histograms = analysis.histograms;
  if (!histograms) {
    return (
      <ResultsSection name="histograms" title={t('results.histograms.title')}>
        <p className="muted">{t('results.histograms.none')}</p>
      </ResultsSection>
    );
  }
  const grid = coarseDensity(histograms.density);
  const bands = grid.map((_, i) => `${i * 10}–${(i + 1) * 10}`);
  const densityRows = grid.map((row, i) => [bands[i] ?? '', ...row]);
  const nonEmpty: (string | number)[][] = [];
  const size = histograms.density.size;
  histograms.density.stations.forEach((count, index) => {
    if (count > 0) nonEmpty.push([Math.floor(index / size), index % size, count]);
  });
  return (
    <ResultsSection
      name="histograms"
      title={t('results.histograms.title')}
      intro={t('results.histograms.intro', {
        included: decimal(histograms.included),
        skipped: decimal(histograms.skipped),
      })}
    >
      <HistogramFigure
        name="turnout"
        histograms={histograms.turnout}
        title={t('results.histograms.turnoutTitle')}
        axis={t('results.histograms.turnoutAxis')}
        fileName="turnout-histogram.csv"
      />
      <HistogramFigure
        name="leader-share"
        histograms={histograms.leaderShare}
        title={t('results.histograms.leaderTitle', { leader })}
        axis={t('results.histograms.leaderAxis', { leader })}
        fileName="leader-share-histogram.csv"
      />
      <figure
        className="chart-figure"
        data-chart="density"
        aria-labelledby="results-density-title"
        aria-describedby="results-density-summary"
      >
        <figcaption className="chart-caption">
          <h3 id="results-density-title">{t('results.histograms.densityTitle', { leader })}</h3>
          <p id="results-density-summary" className="muted">
            {t('results.histograms.densitySummary', {
              leader,
              above: decimal(histograms.density.above100),
            })}
          </p>
        </figcaption>
        <DensityHeatmap
          density={histograms.density}
          xLabel={t('results.histograms.turnoutAxis')}
          yLabel={t('results.histograms.leaderAxis', { leader })}
          label={t('results.histograms.densityTitle', { leader })}
        />
        <details className="chart-data">
          <summary>{t('results.chartData')}</summary>
          <ExportableTable
            caption={t('results.histograms.densityTable')}
            fileName="turnout-leader-density-10.csv"
            columns={[
              { label: t('results.histograms.densityCorner') },
              ...bands.map((b) => ({ label: t('results.percent', { value: b }), numeric: true })),
            ]}
            rows={densityRows}
            display={(cell, column) =>
              column === 0 ? t('results.percent', { value: String(cell) }) : decimal(cell as number)
            }
          />
          <ExportableTable
            caption={t('results.histograms.densityCells')}
            fileName="turnout-leader-density.csv"
            columns={[
              { label: t('results.histograms.turnoutFrom'), numeric: true },
              { label: t('results.histograms.leaderFrom'), numeric: true },
              { label: t('results.histograms.stations'), numeric: true },
            ]}
            rows={nonEmpty}
            limit={0}
          />
        </details>
      </figure>
    </ResultsSection>
  );
}

function HistogramFigure({
  name,
  histograms,
  title,
  axis,
  fileName,
}: {
  name: string;
  histograms: { fine: Histogram; coarse: Histogram };
  title: string;
  axis: string;
  fileName: string;
}) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const stepName = useId();
  // 0.1-point bins show the spikes at whole percentages that 1-point bins hide (Kobak et al.).
  const [fine, setFine] = useState(false);
  const histogram = fine ? histograms.fine : histograms.coarse;
  const digits = fine ? 1 : 0;
  const step = decimal(histogram.binWidth, 1);
  const spec = useMemo<ChartSpec>(() => {
    const { x, stations } = histogramSeries(histogram);
    return {
      x,
      xRange: [0, 100],
      xSplits: percentSplits,
      xLabel: axis,
      yLabel: t('results.histograms.stations'),
      formatX: (v) => decimal(v, digits),
      formatY: (v) => decimal(v),
      barWidth: digits ? 1 : 0.9,
      barAlign: 1,
      series: [{ label: t('results.histograms.stations'), values: stations, kind: 'bars', color: chartColors.bars }],
    };
  }, [histogram, axis, t, decimal, digits]);
  const peak = histogramPeak(histogram);
  const summary = peak
    ? t('results.histograms.summary', {
        step,
        stations: decimal(histogram.stations.reduce((a, b) => a + b, 0)),
        from: decimal(peak.from, digits),
        to: decimal(peak.to, digits),
        peak: decimal(peak.stations),
        above: decimal(histogram.above100),
      })
    : t('results.noRows');
  const rows = histogram.stations
    .map((count, i) => [
      `${decimal(i * histogram.binWidth, digits)}–${decimal((i + 1) * histogram.binWidth, digits)}`,
      count,
      histogram.voters[i] ?? 0,
    ])
    .filter((row) => (row[1] as number) > 0);
  return (
    <ChartFigure
      name={name}
      title={title}
      summary={summary}
      spec={spec}
      controls={
        <fieldset className="chart-controls">
          <legend>{t('results.histograms.step')}</legend>
          {[false, true].map((value) => (
            <label key={String(value)} className="choice">
              <input
                type="radio"
                name={stepName}
                checked={fine === value}
                data-step={value ? 'fine' : 'coarse'}
                onChange={() => setFine(value)}
              />
              <span>{t('results.percent', { value: value ? decimal(0.1, 1) : '1' })}</span>
            </label>
          ))}
        </fieldset>
      }
      table={
        <ExportableTable
          caption={t('results.histograms.binsCaption', { step })}
          fileName={fine ? fileName.replace('.csv', '-0.1.csv') : fileName}
          columns={[
            { label: t('results.histograms.bin') },
            { label: t('results.histograms.stations'), numeric: true },
            { label: t('results.histograms.voters'), numeric: true },
          ]}
          rows={rows}
          display={(cell, column) =>
            column === 0 ? t('results.percent', { value: String(cell) }) : decimal(cell as number)
          }
        />
      }
    />
  );
}
