import {
  type AreaDto,
  type CreateStationBody,
  type ElectionDto,
  isClockTime,
  parseNumberCell,
  REGISTERED_VOTERS_MAX,
  STATION_NUMBER_MAX,
  type StationDto,
} from '@pollwatch/core';
import { type FormEvent, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { type FieldErrors, fieldErrorsOf } from '../../errors/problem-text.ts';
import { useFormFields } from '../../hooks/use-form-fields.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { commonTimeZones } from '../elections/election-form.ts';
import { areaOptions } from './area-tree.ts';
import { CommissionFields, commissionOf, commissionValues } from './CommissionFields.tsx';
import { useSaveStation } from './territory-queries.ts';

interface StationDialogProps {
  election: ElectionDto;
  /** null: a new station. */
  station: StationDto | null;
  areas: readonly AreaDto[];
  onClose: () => void;
  onSaved: (station: StationDto, created: boolean) => void;
}

const text = (value: string | null | undefined) => value ?? '';
const orNull = (value: string) => value.trim() || null;

/** Create or change a polling station; the rarely needed fields wait under "more". */
export function StationDialog({ election, station, areas, onClose, onSaved }: StationDialogProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const save = useSaveStation(election.id);
  const timeZonesId = useId();
  const options = useMemo(() => areaOptions(areas, locale), [areas, locale]);
  const { values, errors, setErrors, bind } = useFormFields({
    number: station ? String(station.number) : '',
    areaId: station?.areaId ?? '',
    name: text(station?.name),
    address: text(station?.address),
    registeredVoters: station?.registeredVoters === null || !station ? '' : String(station.registeredVoters),
    ...commissionValues(station?.commission),
    latitude: station?.latitude === null || !station ? '' : String(station.latitude),
    longitude: station?.longitude === null || !station ? '' : String(station.longitude),
    accessibility: text(station?.accessibility),
    pollsOpen: text(station?.pollsOpen),
    pollsClose: text(station?.pollsClose),
    timeZone: text(station?.timeZone),
  });
  const moreOpen = Boolean(
    station &&
      (station.latitude !== null ||
        station.longitude !== null ||
        station.accessibility ||
        station.pollsOpen ||
        station.pollsClose ||
        station.timeZone),
  );

  function integer(raw: string, min: number, max: number): number | null | undefined {
    const n = parseNumberCell(raw);
    if (n === null) return null;
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  }

  function coordinate(raw: string, limit: number): number | null | undefined {
    const n = parseNumberCell(raw);
    if (n === null) return null;
    return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    const number = integer(values.number, 1, STATION_NUMBER_MAX);
    if (number === null) next.number = t('validation.required');
    else if (number === undefined) next.number = t('stations.form.invalidNumber', { max: STATION_NUMBER_MAX });
    if (!values.areaId) next.areaId = t('validation.required');
    // The address is recommended, not required: commissions' lists often have none.
    const registeredVoters = integer(values.registeredVoters, 0, REGISTERED_VOTERS_MAX);
    if (registeredVoters === undefined) {
      next.registeredVoters = t('stations.form.invalidVoters', { max: REGISTERED_VOTERS_MAX });
    }
    const latitude = coordinate(values.latitude, 90);
    if (latitude === undefined) next.latitude = t('stations.form.invalidCoordinate');
    const longitude = coordinate(values.longitude, 180);
    if (longitude === undefined) next.longitude = t('stations.form.invalidCoordinate');
    for (const field of ['pollsOpen', 'pollsClose'] as const) {
      if (values[field] && !isClockTime(values[field])) next[field] = t('elections.problems.invalid_time');
    }
    setErrors(next);
    if (Object.values(next).some(Boolean) || number === null || number === undefined) return;

    const body: CreateStationBody = {
      areaId: values.areaId,
      number,
      address: values.address.trim(),
      name: orNull(values.name),
      registeredVoters: registeredVoters ?? null,
      commission: commissionOf(values),
      latitude: latitude ?? null,
      longitude: longitude ?? null,
      accessibility: orNull(values.accessibility),
      pollsOpen: values.pollsOpen || null,
      pollsClose: values.pollsClose || null,
      timeZone: orNull(values.timeZone),
    };
    save.mutate(station ? { id: station.id, body } : { id: null, body }, {
      onSuccess: (res) => onSaved(res.station, !station),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'station_number_taken') {
          setErrors({ number: t('errors.station_number_taken') });
        } else {
          setErrors(fieldErrorsOf(t, error));
        }
      },
    });
  }

  const title = station ? t('stations.form.editTitle', { number: station.number }) : t('stations.form.createTitle');
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={save.error} fieldErrors={errors} />
        <div className="field-row">
          <TextField
            id="station-number"
            label={t('stations.form.number')}
            inputMode="numeric"
            autoComplete="off"
            value={values.number}
            onChange={bind('number')}
            error={errors.number}
          />
          <TextField
            id="station-voters"
            label={t('stations.form.voters')}
            inputMode="numeric"
            autoComplete="off"
            value={values.registeredVoters}
            onChange={bind('registeredVoters')}
            error={errors.registeredVoters}
          />
        </div>
        <SelectField
          id="station-area"
          label={t('stations.form.area')}
          value={values.areaId}
          onChange={bind('areaId')}
          error={errors.areaId}
        >
          <option value="">{t('stations.form.chooseArea')}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <TextField
          id="station-name"
          label={t('stations.form.name')}
          hint={t('stations.form.nameHint')}
          value={values.name}
          onChange={bind('name')}
          error={errors.name}
        />
        <TextField
          id="station-address"
          label={t('stations.form.address')}
          hint={station && !station.address ? t('stations.form.noAddress') : undefined}
          value={values.address}
          onChange={bind('address')}
          autoComplete="off"
          error={errors.address}
        />
        <CommissionFields idPrefix="station" texts="stations.form" values={values} bind={bind} />
        <details className="more" open={moreOpen || undefined}>
          <summary>{t('stations.form.more')}</summary>
          <div className="more-body">
            <div className="field-row">
              <TextField
                id="station-latitude"
                label={t('stations.form.latitude')}
                inputMode="decimal"
                value={values.latitude}
                onChange={bind('latitude')}
                error={errors.latitude}
              />
              <TextField
                id="station-longitude"
                label={t('stations.form.longitude')}
                inputMode="decimal"
                value={values.longitude}
                onChange={bind('longitude')}
                error={errors.longitude}
              />
            </div>
            <TextField
              id="station-accessibility"
              label={t('stations.form.accessibility')}
              value={values.accessibility}
              onChange={bind('accessibility')}
            />
            <p className="field-hint">
              {t('stations.form.overrideHint', {
                open: election.pollsOpen,
                close: election.pollsClose,
                zone: election.timeZone,
              })}
            </p>
            <div className="field-row">
              <TextField
                id="station-polls-open"
                type="time"
                label={t('stations.form.pollsOpen')}
                value={values.pollsOpen}
                onChange={bind('pollsOpen')}
                error={errors.pollsOpen}
              />
              <TextField
                id="station-polls-close"
                type="time"
                label={t('stations.form.pollsClose')}
                value={values.pollsClose}
                onChange={bind('pollsClose')}
                error={errors.pollsClose}
              />
            </div>
            <TextField
              id="station-time-zone"
              label={t('stations.form.timeZone')}
              list={timeZonesId}
              spellCheck={false}
              autoComplete="off"
              value={values.timeZone}
              onChange={bind('timeZone')}
              error={errors.timeZone}
            />
            <datalist id={timeZonesId}>
              {commonTimeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
        </details>
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
