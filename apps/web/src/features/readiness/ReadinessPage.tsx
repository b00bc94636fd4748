import {
  type ElectionDto,
  localized,
  type ReadinessFinding,
  type ReadinessStation,
  type ReadinessView,
  readinessStationFilters,
} from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import type { Column } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { useCalendarDateFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import {
  AreaPath,
  AreasSection,
  Counts,
  DrillDownBoard,
  DrillDownPage,
  StationsSection,
  useDrillDownParams,
} from '../overview/DrillDown.tsx';
import { Progress } from '../overview/OperationsViews.tsx';
import { RemarksFromFinding } from '../remarks/MakeRemark.tsx';
import { PlanVisits } from './PlanVisits.tsx';
import { useReadiness } from './readiness-queries.ts';

const VISIT_ICON = 'M8 40V12l16-6 16 6v28M8 40h32M18 40V28h12v12M16 20l4 4 8-8';
const PAGE = 100;
type StationFilter = (typeof readinessStationFilters)[number];

/** Per area of the monitoring period: visited or not, findings per checklist item, problems first; the plan. */
export function ReadinessPage() {
  const { t } = useTranslation();
  return (
    <DrillDownPage title={t('readiness.title')}>
      {(election, canManage) => <ReadinessBoard election={election} canManage={canManage} />}
    </DrillDownPage>
  );
}

function ReadinessBoard({ election, canManage }: { election: ElectionDto; canManage: boolean }) {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const params = useDrillDownParams();
  const filter = params.choice<StationFilter>('filter', readinessStationFilters, 'all');
  const view = useReadiness(election.id, { ...(params.areaId && { areaId: params.areaId }), filter, limit: PAGE });
  return (
    <>
      <DrillDownBoard
        election={election}
        title={t('readiness.title')}
        intro={t('readiness.intro', { from: formatDay(election.monitoringFrom), to: formatDay(election.votingDate) })}
        query={view}
      >
        {(data) => (
          <ReadinessContent view={data} filter={filter} onFilter={(next) => params.set('filter', next, 'all')} />
        )}
      </DrillDownBoard>
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
  const { totals, plans } = view;
  const withProblems = view.findings.filter((f) => f.problem > 0);
  const stationColumns = useStationColumns();

  return (
    <>
      <AreaPath path={view.path} base="/hq/readiness" />
      <Counts
        id="rd-counts"
        title={t('readiness.countsTitle')}
        items={[
          { id: 'stations', label: t('readiness.stations'), value: totals.stations },
          { id: 'visited', label: t('readiness.visited'), value: totals.visited, of: totals.stations },
          { id: 'not-visited', label: t('readiness.notVisited'), value: totals.stations - totals.visited },
          { id: 'problems', label: t('readiness.withProblems'), value: totals.withProblems },
          {
            id: 'plans',
            label: t('readiness.plansDone'),
            value: t('operations.ofTotal', { part: formatNumber(plans.done), whole: formatNumber(plans.planned) }),
          },
          { id: 'overdue', label: t('readiness.plansOverdue'), value: plans.overdue },
        ]}
      />
      <AreasSection
        id="rd-areas"
        title={t('readiness.areasTitle')}
        areas={view.areas}
        linkTo={(areaId) => `/hq/readiness?area=${encodeURIComponent(areaId)}`}
        columns={[
          { id: 'stations', header: t('readiness.stations'), cell: (a) => formatNumber(a.stations) },
          {
            id: 'visited',
            header: t('readiness.visited'),
            cell: (a) => <Progress part={a.visited} whole={a.stations} tone="good" />,
          },
          { id: 'problems', header: t('readiness.withProblems'), cell: (a) => formatNumber(a.withProblems) },
        ]}
      />

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

      <StationsSection
        id="rd-stations"
        title={t('readiness.stationsTitle')}
        toolbar={
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
        }
        stations={view.stations}
        empty={{ icon: VISIT_ICON, title: t('readiness.noStations'), body: t('readiness.noStationsBody') }}
        columns={stationColumns}
        reportLabel={{ header: t('readiness.report'), link: (number) => t('readiness.openReport', { number }) }}
        rowProps={(s) => ({
          'data-station-number': s.number,
          'data-state': !s.visited ? 'not-visited' : s.problems.length > 0 ? 'problems' : 'ok',
        })}
      />
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
      <RemarksFromFinding finding={finding} />
    </li>
  );
}

/** The readiness screen's own station columns: the visit's state with its problems, and the next planned visit. */
function useStationColumns(): Column<ReadinessStation>[] {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const locale = currentLocale();
  return [
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
  ];
}
