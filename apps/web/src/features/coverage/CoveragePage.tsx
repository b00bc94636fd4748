import {
  type AssignmentShift,
  assignmentShifts,
  type CoverageView,
  can,
  coverageStationFilters,
  type ElectionDto,
  type FormKind,
  localized,
} from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { AreaPath, Progress, Share } from '../overview/OperationsViews.tsx';
import { useCoverage } from './coverage-queries.ts';

const COVER_ICON = 'M24 6l16 6v12c0 9-7 15-16 18-9-3-16-9-16-18V12zM17 24l5 5 9-9';
const PAGE = 100;
type StationFilter = (typeof coverageStationFilters)[number];
type Station = CoverageView['stations']['items'][number];
type AreaRow = CoverageView['areas'][number];

export function CoveragePage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('coverage.title'));
  if (!can(me.role, 'assignments.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('coverage.title')}>
      {(election) => <CoverageBoard election={election} />}
    </CurrentElectionScreen>
  );
}

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

function CoverageBoard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const areaId = params.get('area') ?? undefined;
  const shift = oneOf<AssignmentShift>(assignmentShifts, params.get('shift'), 'voting_day');
  const filter = oneOf<StationFilter>(coverageStationFilters, params.get('filter'), 'all');
  const view = useCoverage(election.id, { ...(areaId && { areaId }), shift, filter, limit: PAGE });
  const setParam = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };

  return (
    <>
      <header className="page-header">
        <PageHeading>{t('coverage.title')}</PageHeading>
        <p className="muted">{t('coverage.intro')}</p>
      </header>
      <DemoBanner election={election} />
      <div className="op-toolbar">
        <SelectField
          id="cv-shift"
          label={t('coverage.shift')}
          value={shift}
          onChange={(event) => setParam('shift', event.target.value, 'voting_day')}
        >
          {assignmentShifts.map((s) => (
            <option key={s} value={s}>
              {t(`shifts.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="cv-filter"
          label={t('coverage.filter')}
          value={filter}
          onChange={(event) => setParam('filter', event.target.value, 'all')}
        >
          {coverageStationFilters.map((f) => (
            <option key={f} value={f}>
              {t(`coverage.filters.${f}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {view.isPending ? (
        <Loading />
      ) : view.isError ? (
        <LoadError error={view.error} onRetry={() => void view.refetch()} />
      ) : (
        <CoverageContent view={view.data} shift={shift} />
      )}
    </>
  );
}

function CoverageContent({ view, shift }: { view: CoverageView; shift: AssignmentShift }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const locale = currentLocale();
  const { totals } = view;
  const phaseName = (kind: string): string => t(`forms.kinds.${kind as FormKind}`);
  const query = (areaId: string) => {
    const next = new URLSearchParams({ area: areaId });
    if (shift !== 'voting_day') next.set('shift', shift);
    return `/hq/coverage?${next.toString()}`;
  };

  const areaColumns: Column<AreaRow>[] = [
    {
      id: 'name',
      header: t('operations.area'),
      rowHeader: true,
      label: false,
      className: 'cell-primary',
      cell: (a) => <Link to={query(a.id)}>{localized(a.name, locale)}</Link>,
    },
    { id: 'stations', header: t('coverage.stations'), cell: (a) => formatNumber(a.stations) },
    {
      id: 'assigned',
      header: t('coverage.assigned'),
      cell: (a) => <Progress part={a.assigned} whole={a.stations} tone="good" />,
    },
    ...view.phases.map(
      (kind, i): Column<AreaRow> => ({
        id: `phase-${kind}`,
        header: phaseName(kind),
        className: 'cell-nowrap',
        cell: (a) => (
          <span>
            {formatNumber(a.reported[i] ?? 0)}{' '}
            <span className="muted">
              (<Share part={a.reported[i] ?? 0} whole={a.stations} />)
            </span>
          </span>
        ),
      }),
    ),
  ];

  const stationColumns: Column<Station>[] = [
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
      id: 'observers',
      header: t('coverage.observers'),
      cell: (s) =>
        s.observers === 0 ? (
          <span className="badge badge-problem">{t('coverage.nobody')}</span>
        ) : (
          formatNumber(s.observers)
        ),
    },
    {
      id: 'phases',
      header: t('coverage.phasesReported'),
      cell: (s) => (
        <span className="op-phases">
          {view.phases.map((kind, i) => (
            <span key={kind} className={s.reported[i] ? 'badge badge-ok' : 'badge op-phase-missing'}>
              <span aria-hidden="true">{s.reported[i] ? '✓ ' : '– '}</span>
              {phaseName(kind)}
              <span className="visually-hidden">
                {' '}
                {s.reported[i] ? t('coverage.phaseSent') : t('coverage.phaseMissing')}
              </span>
            </span>
          ))}
        </span>
      ),
    },
    {
      id: 'report',
      header: t('coverage.latestReport'),
      cell: (s) =>
        s.latestReportId ? (
          <Link to={`/hq/reports/${encodeURIComponent(s.latestReportId)}`}>
            {t('coverage.openReport', { number: s.number })}
          </Link>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <>
      <AreaPath path={view.path} base={shift === 'voting_day' ? '/hq/coverage' : `/hq/coverage?shift=${shift}`} />
      <section className="op-section" aria-labelledby="cv-counts">
        <h2 id="cv-counts" className="visually-hidden">
          {t('coverage.countsTitle')}
        </h2>
        <dl className="counts">
          <div className="count" data-count="stations">
            <dt>{t('coverage.stations')}</dt>
            <dd>{formatNumber(totals.stations)}</dd>
          </div>
          <div className="count" data-count="assigned">
            <dt>{t('coverage.assigned')}</dt>
            <dd>
              {formatNumber(totals.assigned)}{' '}
              <small className="muted">
                <Share part={totals.assigned} whole={totals.stations} />
              </small>
            </dd>
          </div>
          <div className="count" data-count="uncovered">
            <dt>{t('coverage.uncovered')}</dt>
            <dd>{formatNumber(totals.stations - totals.assigned)}</dd>
          </div>
          {view.phases.map((kind, i) => (
            <div className="count" data-count={`phase-${kind}`} key={kind}>
              <dt>{t('coverage.phaseCount', { phase: phaseName(kind) })}</dt>
              <dd>
                {formatNumber(totals.reported[i] ?? 0)}{' '}
                <small className="muted">
                  <Share part={totals.reported[i] ?? 0} whole={totals.stations} />
                </small>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {view.areas.length > 0 && (
        <section className="op-section" aria-labelledby="cv-areas">
          <h2 id="cv-areas">{t('coverage.areasTitle')}</h2>
          <DataTable
            className="table table-cards op-areas"
            caption={t('coverage.areasTitle')}
            rows={view.areas}
            rowKey={(a) => a.id}
            rowProps={(a) => ({ 'data-area': a.id })}
            columns={areaColumns}
          />
        </section>
      )}

      <section className="op-section" aria-labelledby="cv-stations">
        <h2 id="cv-stations">{t('coverage.stationsTitle')}</h2>
        {view.stations.items.length === 0 ? (
          <EmptyState icon={COVER_ICON} title={t('coverage.noStations')}>
            <p>{t('coverage.noStationsBody')}</p>
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
            <DataTable
              className="table table-cards op-stations"
              caption={t('coverage.stationsTitle')}
              rows={view.stations.items}
              rowKey={(s) => s.id}
              rowProps={(s) => ({
                'data-station-number': s.number,
                'data-covered': s.observers > 0 ? 'yes' : 'no',
                'data-reported': s.reported.filter(Boolean).length,
              })}
              columns={stationColumns}
            />
          </>
        )}
      </section>
    </>
  );
}
