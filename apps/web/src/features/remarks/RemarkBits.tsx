import { type Locale, localized, type RemarkDto } from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useCalendarDateFormat } from '../../hooks/use-formatters.ts';

/** A `YYYY-MM-DD` day in the UI language. */
export const useDayFormat = useCalendarDateFormat;

/** Whom the remark goes to, as the territory tree names the commission (or by its level and place). */
export function commissionLabel(
  t: TFunction,
  r: Pick<RemarkDto, 'commissionLevel' | 'commissionName' | 'stationNumber' | 'areaName'>,
  locale: Locale,
): string {
  if (r.commissionName) return r.commissionName;
  if (r.commissionLevel === 'precinct') return t('remarks.precinctCommission', { number: r.stationNumber ?? '' });
  if (r.commissionLevel === 'territorial') {
    return t('remarks.territorialCommission', { area: localized(r.areaName, locale) });
  }
  return t('remarks.levels.central');
}

/** The status as a badge, with "overdue" beside it when the commission's answer is late. */
export function RemarkStatusBadge({ remark }: { remark: Pick<RemarkDto, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <span className="remark-status">
      <span className={`badge remark-badge remark-badge-${remark.status}`} data-status={remark.status}>
        {t(`remarks.statuses.${remark.status}`)}
      </span>
      {remark.overdue && (
        <span className="badge remark-badge remark-badge-overdue" data-overdue="true">
          {t('remarks.overdue')}
        </span>
      )}
    </span>
  );
}
