import type { AlertDto } from '@pollwatch/core';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDateTimeFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { useAlerts } from './alerts-queries.ts';
import './alerts.css';

/**
 * What needs a coordinator now, on the live page: missing reports, grave incidents, silent phones
 * in the actor's area (the server decides, in each station's time zone).
 */
/** `timeZone`: the election's, so times read as at the stations, wherever the coordinator sits. */
export function AlertsPanel({ electionId, timeZone }: { electionId: string; timeZone: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const formatNumber = useNumberFormat();
  const alerts = useAlerts(electionId);
  return (
    <section className="card panel al-panel" aria-labelledby={titleId} data-testid="alerts-panel">
      <h2 id={titleId}>
        {t('alerts.title')}
        {alerts.data && (
          <span className="al-open" data-open={alerts.data.open} data-nonzero={alerts.data.open > 0 || undefined}>
            {formatNumber(alerts.data.open)}
            <span className="visually-hidden"> {t('alerts.openLabel')}</span>
          </span>
        )}
      </h2>
      {alerts.isPending ? (
        <Loading />
      ) : alerts.isError ? (
        <LoadError error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.open === 0 ? (
        <p className="muted al-none">{t('alerts.none')}</p>
      ) : (
        <>
          <ul className="al-counts">
            {Object.entries(alerts.data.counts)
              .filter(([, n]) => n > 0)
              .map(([kind, n]) => (
                <li key={kind} data-kind={kind}>
                  {t(`alerts.kind.${kind as AlertDto['kind']}`)}: <strong>{formatNumber(n)}</strong>
                </li>
              ))}
          </ul>
          {/* Focusable, so that the list can be scrolled from the keyboard when it overflows. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
          <ul className="al-list" tabIndex={0} aria-labelledby={titleId}>
            {alerts.data.items.map((alert) => (
              <AlertItem key={alertKey(alert)} alert={alert} timeZone={timeZone} />
            ))}
          </ul>
          {alerts.data.items.length < alerts.data.open && (
            <p className="muted">
              {t('alerts.shown', {
                shown: formatNumber(alerts.data.items.length),
                total: formatNumber(alerts.data.open),
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function alertKey(a: AlertDto): string {
  return [a.kind, a.stationId, a.checkpoint, a.reportId, a.observer?.id].join(':');
}

function AlertItem({ alert, timeZone }: { alert: AlertDto; timeZone: string }) {
  const { t } = useTranslation();
  const time = useMemo<Intl.DateTimeFormatOptions>(() => ({ timeStyle: 'short', timeZone }), [timeZone]);
  const formatTime = useDateTimeFormat(time);
  const station = t('alerts.station', { number: alert.stationNumber });
  return (
    <li className="al-item" data-kind={alert.kind} data-station-id={alert.stationId}>
      <span className="al-kind">{t(`alerts.kind.${alert.kind}`)}</span>
      <span className="al-station">
        {station}
        <span className="muted"> · {alert.stationAddress}</span>
      </span>
      <span className="al-detail">
        {alert.checkpoint && <span>{t('alerts.checkpoint', { time: alert.checkpoint })} · </span>}
        {alert.observer && <span>{alert.observer.name} · </span>}
        {alert.since ? (
          <time dateTime={alert.since}>
            {alert.kind === 'observer_silent'
              ? t('alerts.lastHeard', { time: formatTime(alert.since) })
              : t('alerts.since', { time: formatTime(alert.since) })}
          </time>
        ) : (
          <span>{t('alerts.neverHeard')}</span>
        )}
        {alert.reportId && (
          <>
            {' · '}
            <Link to={`/hq/reports/${alert.reportId}`}>{t('alerts.openReport')}</Link>
          </>
        )}
      </span>
    </li>
  );
}
