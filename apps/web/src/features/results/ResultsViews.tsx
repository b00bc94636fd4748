import { type CSSProperties, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartSpec } from './chart-spec.ts';
import { type CsvCell, downloadCsv, tableCsv } from './table-csv.ts';
import type { ChartHandle } from './uplot-charts.ts';

/** Rows shown on screen; the CSV always holds every row. */
export const ROWS_SHOWN = 200;
/** Longer tables scroll inside a box of their own, so that the charts stay within reach. */
const LONG_TABLE = 12;

export interface TableColumn {
  label: string;
  numeric?: boolean;
}

/**
 * A table of results with a "download CSV" button: the CSV is written in the browser from the same
 * cells, guarded against formula injection. Long tables show their first rows on screen.
 */
export function ExportableTable({
  caption,
  columns,
  rows,
  display,
  fileName,
  className,
  limit = ROWS_SHOWN,
}: {
  caption: string;
  columns: readonly TableColumn[];
  rows: readonly (readonly CsvCell[])[];
  /** How a cell is shown (formatted numbers); the CSV takes the raw cell. */
  display?: (cell: CsvCell, column: number, row: number) => ReactNode;
  fileName: string;
  className?: string;
  limit?: number;
}) {
  const { t } = useTranslation();
  const captionId = useId();
  const shown = rows.slice(0, limit);
  return (
    <div className="results-table">
      <div className="table-toolbar">
        <p className="table-caption" id={captionId}>
          {caption}
          {limit > 0 &&
            rows.length > shown.length &&
            ` ${t('results.firstRows', { n: shown.length, total: rows.length })}`}
        </p>
        <div className="table-toolbar-buttons">
          <button
            type="button"
            className="button button-quiet button-small"
            data-action="export-csv"
            data-file={fileName}
            disabled={rows.length === 0}
            onClick={() =>
              downloadCsv(
                fileName,
                tableCsv(
                  columns.map((c) => c.label),
                  rows,
                ),
              )
            }
          >
            {t('results.exportCsv')}
            <span className="visually-hidden">: {caption}</span>
          </button>
        </div>
      </div>
      {limit > 0 && (
        <section
          className={shown.length > LONG_TABLE ? 'table-wrap table-long' : 'table-wrap'}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
          tabIndex={0}
          aria-labelledby={captionId}
        >
          <table className={`table table-results ${className ?? ''}`}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" className={c.numeric ? 'cell-number' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 ? (
                <tr>
                  <td colSpan={columns.length} className="cell-empty">
                    {t('results.noRows')}
                  </td>
                </tr>
              ) : (
                shown.map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows of a computed table are positional
                  <tr key={r}>
                    {row.map((cell, c) =>
                      c === 0 ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                        <th key={c} scope="row" className={columns[c]?.numeric ? 'cell-number' : undefined}>
                          {display ? display(cell, c, r) : cell}
                        </th>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                        <td key={c} className={columns[c]?.numeric ? 'cell-number' : undefined}>
                          {display ? display(cell, c, r) : cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

/** A section of the results screen: a card with its heading and what it contains. */
export function ResultsSection({
  title,
  intro,
  children,
  name,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  name: string;
}) {
  const id = useId();
  return (
    <section className="card panel results-section" aria-labelledby={id} data-section={name}>
      <h2 id={id}>{title}</h2>
      {intro && <p className="muted">{intro}</p>}
      {children}
    </section>
  );
}

type Load = { state: 'loading' } | { state: 'ready'; module: typeof import('./uplot-charts.ts') } | { state: 'failed' };

/** uPlot is fetched once, by the first chart that needs it. */
let chartsModule: Promise<typeof import('./uplot-charts.ts')> | null = null;
function loadCharts() {
  chartsModule ??= import('./uplot-charts.ts').catch((error: unknown) => {
    chartsModule = null;
    throw error;
  });
  return chartsModule;
}

/**
 * A chart with its text alternatives: a caption that says what it shows and what stands out, a
 * legend, and the data as a table (with CSV) below it. The canvas itself is hidden from screen
 * readers; the figure is labelled by its caption.
 */
export function ChartFigure({
  title,
  summary,
  spec,
  table,
  name,
  controls,
}: {
  title: string;
  summary: string;
  spec: ChartSpec;
  table: ReactNode;
  name: string;
  /** Settings of the chart (bin width), shown above it. */
  controls?: ReactNode;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const summaryId = useId();
  const host = useRef<HTMLDivElement>(null);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [hover, setHover] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    loadCharts().then(
      (module) => live && setLoad({ state: 'ready', module }),
      () => live && setLoad({ state: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const element = host.current;
    if (load.state !== 'ready' || !element) return;
    let chart: ChartHandle | null = load.module.drawChart(element, spec, element.clientWidth || 600, setHover);
    const observer = new ResizeObserver(() => {
      const width = element.clientWidth;
      if (width > 0) chart?.setSize(width);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart?.destroy();
      chart = null;
    };
  }, [load, spec]);

  const readout =
    hover === null
      ? null
      : `${spec.xLabel}: ${spec.formatX(spec.x[hover] ?? 0)} — ${spec.series
          .map((s) => `${s.label}: ${s.values[hover] === null ? '—' : spec.formatY(s.values[hover] ?? 0)}`)
          .join('; ')}`;

  return (
    <figure className="chart-figure" aria-labelledby={titleId} aria-describedby={summaryId} data-chart={name}>
      <figcaption className="chart-caption">
        <h3 id={titleId}>{title}</h3>
        <p id={summaryId} className="muted">
          {summary}
        </p>
      </figcaption>
      {controls}
      <ul className="chart-legend">
        {spec.series.map((s) => (
          <li key={s.label}>
            <span
              className="chart-swatch"
              data-kind={s.kind}
              data-dash={s.dash || undefined}
              style={{ '--swatch': s.color } as CSSProperties}
              aria-hidden="true"
            />
            {s.label}
          </li>
        ))}
      </ul>
      <div className="chart-host" data-state={load.state}>
        <div ref={host} className="chart-plot" />
        {load.state === 'loading' && <p className="chart-status">{t('results.chartLoading')}</p>}
        {load.state === 'failed' && <p className="chart-status">{t('results.chartFailed')}</p>}
      </div>
      <p className="chart-readout" aria-hidden="true">
        {readout ?? '\u00a0'}
      </p>
      <details className="chart-data">
        <summary>{t('results.chartData')}</summary>
        {table}
      </details>
    </figure>
  );
}
