import type { ElectionDto, ReadinessVisit, StationDto, UserDto } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SearchField, SelectField, TextField } from '../../components/FormField.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useCalendarDateFormat, useDebounced, useNumberFormat } from '../../hooks/use-formatters.ts';
import { useUsers } from '../accounts/accounts-queries.ts';
import { useStationPicker } from '../territory/territory-queries.ts';
import { useCreateVisit, useDeleteVisit, useReadinessVisits } from './readiness-queries.ts';

const PICKER_LIMIT = 50;

function matching(users: readonly UserDto[], search: string): UserDto[] {
  const words = search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return users.filter((u) => words.every((w) => u.displayName.toLocaleLowerCase().includes(w)));
}

/** The readiness visits the HQ plans (observer × station × day) and how far the plan has got. */
export function PlanVisits({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const formatNumber = useNumberFormat();
  const visits = useReadinessVisits(election.id);
  const remove = useDeleteVisit();
  const [notice, setNotice] = useState<string | null>(null);

  const columns: Column<ReadinessVisit>[] = [
    {
      id: 'date',
      header: t('readiness.plan.date'),
      rowHeader: true,
      label: false,
      className: 'cell-primary cell-nowrap',
      cell: (v) => formatDay(v.visitDate),
    },
    {
      id: 'station',
      header: t('readiness.plan.station'),
      className: 'cell-address',
      cell: (v) => t('readiness.plan.stationValue', { number: v.stationNumber, address: v.stationAddress }),
    },
    { id: 'observer', header: t('readiness.plan.observer'), cell: (v) => v.observerName },
    {
      id: 'status',
      header: t('readiness.plan.status'),
      cell: (v) =>
        v.status === 'done' && v.reportId ? (
          <Link to={`/hq/reports/${encodeURIComponent(v.reportId)}`} className="badge badge-ok">
            {t('readiness.plan.statuses.done')}
          </Link>
        ) : (
          <span className={v.status === 'overdue' ? 'badge badge-problem' : 'badge badge-missing'}>
            {t(`readiness.plan.statuses.${v.status}`)}
          </span>
        ),
    },
    {
      id: 'actions',
      header: t('readiness.plan.actions'),
      hiddenHeader: true,
      label: false,
      className: 'cell-actions',
      cell: (v) => (
        <button
          type="button"
          className="button button-small button-quiet"
          disabled={remove.isPending}
          aria-label={t('readiness.plan.deleteNamed', { observer: v.observerName, number: v.stationNumber })}
          onClick={() =>
            remove.mutate(v.id, {
              onSuccess: () =>
                setNotice(t('readiness.plan.deleted', { observer: v.observerName, number: v.stationNumber })),
            })
          }
        >
          {t('readiness.plan.delete')}
        </button>
      ),
    },
  ];

  return (
    <section className="op-section" aria-labelledby="rd-plan">
      <h2 id="rd-plan">{t('readiness.plan.title')}</h2>
      <p className="muted">{t('readiness.plan.intro')}</p>
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <ProblemAlert error={remove.error} />
      <PlanForm election={election} onPlanned={setNotice} />
      {visits.isPending ? (
        <Loading />
      ) : visits.isError ? (
        <LoadError error={visits.error} onRetry={() => void visits.refetch()} />
      ) : visits.data.items.length === 0 ? (
        <p className="table-empty">{t('readiness.plan.empty')}</p>
      ) : (
        <>
          <p className="table-caption" data-progress>
            {t('readiness.plan.progress', {
              done: formatNumber(visits.data.progress.done),
              planned: formatNumber(visits.data.progress.planned),
              overdue: formatNumber(visits.data.progress.overdue),
            })}
          </p>
          <DataTable
            className="table table-cards op-plans"
            caption={t('readiness.plan.title')}
            rows={visits.data.items}
            rowKey={(v) => v.id}
            rowProps={(v) => ({ 'data-status': v.status, 'data-station-number': v.stationNumber })}
            columns={columns}
          />
        </>
      )}
    </section>
  );
}

function PlanForm({ election, onPlanned }: { election: ElectionDto; onPlanned: (notice: string | null) => void }) {
  const { t } = useTranslation();
  const [observerSearch, setObserverSearch] = useState('');
  const [stationSearch, setStationSearch] = useState('');
  const [observer, setObserver] = useState<UserDto | null>(null);
  const [station, setStation] = useState<StationDto | null>(null);
  const [visitDate, setVisitDate] = useState('');
  const [missing, setMissing] = useState<{ observer?: string; station?: string; visitDate?: string }>({});
  const stationQ = useDebounced(stationSearch.trim(), 250);
  const observers = useUsers({ role: 'observer', status: 'active' });
  const stations = useStationPicker(election.id, stationQ, PICKER_LIMIT);
  const create = useCreateVisit(election.id);

  const observerOptions = matching(observers.data?.items ?? [], observerSearch).slice(0, PICKER_LIMIT);
  if (observer && !observerOptions.some((o) => o.id === observer.id)) observerOptions.unshift(observer);
  const stationOptions = [...(stations.data?.items ?? [])];
  if (station && !stationOptions.some((s) => s.id === station.id)) stationOptions.unshift(station);

  const periodError =
    create.error instanceof ApiError &&
    create.error.code === 'validation_failed' &&
    Array.isArray(create.error.details) &&
    (create.error.details as { keyword?: unknown }[]).some((d) => d.keyword === 'outside_period');

  function submit(event: FormEvent) {
    event.preventDefault();
    onPlanned(null);
    const problems = {
      ...(!observer && { observer: t('readiness.plan.observerRequired') }),
      ...(!station && { station: t('readiness.plan.stationRequired') }),
      ...(!visitDate && { visitDate: t('validation.required') }),
    };
    setMissing(problems);
    if (!observer || !station || !visitDate) return;
    create.mutate(
      { observerId: observer.id, stationId: station.id, visitDate },
      {
        onSuccess: ({ visit }) =>
          onPlanned(
            t('readiness.plan.planned', {
              observer: visit.observerName,
              number: visit.stationNumber,
            }),
          ),
      },
    );
  }

  return (
    <form className="card panel form op-plan" onSubmit={submit} noValidate aria-label={t('readiness.plan.formTitle')}>
      {!periodError && <ProblemAlert error={create.error} />}
      <div className="op-plan-form">
        <div className="form">
          <SearchField
            id="plan-observer-search"
            label={t('readiness.plan.observerSearch')}
            value={observerSearch}
            onSearch={setObserverSearch}
          />
          <SelectField
            id="plan-observer"
            label={t('readiness.plan.observer')}
            value={observer?.id ?? ''}
            error={missing.observer}
            onChange={(event) => {
              setObserver(observerOptions.find((o) => o.id === event.target.value) ?? null);
              setMissing((m) => ({ ...m, observer: undefined }));
            }}
          >
            <option value="">{t('readiness.plan.chooseObserver')}</option>
            {observerOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.displayName}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="form">
          <SearchField
            id="plan-station-search"
            label={t('readiness.plan.stationSearch')}
            value={stationSearch}
            onSearch={setStationSearch}
          />
          <SelectField
            id="plan-station"
            label={t('readiness.plan.station')}
            value={station?.id ?? ''}
            error={missing.station}
            onChange={(event) => {
              setStation(stationOptions.find((s) => s.id === event.target.value) ?? null);
              setMissing((m) => ({ ...m, station: undefined }));
            }}
          >
            <option value="">{t('readiness.plan.chooseStation')}</option>
            {stationOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('readiness.plan.stationValue', { number: s.number, address: s.address })}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField
          id="plan-date"
          type="date"
          label={t('readiness.plan.date')}
          min={election.monitoringFrom}
          max={election.votingDate}
          value={visitDate}
          error={missing.visitDate ?? (periodError ? t('readiness.plan.outsidePeriod') : undefined)}
          onChange={(event) => {
            setVisitDate(event.target.value);
            setMissing((m) => ({ ...m, visitDate: undefined }));
          }}
        />
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t('readiness.plan.planning') : t('readiness.plan.submit')}
        </button>
      </div>
    </form>
  );
}
