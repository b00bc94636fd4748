import { can, type ElectionDto, localized } from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { useAreaNames, useStationIndex } from '../territory/territory-queries.ts';
import { ResultsTabs } from './ResultsNav.tsx';
import { ROWS_SHOWN } from './ResultsViews.tsx';
import { comparisonExportUrl } from './results-api.ts';
import { electionTemplate, lineNamer, useDecimal } from './results-format.ts';
import { useComparison } from './results-queries.ts';
import './results.css';

const COMPARE_ICON = 'M6 8h15v32H6zM27 8h15v32H27zM10 16h7M10 22h7M31 16h7M31 22h7M10 30h7M31 30h7';

/** `/hq/results/comparison`: observers' protocol copies against the official rows. */
export function ResultsComparisonPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('results.comparison.title'));
  if (!can(me.role, 'results.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('results.comparison.title')}>
      {(election) => <Comparison election={election} />}
    </CurrentElectionScreen>
  );
}

function Comparison({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  const comparison = useComparison(election.id);
  const stations = useStationIndex(election.id, (comparison.data?.items.length ?? 0) > 0);
  const areaName = useAreaNames(election.id);
  const lineName = useMemo(() => lineNamer(electionTemplate(election), locale), [election, locale]);
  const items = comparison.data?.items ?? [];
  const shown = items.slice(0, ROWS_SHOWN);
  const signed = (value: number | null) => (value === null ? '—' : value > 0 ? `+${decimal(value)}` : decimal(value));
  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('results.comparison.title')}</PageHeading>
          <p className="muted">{t('results.comparison.intro', { election: localized(election.name, locale) })}</p>
        </div>
      </header>
      <ResultsTabs current="comparison" />
      <DemoBanner election={election} />
      {comparison.isPending ? (
        <Loading />
      ) : comparison.isError ? (
        <LoadError error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : comparison.data.compared === 0 ? (
        <EmptyState icon={COMPARE_ICON} title={t('results.comparison.emptyTitle')}>
          <p>{t('results.comparison.emptyBody')}</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-toolbar">
            <p className="table-caption" aria-live="polite">
              {t('results.comparison.counts', {
                compared: decimal(comparison.data.compared),
                differing: decimal(items.length),
              })}
              {items.length > shown.length && ` ${t('results.firstRows', { n: shown.length, total: items.length })}`}
            </p>
            <div className="table-toolbar-buttons">
              <a
                className="button button-quiet button-small"
                href={comparisonExportUrl(election.id)}
                download
                data-action="export-comparison"
              >
                {t('results.exportCsv')}
              </a>
            </div>
          </div>
          {items.length === 0 ? (
            <p className="table-empty">{t('results.comparison.noDifferences')}</p>
          ) : (
            <ol className="comparison-list">
              {shown.map((item, index) => (
                <li key={item.stationId} className="card comparison-item" data-station={item.stationNumber}>
                  <header className="comparison-head">
                    <h2>
                      <span className="comparison-rank">{index + 1}.</span>{' '}
                      {t('results.comparison.station', { number: item.stationNumber })}
                      <span className="cell-sub comparison-region">
                        {areaName(stations.data?.get(item.stationId)?.regionId ?? '')}
                      </span>
                    </h2>
                    <dl className="comparison-figures">
                      <div>
                        <dt>{t('results.comparison.votesMoved')}</dt>
                        <dd className="comparison-value" data-value="votes-moved">
                          {decimal(item.votesMoved)}
                        </dd>
                      </div>
                      <div>
                        <dt>{t('results.comparison.gained')}</dt>
                        <dd className="comparison-value">{decimal(item.votesGained)}</dd>
                      </div>
                      <div>
                        <dt>{t('results.comparison.lost')}</dt>
                        <dd className="comparison-value">{decimal(item.votesLost)}</dd>
                      </div>
                      <div>
                        <dt>{t('results.comparison.totalDifference')}</dt>
                        <dd className="comparison-value">{decimal(item.totalAbsoluteDifference)}</dd>
                      </div>
                    </dl>
                  </header>
                  <div className="table-wrap">
                    <table className="table table-cards table-differences">
                      <caption className="visually-hidden">
                        {t('results.comparison.differencesCaption', { number: item.stationNumber })}
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('results.comparison.line')}</th>
                          <th scope="col" className="cell-number">
                            {t('results.comparison.official')}
                          </th>
                          <th scope="col" className="cell-number">
                            {t('results.comparison.observed')}
                          </th>
                          <th scope="col" className="cell-number">
                            {t('results.comparison.difference')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {item.differences.map((d) => (
                          <tr key={d.line}>
                            <th scope="row">{lineName(d.line)}</th>
                            <td className="cell-number" data-label={t('results.comparison.official')}>
                              {d.official === null ? '—' : decimal(d.official)}
                            </td>
                            <td className="cell-number" data-label={t('results.comparison.observed')}>
                              {d.observed === null ? '—' : decimal(d.observed)}
                            </td>
                            <td
                              className="cell-number cell-difference"
                              data-label={t('results.comparison.difference')}
                              data-sign={d.difference === null ? undefined : Math.sign(d.difference)}
                            >
                              {signed(d.difference)}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </>
  );
}
