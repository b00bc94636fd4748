import type { AreaDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/FormField.tsx';

type Commission = NonNullable<AreaDto['commission']>;

/** The form's text for a commission's three optional fields (an area's or a station's). */
export interface CommissionValues {
  commissionName: string;
  commissionAddress: string;
  commissionPhone: string;
}

export function commissionValues(commission: Commission | null | undefined): CommissionValues {
  return {
    commissionName: commission?.name ?? '',
    commissionAddress: commission?.address ?? '',
    commissionPhone: commission?.phone ?? '',
  };
}

/** What is sent: the filled fields, trimmed; null when none is (the commission is unknown). */
export function commissionOf(values: CommissionValues): Commission | null {
  const commission = {
    ...(values.commissionName.trim() && { name: values.commissionName.trim() }),
    ...(values.commissionAddress.trim() && { address: values.commissionAddress.trim() }),
    ...(values.commissionPhone.trim() && { phone: values.commissionPhone.trim() }),
  };
  return Object.keys(commission).length > 0 ? commission : null;
}

/** The commission fieldset of the area and station dialogs; `texts` is their locale section. */
export function CommissionFields({
  idPrefix,
  texts,
  values,
  bind,
}: {
  idPrefix: 'area' | 'station';
  texts: 'areas.form' | 'stations.form';
  values: CommissionValues;
  bind: (field: keyof CommissionValues) => (event: { target: { value: string } }) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend>{t(`${texts}.commission`)}</legend>
      <TextField
        id={`${idPrefix}-commission-name`}
        label={t(`${texts}.commissionName`)}
        value={values.commissionName}
        onChange={bind('commissionName')}
      />
      <TextField
        id={`${idPrefix}-commission-address`}
        label={t(`${texts}.commissionAddress`)}
        value={values.commissionAddress}
        onChange={bind('commissionAddress')}
      />
      <TextField
        id={`${idPrefix}-commission-phone`}
        type="tel"
        label={t(`${texts}.commissionPhone`)}
        value={values.commissionPhone}
        onChange={bind('commissionPhone')}
      />
    </fieldset>
  );
}
