import { can, type ElectionDto, localized } from '@pollwatch/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { useAreaNames } from '../territory/territory-queries.ts';
import type { ChartSpec } from './chart-spec.ts';
import { chartColors } from './chart-spec.ts';
import { ResultsTabs } from './ResultsNav.tsx';
import { ChartFigure, ExportableTable, ResultsSection } from './ResultsViews.tsx';
import { areaTotalsExportUrl, type RowsPage, type TurnoutComparison, turnoutExportUrl } from './results-api.ts';
import { electionTemplate, lineNamer, useDecimal } from './results-format.ts';
import { useAreaTotals, useOfficialRows, useTurnoutComparison } from './results-queries.ts';
import './results.css';

const PAGE = 50;

/**
 * `/hq/results/official`: the CEC's other figures — official totals per area beside the sum of
 * the station rows, official turnout per checkpoint beside the observers' reports — and every
 * official station row, a page at a time.
 */
export function ResultsOfficialPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('results.official.title'));
  if (!can(me.role, 'results.read')) return <NoAccess />;
  const canImport = can(me.role, 'results.manage') && can(me.role, 'imports.run');
  return (
    <CurrentElectionScreen title={t('results.official.title')}>
      {(election) => <OfficialData election={election} canImport={canImport} />}
    </CurrentElectionScreen>
  );
}

function OfficialData({ election, canImport }: { election: ElectionDto; canImport: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('results.official.title')}</PageHeading>
          <p className="muted">
            {t('results.official.intro', { election: localized(election.name, currentLocale()) })}
          </p>
        </div>
        {canImport && (
          <div className="header-buttons">
            <Link
              to="/hq/imports/new?kind=area_results"
              className="button button-secondary"
              data-action="import-area-results"
            >
              {t('results.official.importAreas')}
            </Link>
            <Link
              to="/hq/imports/new?kind=official_turnout"
              className="button button-secondary"
              data-action="import-official-turnout"
            >
              {t('results.official.importTurnout')}
            </Link>
          </div>
        )}
      </header>
      <ResultsTabs current="official" />
      <DemoBanner election={election} />
      <AreaTotals election={election} />
      <Turnout election={election} />
      <OfficialRows election={election} />
    </>
  );
}

function Downloads({ url, name }: { url: (format: 'csv' | 'xlsx') => string; name: string }) {
  const { t } = useTranslation();
  return (
    <p className="table-toolbar-buttons">
      {(['csv', 'xlsx'] as const).map((format) => (
        <a
          key={format}
          className="button button-quiet button-small"
          href={url(format)}
          download
          data-action={`download-${name}-${format}`}
        >
          {t(format === 'csv' ? 'results.official.downloadCsv' : 'results.official.downloadXlsx')}
        </a>
      ))}
    </p>
  );
}

function AreaTotals({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  const totals = useAreaTotals(election.id);
  const lineName = useMemo(() => lineNamer(electionTemplate(election), locale), [election, locale]);
  const items = totals.data?.items ?? [];
  const mismatched = items.filter((a) => a.mismatch).length;
  const rows = items.flatMap((a) =>
    a.lines.map((l) => [
      a.code ? `${a.code} — ${localized(a.name, locale)}` : localized(a.name, locale),
      lineName(l.line),
      l.official,
      l.stationSum,
      l.difference,
      a.stations,
    ]),
  );
  return (
    <ResultsSection
      name="area-totals"
      title={t('results.official.areas.title')}
      intro={t('results.official.areas.intro')}
    >
      {totals.isPending ? (
        <Loading />
      ) : totals.isError ? (
        <LoadError error={totals.error} onRetry={() => void totals.refetch()} />
      ) : items.length === 0 ? (
        <p className="table-empty">{t('results.official.areas.none')}</p>
      ) : (
        <>
          <p className="results-verdict" data-mismatched={mismatched} data-outside={mismatched > 0 || undefined}>
            {mismatched > 0
              ? t('results.official.areas.mismatched', { count: mismatched, total: items.length })
              : t('results.official.areas.allMatch', { count: items.length })}
          </p>
          <Downloads url={(f) => areaTotalsExportUrl(election.id, f)} name="area-totals" />
          <ExportableTable
            caption={t('results.official.areas.caption')}
            fileName="area-totals.csv"
            className="table-area-totals"
            columns={[
              { label: t('results.official.areas.area') },
              { label: t('results.official.areas.line') },
              { label: t('results.official.areas.official'), numeric: true },
              { label: t('results.official.areas.stationSum'), numeric: true },
              { label: t('results.official.areas.difference'), numeric: true },
              { label: t('results.official.areas.stations'), numeric: true },
            ]}
            rows={rows}
            display={(cell, column) =>
              column < 2 ? (
                cell
              ) : column === 4 && typeof cell === 'number' && cell !== 0 ? (
                <span className="verdict" data-outside>
                  {decimal(cell)}
                </span>
              ) : (
                decimal(cell as number)
              )
            }
          />
        </>
      )}
    </ResultsSection>
  );
}

/**
 * Per checkpoint two bars side by side — the CEC's figure and the observers' — summed over the
 * stations that have both: bar pairs at x = 3i and 3i + 1, the checkpoint's label between them.
 */
function turnoutSpec(
  data: TurnoutComparison,
  labels: { x: string; y: string; official: string; observed: string },
  decimal: (v: number | null | undefined, d?: number) => string,
): ChartSpec {
  const summary = data.summary;
  const x = summary.flatMap((_, i) => [3 * i, 3 * i + 1]);
  const value = (c: (typeof summary)[number], v: number) => (c.matchedStations ? v : null);
  return {
    x,
    xRange: [-1, Math.max(2, 3 * summary.length - 1)],
    xSplits: summary.map((_, i) => 3 * i + 0.5),
    xLabel: labels.x,
    yLabel: labels.y,
    formatX: (v) => summary[Math.floor(v / 3)]?.checkpoint ?? '',
    formatY: (v) => decimal(v),
    barWidth: 0.9,
    barAlign: 0,
    series: [
      {
        label: labels.official,
        values: summary.flatMap((c) => [value(c, c.officialOnMatched), null]),
        kind: 'bars',
        color: chartColors.leader,
      },
      {
        label: labels.observed,
        values: summary.flatMap((c) => [null, value(c, c.observedOnMatched)]),
        kind: 'bars',
        color: chartColors.others,
      },
    ],
  };
}

function Turnout({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  const turnout = useTurnoutComparison(election.id);
  const areaName = useAreaNames(election.id);
  const data = turnout.data;
  const spec = useMemo(
    () =>
      data
        ? turnoutSpec(
            data,
            {
              x: t('results.official.turnout.checkpoint'),
              y: t('results.official.turnout.voters'),
              official: t('results.official.turnout.official'),
              observed: t('results.official.turnout.observed'),
            },
            decimal,
          )
        : null,
    [data, t, decimal],
  );
  const hasOfficial = data ? data.summary.some((c) => c.officialStations > 0) || data.areas.length > 0 : false;
  return (
    <ResultsSection
      name="official-turnout"
      title={t('results.official.turnout.title')}
      intro={t('results.official.turnout.intro')}
    >
      {turnout.isPending ? (
        <Loading />
      ) : turnout.isError ? (
        <LoadError error={turnout.error} onRetry={() => void turnout.refetch()} />
      ) : !data || !spec || !hasOfficial ? (
        <p className="table-empty">{t('results.official.turnout.none')}</p>
      ) : (
        <>
          <Downloads url={(f) => turnoutExportUrl(election.id, f)} name="turnout" />
          <ChartFigure
            name="official-turnout"
            title={t('results.official.turnout.chartTitle')}
            summary={t('results.official.turnout.chartSummary', {
              matched: decimal(Math.max(0, ...data.summary.map((c) => c.matchedStations))),
              mismatched: decimal(data.summary.reduce((a, c) => a + c.mismatchedStations, 0)),
            })}
            spec={spec}
            table={
              <ExportableTable
                caption={t('results.official.turnout.summaryCaption')}
                fileName="turnout-checkpoints.csv"
                className="table-turnout-checkpoints"
                columns={[
                  { label: t('results.official.turnout.checkpoint') },
                  { label: t('results.official.turnout.officialStations'), numeric: true },
                  { label: t('results.official.turnout.officialVoters'), numeric: true },
                  { label: t('results.official.turnout.observedStations'), numeric: true },
                  { label: t('results.official.turnout.matched'), numeric: true },
                  { label: t('results.official.turnout.official'), numeric: true },
                  { label: t('results.official.turnout.observed'), numeric: true },
                  { label: t('results.official.turnout.mismatched'), numeric: true },
                ]}
                rows={data.summary.map((c) => [
                  c.checkpoint,
                  c.officialStations,
                  c.officialVoters,
                  c.observedStations,
                  c.matchedStations,
                  c.officialOnMatched,
                  c.observedOnMatched,
                  c.mismatchedStations,
                ])}
                display={(cell, column) => (column === 0 ? cell : decimal(cell as number))}
              />
            }
          />
          <ExportableTable
            caption={t('results.official.turnout.stationsCaption', { count: data.stations.length })}
            fileName="turnout-stations.csv"
            className="table-turnout-stations"
            columns={[
              { label: t('results.official.turnout.station') },
              { label: t('results.official.turnout.checkpoint') },
              { label: t('results.official.turnout.official'), numeric: true },
              { label: t('results.official.turnout.observed'), numeric: true },
              { label: t('results.official.turnout.difference'), numeric: true },
            ]}
            rows={data.stations.map((s) => [
              `${areaName(s.regionId) || ''} № ${s.stationNumber}`.trim(),
              s.checkpoint,
              s.official,
              s.observed,
              s.difference,
            ])}
            display={(cell, column) =>
              column < 2 ? (
                cell
              ) : column === 4 && cell !== 0 ? (
                <span className="verdict" data-outside>
                  {decimal(cell as number)}
                </span>
              ) : (
                decimal(cell as number)
              )
            }
          />
          {data.areas.length > 0 && (
            <ExportableTable
              caption={t('results.official.turnout.areasCaption')}
              fileName="turnout-areas.csv"
              className="table-turnout-areas"
              columns={[
                { label: t('results.official.areas.area') },
                { label: t('results.official.turnout.checkpoint') },
                { label: t('results.official.turnout.officialVoters'), numeric: true },
                { label: t('results.official.turnout.observedStations'), numeric: true },
                { label: t('results.official.turnout.observedVoters'), numeric: true },
              ]}
              rows={data.areas.map((a) => [
                a.code ? `${a.code} — ${localized(a.name, locale)}` : localized(a.name, locale),
                a.checkpoint,
                a.official,
                a.observedStations,
                a.observedVoters,
              ])}
              display={(cell, column) => (column < 2 ? cell : decimal(cell as number))}
            />
          )}
        </>
      )}
    </ResultsSection>
  );
}

function OfficialRows({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  // Keyset pages: the cursor of the page and the number of its first row, for the caption.
  const [at, setAt] = useState<{ page: RowsPage; from: number }>({ page: {}, from: 0 });
  const page = useOfficialRows(election.id, at.page, PAGE);
  const offset = at.from;
  const shown = page.data?.items.length ?? 0;
  const template = useMemo(() => electionTemplate(election), [election]);
  const lineName = useMemo(() => lineNamer(template, locale), [template, locale]);
  const total = page.data?.total ?? 0;
  return (
    <ResultsSection
      name="official-rows"
      title={t('results.official.rows.title')}
      intro={t('results.official.rows.intro')}
    >
      {page.isPending ? (
        <Loading />
      ) : page.isError ? (
        <LoadError error={page.error} onRetry={() => void page.refetch()} />
      ) : total === 0 ? (
        <p className="table-empty">{t('results.official.rows.none')}</p>
      ) : (
        <>
          <ExportableTable
            caption={t('results.official.rows.caption', {
              from: decimal(offset + 1),
              to: decimal(Math.min(total, offset + shown)),
              total: decimal(total),
            })}
            fileName={`official-rows-${offset + 1}.csv`}
            className="table-official-rows"
            columns={[
              { label: t('results.official.rows.station') },
              ...template.lines.map((l) => ({ label: lineName(l.key), numeric: true })),
            ]}
            rows={(page.data?.items ?? []).map((r) => [
              `${r.regionCode ?? ''} № ${r.stationNumber}`.trim(),
              ...template.lines.map((l) => r.lines[l.key] ?? null),
            ])}
            display={(cell, column) => (column === 0 ? cell : decimal(cell as number | null))}
          />
          <div className="form-actions pager">
            <button
              type="button"
              className="button button-secondary button-small"
              data-action="previous-page"
              disabled={offset === 0 || !page.data?.first}
              onClick={() =>
                setAt(
                  offset - PAGE <= 0
                    ? { page: {}, from: 0 }
                    : { page: { before: page.data?.first ?? '' }, from: offset - PAGE },
                )
              }
            >
              {t('results.official.rows.previous')}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              data-action="next-page"
              disabled={offset + shown >= total || !page.data?.last}
              onClick={() => setAt({ page: { after: page.data?.last ?? '' }, from: offset + shown })}
            >
              {t('results.official.rows.next')}
            </button>
          </div>
        </>
      )}
    </ResultsSection>
  );
}
