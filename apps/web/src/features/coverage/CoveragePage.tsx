import {
  type AssignmentShift,
  assignmentShifts,
  type CoverageView,
  coverageStationFilters,
  type ElectionDto,
  type FormKind,
} from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import type { Column } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import {
  AreaPath,
  AreasSection,
  Counts,
  DrillDownBoard,
  DrillDownPage,
  StationsSection,
  useDrillDownParams,
} from '../overview/DrillDown.tsx';
import { Progress, Share } from '../overview/OperationsViews.tsx';
import { useCoverage } from './coverage-queries.ts';

const COVER_ICON = 'M24 6l16 6v12c0 9-7 15-16 18-9-3-16-9-16-18V12zM17 24l5 5 9-9';
const PAGE = 100;
type StationFilter = (typeof coverageStationFilters)[number];
type Station = CoverageView['stations']['items'][number];
type AreaRow = CoverageView['areas'][number];

/** Per area and shift: stations with an observer, stations that sent each phase's report, uncovered first. */
export function CoveragePage() {
  const { t } = useTranslation();
  return (
    <DrillDownPage title={t('coverage.title')}>{(election) => <CoverageBoard election={election} />}</DrillDownPage>
  );
}

function CoverageBoard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const params = useDrillDownParams();
  const shift = params.choice<AssignmentShift>('shift', assignmentShifts, 'voting_day');
  const filter = params.choice<StationFilter>('filter', coverageStationFilters, 'all');
  const view = useCoverage(election.id, {
    ...(params.areaId && { areaId: params.areaId }),
    shift,
    filter,
    limit: PAGE,
  });
  return (
    <DrillDownBoard
      election={election}
      title={t('coverage.title')}
      intro={t('coverage.intro')}
      query={view}
      toolbar={
        <>
          <SelectField
            id="cv-shift"
            label={t('coverage.shift')}
            value={shift}
            onChange={(event) => params.set('shift', event.target.value, 'voting_day')}
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
            onChange={(event) => params.set('filter', event.target.value, 'all')}
          >
            {coverageStationFilters.map((f) => (
              <option key={f} value={f}>
                {t(`coverage.filters.${f}`)}
              </option>
            ))}
          </SelectField>
        </>
      }
    >
      {(data) => <CoverageContent view={data} shift={shift} />}
    </DrillDownBoard>
  );
}

function CoverageContent({ view, shift }: { view: CoverageView; shift: AssignmentShift }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const { totals } = view;
  const phaseName = (kind: string): string => t(`forms.kinds.${kind as FormKind}`);
  const base = shift === 'voting_day' ? '/hq/coverage' : `/hq/coverage?shift=${shift}`;
  const linkTo = (areaId: string) => {
    const next = new URLSearchParams({ area: areaId });
    if (shift !== 'voting_day') next.set('shift', shift);
    return `/hq/coverage?${next.toString()}`;
  };

  const areaColumns: Column<AreaRow>[] = [
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
  ];

  return (
    <>
      <AreaPath path={view.path} base={base} />
      <Counts
        id="cv-counts"
        title={t('coverage.countsTitle')}
        items={[
          { id: 'stations', label: t('coverage.stations'), value: totals.stations },
          { id: 'assigned', label: t('coverage.assigned'), value: totals.assigned, of: totals.stations },
          { id: 'uncovered', label: t('coverage.uncovered'), value: totals.stations - totals.assigned },
          ...view.phases.map((kind, i) => ({
            id: `phase-${kind}`,
            label: t('coverage.phaseCount', { phase: phaseName(kind) }),
            value: totals.reported[i] ?? 0,
            of: totals.stations,
          })),
        ]}
      />
      <AreasSection
        id="cv-areas"
        title={t('coverage.areasTitle')}
        areas={view.areas}
        linkTo={linkTo}
        columns={areaColumns}
      />
      <StationsSection
        id="cv-stations"
        title={t('coverage.stationsTitle')}
        stations={view.stations}
        empty={{ icon: COVER_ICON, title: t('coverage.noStations'), body: t('coverage.noStationsBody') }}
        columns={stationColumns}
        reportLabel={{ header: t('coverage.latestReport'), link: (number) => t('coverage.openReport', { number }) }}
        rowProps={(s) => ({
          'data-station-number': s.number,
          'data-covered': s.observers > 0 ? 'yes' : 'no',
          'data-reported': s.reported.filter(Boolean).length,
        })}
      />
    </>
  );
}
