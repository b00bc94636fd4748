import {
  can,
  type ElectionDto,
  localized,
  type ReadinessFinding,
  type ReadinessStation,
  type ReadinessView,
  readinessStationFilters,
} from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useCalendarDateFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { AreaPath, Progress, Share } from '../overview/OperationsViews.tsx';
import { PlanVisits } from './PlanVisits.tsx';
import { useReadiness } from './readiness-queries.ts';

const VISIT_ICON = 'M8 40V12l16-6 16 6v28M8 40h32M18 40V28h12v12M16 20l4 4 8-8';
const PAGE = 100;
type StationFilter = (typeof readinessStationFilters)[number];

export function ReadinessPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('readiness.title'));
  if (!can(me.role, 'assignments.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('readiness.title')}>
      {(election) => <ReadinessBoard election={election} canManage={can(me.role, 'assignments.manage')} />}
    </CurrentElectionScreen>
  );
}

function ReadinessBoard({ election, canManage }: { election: ElectionDto; canManage: boolean }) {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const [params, setParams] = useSearchParams();
  const areaId = params.get('area') ?? undefined;
  const filterParam = params.get('filter');
  const filter: StationFilter = (readinessStationFilters as readonly string[]).includes(filterParam ?? '')
    ? (filterParam as StationFilter)
    : 'all';
  const view = useReadiness(election.id, { ...(areaId && { areaId }), filter, limit: PAGE });

  return (
    <>
      <header className="page-header">
        <PageHeading>{t('readiness.title')}</PageHeading>
        <p className="muted">
          {t('readiness.intro', {
            from: formatDay(election.monitoringFrom),
            to: formatDay(election.votingDate),
          })}
        </p>
      </header>
      <DemoBanner election={election} />
      {view.isPending ? (
        <Loading />
      ) : view.isError ? (
        <LoadError error={view.error} onRetry={() => void view.refetch()} />
      ) : (
        <ReadinessContent
          view={view.data}
          filter={filter}
          onFilter={(next) => {
            const nextParams = new URLSearchParams(params);
            if (next === 'all') nextParams.delete('filter');
            else nextParams.set('filter', next);
            setParams(nextParams);
          }}
        />
      )}
      {canManage && <PlanVisits election={election} />}
    </>
  );
}

function ReadinessContent({
  view,
  filter,
  onFilter,
}: {
  view: ReadinessView;
  filter: StationFilter;
  onFilter: (filter: StationFilter) => void;
}) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const locale = currentLocale();
  const { totals, plans } = view;
  const notVisited = totals.stations - totals.visited;
  const withProblems = view.findings.filter((f) => f.problem > 0);

  return (
    <>
      <AreaPath path={view.path} base="/hq/readiness" />
      <section className="op-section" aria-labelledby="rd-counts">
        <h2 id="rd-counts" className="visually-hidden">
          {t('readiness.countsTitle')}
        </h2>
        <dl className="counts">
          <div className="count" data-count="stations">
            <dt>{t('readiness.stations')}</dt>
            <dd>{formatNumber(totals.stations)}</dd>
          </div>
          <div className="count" data-count="visited">
            <dt>{t('readiness.visited')}</dt>
            <dd>
              {formatNumber(totals.visited)}{' '}
              <small className="muted">
                <Share part={totals.visited} whole={totals.stations} />
              </small>
            </dd>
          </div>
          <div className="count" data-count="not-visited">
            <dt>{t('readiness.notVisited')}</dt>
            <dd>{formatNumber(notVisited)}</dd>
          </div>
          <div className="count" data-count="problems">
            <dt>{t('readiness.withProblems')}</dt>
            <dd>{formatNumber(totals.withProblems)}</dd>
          </div>
          <div className="count" data-count="plans">
            <dt>{t('readiness.plansDone')}</dt>
            <dd>{t('operations.ofTotal', { part: formatNumber(plans.done), whole: formatNumber(plans.planned) })}</dd>
          </div>
          <div className="count" data-count="overdue">
            <dt>{t('readiness.plansOverdue')}</dt>
            <dd>{formatNumber(plans.overdue)}</dd>
          </div>
        </dl>
      </section>

      {view.areas.length > 0 && (
        <section className="op-section" aria-labelledby="rd-areas">
          <h2 id="rd-areas">{t('readiness.areasTitle')}</h2>
          <DataTable
            className="table table-cards op-areas"
            caption={t('readiness.areasTitle')}
            rows={view.areas}
            rowKey={(a) => a.id}
            rowProps={(a) => ({ 'data-area': a.id })}
            columns={[
              {
                id: 'name',
                header: t('operations.area'),
                rowHeader: true,
                label: false,
                className: 'cell-primary',
                cell: (a) => (
                  <Link to={`/hq/readiness?area=${encodeURIComponent(a.id)}`}>{localized(a.name, locale)}</Link>
                ),
              },
              { id: 'stations', header: t('readiness.stations'), cell: (a) => formatNumber(a.stations) },
              {
                id: 'visited',
                header: t('readiness.visited'),
                cell: (a) => <Progress part={a.visited} whole={a.stations} tone="good" />,
              },
              {
                id: 'problems',
                header: t('readiness.withProblems'),
                cell: (a) => formatNumber(a.withProblems),
              },
            ]}
          />
        </section>
      )}

      <section className="op-section" aria-labelledby="rd-findings">
        <h2 id="rd-findings">{t('readiness.findingsTitle')}</h2>
        {view.findings.length === 0 ? (
          <p className="muted">{t('readiness.noChecklist')}</p>
        ) : totals.visited === 0 ? (
          <p className="muted">{t('readiness.noVisitsYet')}</p>
        ) : (
          <>
            {withProblems.length === 0 ? (
              <p>{t('readiness.noProblems')}</p>
            ) : (
              <ul className="op-findings">
                {withProblems.map((f) => (
                  <FindingItem key={f.questionId} finding={f} />
                ))}
              </ul>
            )}
            {withProblems.length < view.findings.length && (
              <details className="more op-findings-rest">
                <summary>
                  {t('readiness.inOrderItems', { n: formatNumber(view.findings.length - withProblems.length) })}
                </summary>
                <ul className="op-findings">
                  {view.findings
                    .filter((f) => f.problem === 0)
                    .map((f) => (
                      <FindingItem key={f.questionId} finding={f} />
                    ))}
                </ul>
              </details>
            )}
          </>
        )}
      </section>

      <section className="op-section" aria-labelledby="rd-stations">
        <h2 id="rd-stations">{t('readiness.stationsTitle')}</h2>
        <div className="op-toolbar">
          <SelectField
            id="rd-filter"
            label={t('readiness.filter')}
            value={filter}
            onChange={(event) => onFilter(event.target.value as StationFilter)}
          >
            {readinessStationFilters.map((f) => (
              <option key={f} value={f}>
                {t(`readiness.filters.${f}`)}
              </option>
            ))}
          </SelectField>
        </div>
        {view.stations.items.length === 0 ? (
          <EmptyState icon={VISIT_ICON} title={t('readiness.noStations')}>
            <p>{t('readiness.noStationsBody')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="table-caption" aria-live="polite">
              {view.stations.total > view.stations.items.length
                ? t('operations.shownOf', {
                    shown: formatNumber(view.stations.items.length),
                    total: formatNumber(view.stations.total),
                  })
                : t('operations.stationsCount', { n: formatNumber(view.stations.total) })}
            </p>
            <StationsTable items={view.stations.items} />
          </>
        )}
      </section>
    </>
  );
}

function FindingItem({ finding }: { finding: ReadinessFinding }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const locale = currentLocale();
  const answerName = (a: ReadinessFinding['answers'][number]) =>
    a.label ? localized(a.label, locale) : a.value === true ? t('readiness.yes') : t('readiness.no');
  return (
    <li className="op-finding" data-question={finding.questionId} data-problem={finding.problem > 0 || undefined}>
      <span>{localized(finding.label, locale)}</span>
      <span className="op-finding-count">
        {t('readiness.problemCount', { stations: formatNumber(finding.problem) })}
      </span>
      <span className="muted">
        {finding.answers.map((a) => `${answerName(a)}: ${formatNumber(a.stations)}`).join(' · ')}
      </span>
    </li>
  );
}

function StationsTable({ items }: { items: ReadinessStation[] }) {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const locale = currentLocale();
  const columns: Column<ReadinessStation>[] = [
    {
      id: 'number',
      header: t('operations.number'),
      rowHeader: true,
      label: false,
      className: 'cell-primary cell-number',
      cell: (s) => `№ ${s.number}`,
    },
    {
      id: 'address',
      header: t('operations.address'),
      className: 'cell-address',
      cell: (s) => (
        <span>
          {s.address}
          {s.areaName && <span className="cell-sub">{localized(s.areaName, locale)}</span>}
        </span>
      ),
    },
    {
      id: 'state',
      header: t('readiness.state'),
      cell: (s) =>
        !s.visited ? (
          <span className="badge badge-missing">{t('readiness.states.notVisited')}</span>
        ) : s.problems.length > 0 ? (
          <div>
            <span className="badge badge-problem">{t('readiness.states.problems', { n: s.problems.length })}</span>
            <ul className="op-problems">
              {s.problems.map((p) => (
                <li key={p.questionId}>{localized(p.label, locale)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <span className="badge badge-ok">{t('readiness.states.ok')}</span>
        ),
    },
    {
      id: 'next',
      header: t('readiness.nextVisit'),
      cell: (s) => (s.nextVisit ? formatDay(s.nextVisit) : '—'),
    },
    {
      id: 'report',
      header: t('readiness.report'),
      cell: (s) =>
        s.latestReportId ? (
          <Link to={`/hq/reports/${encodeURIComponent(s.latestReportId)}`}>
            {t('readiness.openReport', { number: s.number })}
          </Link>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <DataTable
      className="table table-cards op-stations"
      caption={t('readiness.stationsTitle')}
      rows={items}
      rowKey={(s) => s.id}
      rowProps={(s) => ({
        'data-station-number': s.number,
        'data-state': !s.visited ? 'not-visited' : s.problems.length > 0 ? 'problems' : 'ok',
      })}
      columns={columns}
    />
  );
}
