import {
  type AssignmentDto,
  type AssignmentShift,
  assignmentShifts,
  can,
  type ElectionDto,
  localized,
  type StationDto,
  type UserDto,
} from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SearchField, SelectField } from '../../components/FormField.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDebounced, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { useUsers } from '../accounts/accounts-queries.ts';
import { AssignmentWarnings, warningsOf } from '../assignments-proposal/AssignmentWarnings.tsx';
import { CurrentElectionScreen, DemoBanner, ExportLinks } from '../elections/ElectionViews.tsx';
import { useStationPicker, useStationTotal } from '../territory/territory-queries.ts';
import { coverageOf, filterAssignments, matchingNames } from './assignment-view.ts';
import { useAssignments, useCreateAssignment, useDeleteAssignment } from './reports-queries.ts';
import './reports.css';

const ASSIGN_ICON =
  'M17 22a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM5 40v-2a10 10 0 0 1 10-10h4a10 10 0 0 1 10 10v2M36 16v14M29 23h14';
/** Options shown in the observer and station pickers; the search narrows them down. */
const PICKER_LIMIT = 50;

export function AssignmentsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'assignments.read')) return <NoAccess />;
  return <AssignmentsScreen canManage={can(me.role, 'assignments.manage')} />;
}

function AssignmentsScreen({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('assignments.title'));
  return (
    <CurrentElectionScreen title={t('assignments.title')}>
      {(election) => <AssignmentsBoard election={election} canManage={canManage} />}
    </CurrentElectionScreen>
  );
}

function AssignmentsBoard({ election, canManage }: { election: ElectionDto; canManage: boolean }) {
  const { t } = useTranslation();
  const me = useStaffUser();
  // The file goes through the shared import wizard, which also needs the right to run imports.
  const canImport = canManage && can(me.role, 'imports.run');
  const formatNumber = useNumberFormat();
  const [notice, setNotice] = useState<string | null>(null);
  const [stationFilter, setStationFilter] = useState('');
  const [observerFilter, setObserverFilter] = useState('');
  const [deleting, setDeleting] = useState<AssignmentDto | null>(null);

  const assignments = useAssignments(election.id);
  const remove = useDeleteAssignment();
  // Only the total is wanted: one station is the smallest page.
  const stationTotal = useStationTotal(election.id);

  const items = assignments.data?.items ?? [];
  const shown = useMemo(
    () => filterAssignments(items, { station: stationFilter, observer: observerFilter }),
    [items, stationFilter, observerFilter],
  );
  const coverage = useMemo(() => coverageOf(items), [items]);
  const filtered = Boolean(stationFilter.trim() || observerFilter.trim());

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('assignments.title')}</PageHeading>
          <p className="muted">{t('assignments.intro', { election: localized(election.name, currentLocale()) })}</p>
        </div>
        {(canImport || canManage) && (
          <div className="header-buttons">
            {canManage && (
              <Link to="/hq/assignments/proposal" className="button button-primary" data-action="propose">
                {t('proposal.open')}
              </Link>
            )}
            {canImport && (
              <Link to="/hq/imports/new?kind=assignments" className="button button-secondary" data-action="import">
                {t('assignments.import')}
              </Link>
            )}
          </div>
        )}
      </header>

      <DemoBanner election={election} />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}

      {canManage && (
        <AssignForm
          election={election}
          onAssigned={(created) =>
            setNotice(
              t('assignments.assigned', {
                observer: created.observerName,
                number: created.stationNumber,
                shift: t(`shifts.${created.shift}`),
              }),
            )
          }
          onStart={() => setNotice(null)}
        />
      )}

      <section className="as-coverage" aria-labelledby="as-coverage-title">
        <h2 id="as-coverage-title">{t('assignments.coverageTitle')}</h2>
        <dl className="counts">
          <div className="count" data-count="stations">
            <dt>{t('assignments.coverageStations')}</dt>
            <dd>
              {stationTotal.data
                ? t('assignments.coverageValue', {
                    covered: formatNumber(coverage.stations),
                    total: formatNumber(stationTotal.data.total),
                  })
                : formatNumber(coverage.stations)}
            </dd>
          </div>
          <div className="count" data-count="observers">
            <dt>{t('assignments.coverageObservers')}</dt>
            <dd>{formatNumber(coverage.observers)}</dd>
          </div>
          {assignmentShifts.map((shift) => (
            <div className="count" data-count={`shift-${shift}`} key={shift}>
              <dt>{t(`shifts.${shift}`)}</dt>
              <dd>{formatNumber(coverage.byShift[shift] ?? 0)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <search className="filters filters-assignments" aria-label={t('assignments.filters')}>
        <SearchField
          id="assignments-filter-station"
          label={t('assignments.filterStation')}
          placeholder={t('assignments.filterStationPlaceholder')}
          value={stationFilter}
          onSearch={setStationFilter}
        />
        <SearchField
          id="assignments-filter-observer"
          label={t('assignments.filterObserver')}
          placeholder={t('assignments.filterObserverPlaceholder')}
          value={observerFilter}
          onSearch={setObserverFilter}
        />
      </search>

      <ListView
        query={assignments}
        count={shown.length}
        filtered={items.length > 0}
        empty={
          <EmptyState icon={ASSIGN_ICON} title={t('assignments.emptyTitle')}>
            <p>{canManage ? t('assignments.emptyBody') : t('assignments.emptyBodyReadOnly')}</p>
          </EmptyState>
        }
        noMatch={t('assignments.notFound')}
        caption={
          <>
            {t('assignments.total', { count: items.length })}
            {filtered &&
              ` (${t('assignments.shown', { shown: formatNumber(shown.length), total: formatNumber(items.length) })})`}
          </>
        }
        toolbar={
          <ExportLinks
            csv={assignmentExportUrl(election.id, 'csv')}
            xlsx={assignmentExportUrl(election.id, 'xlsx')}
            labels={{ csv: t('assignments.exportCsv'), xlsx: t('assignments.exportXlsx') }}
          />
        }
      >
        <DataTable
          className="table table-cards table-assignments"
          columns={assignmentColumns(t, canManage, (a) => {
            setNotice(null);
            remove.reset();
            setDeleting(a);
          })}
          rows={shown}
          rowKey={(a) => a.id}
          rowProps={(a) => ({ 'data-station-number': a.stationNumber, 'data-observer': a.observerName })}
        />
      </ListView>

      {deleting && (
        <ConfirmDialog
          title={t('assignments.deleteTitle', { number: deleting.stationNumber })}
          confirm={t('assignments.deleteConfirm')}
          confirming={t('assignments.deleting')}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                setNotice(
                  t('assignments.deleted', { observer: deleting.observerName, number: deleting.stationNumber }),
                );
                setDeleting(null);
              },
            })
          }
        >
          <p>
            {t('assignments.deleteBody', {
              observer: deleting.observerName,
              shift: t(`shifts.${deleting.shift}`),
            })}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface AssignFormProps {
  election: ElectionDto;
  onAssigned: (created: AssignmentDto) => void;
  onStart: () => void;
}

/** Observer, station and shift: each picker is a search box that narrows a plain select. */
function AssignForm({ election, onAssigned, onStart }: AssignFormProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [observerSearch, setObserverSearch] = useState('');
  const [stationSearch, setStationSearch] = useState('');
  const [observer, setObserver] = useState<UserDto | null>(null);
  const [station, setStation] = useState<StationDto | null>(null);
  const [shift, setShift] = useState<AssignmentShift>('voting_day');
  const [missing, setMissing] = useState<{ observer?: string; station?: string }>({});
  const stationQ = useDebounced(stationSearch.trim(), 250);
  const create = useCreateAssignment(election.id);

  const observers = useUsers({ role: 'observer', status: 'active' });
  const stations = useStationPicker(election.id, stationQ, PICKER_LIMIT);

  // The chosen one stays in the list while the search shows others.
  const observerOptions = withChosen(
    matchingNames(observers.data?.items ?? [], observerSearch).slice(0, PICKER_LIMIT),
    observer,
  );
  const stationOptions = withChosen(stations.data?.items ?? [], station);
  const noObserversAtAll = observers.isSuccess && observers.data.items.length === 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    onStart();
    const problems = {
      ...(!observer && { observer: t('assignments.observerRequired') }),
      ...(!station && { station: t('assignments.stationRequired') }),
    };
    setMissing(problems);
    if (!observer || !station) {
      document.getElementById(!observer ? 'assign-observer' : 'assign-station')?.focus();
      return;
    }
    send(false);
  }

  /** Sends the chosen assignment; `override` after the coordinator saw the warnings and confirmed. */
  function send(override: boolean) {
    if (!observer || !station) return;
    create.mutate(
      { observerId: observer.id, stationId: station.id, shift, ...(override && { override: true }) },
      {
        onSuccess: ({ assignment }) => {
          onAssigned(assignment);
          setObserver(null);
          setObserverSearch('');
        },
      },
    );
  }

  const conflict = create.error instanceof ApiError && create.error.code === 'conflict';
  const warnings = warningsOf(create.error);

  return (
    <section className="card panel as-form" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('assignments.formTitle')}</h2>
      {noObserversAtAll && (
        <Alert tone="info">
          <p>{t('assignments.noObservers')}</p>
          <Link to="/hq/users" className="button button-secondary button-small">
            {t('assignments.toUsers')}
          </Link>
        </Alert>
      )}
      {conflict ? (
        <Alert>
          <p>{t('assignments.already')}</p>
        </Alert>
      ) : warnings ? (
        <AssignmentWarnings
          warnings={warnings}
          pending={create.isPending}
          onOverride={() => send(true)}
          onCancel={() => create.reset()}
        />
      ) : (
        <ProblemAlert error={create.error} />
      )}
      <form className="as-form-grid" onSubmit={submit} noValidate>
        <fieldset className="fieldset as-picker">
          <legend>{t('assignments.observer')}</legend>
          <SearchField
            id="assign-observer-search"
            label={t('assignments.observerSearch')}
            placeholder={t('assignments.observerSearchPlaceholder')}
            value={observerSearch}
            onSearch={setObserverSearch}
          />
          <SelectField
            id="assign-observer"
            label={t('assignments.observer')}
            value={observer?.id ?? ''}
            error={missing.observer}
            onChange={(event) => {
              setObserver(observerOptions.find((o) => o.id === event.target.value) ?? null);
              create.reset();
              setMissing((m) => ({ ...m, observer: undefined }));
            }}
          >
            <option value="">
              {observerOptions.length === 0 && observerSearch.trim()
                ? t('assignments.noObserversFound')
                : t('assignments.chooseObserver')}
            </option>
            {observerOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.displayName}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <fieldset className="fieldset as-picker">
          <legend>{t('assignments.station')}</legend>
          <SearchField
            id="assign-station-search"
            label={t('assignments.stationSearch')}
            placeholder={t('assignments.stationSearchPlaceholder')}
            value={stationSearch}
            onSearch={setStationSearch}
          />
          <SelectField
            id="assign-station"
            label={t('assignments.station')}
            value={station?.id ?? ''}
            error={missing.station}
            onChange={(event) => {
              setStation(stationOptions.find((s) => s.id === event.target.value) ?? null);
              create.reset();
              setMissing((m) => ({ ...m, station: undefined }));
            }}
          >
            <option value="">
              {stationOptions.length === 0 && stationQ
                ? t('assignments.noStationsFound')
                : t('assignments.chooseStation')}
            </option>
            {stationOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('assignments.stationOption', { number: s.number, address: s.address })}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <div className="as-form-end">
          <SelectField
            id="assign-shift"
            label={t('assignments.shift')}
            value={shift}
            onChange={(event) => {
              const value = assignmentShifts.find((s) => s === event.target.value);
              if (value) setShift(value);
              create.reset();
            }}
          >
            {assignmentShifts.map((s) => (
              <option key={s} value={s}>
                {t(`shifts.${s}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t('assignments.assigning') : t('assignments.assign')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The assignments in the import columns: the file imports back with nothing to change. */
function assignmentExportUrl(electionId: string, format: 'csv' | 'xlsx'): string {
  return `/api/v1/elections/${encodeURIComponent(electionId)}/assignments/export?format=${format}`;
}

function withChosen<T extends { id: string }>(items: readonly T[], chosen: T | null): T[] {
  if (!chosen || items.some((item) => item.id === chosen.id)) return [...items];
  return [chosen, ...items];
}

/** The assignments table's columns: station, address, observer, shift and, for managers, "delete". */
function assignmentColumns(
  t: TFunction,
  canManage: boolean,
  onDelete: (assignment: AssignmentDto) => void,
): Column<AssignmentDto>[] {
  return [
    {
      id: 'number',
      header: t('assignments.columns.number'),
      headerClassName: 'cell-number',
      rowHeader: true,
      className: 'cell-primary cell-number as-station',
      cell: (a) => (
        <>
          <span className="visually-hidden">{t('assignments.columns.number')} </span>
          <span className="as-station-sign" aria-hidden="true">
            №{' '}
          </span>
          {a.stationNumber}
        </>
      ),
    },
    {
      id: 'address',
      header: t('assignments.columns.address'),
      className: 'cell-address',
      cell: (a) => a.stationAddress,
    },
    {
      id: 'observer',
      header: t('assignments.columns.observer'),
      className: 'as-observer',
      cell: (a) => a.observerName,
    },
    {
      id: 'shift',
      header: t('assignments.columns.shift'),
      className: 'as-shift',
      cell: (a) => <span className="badge badge-shift">{t(`shifts.${a.shift}`)}</span>,
    },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: t('assignments.columns.actions'),
            hiddenHeader: true,
            label: false,
            className: 'cell-actions',
            cell: (a: AssignmentDto) => (
              <div className="row-actions">
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={t('assignments.deleteNamed', { observer: a.observerName, number: a.stationNumber })}
                  onClick={() => onDelete(a)}
                >
                  {t('assignments.delete')}
                </button>
              </div>
            ),
          } satisfies Column<AssignmentDto>,
        ]
      : []),
  ];
}
