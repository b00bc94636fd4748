import { can, type ElectionDto, localized, type ReportSummary } from '@pollwatch/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { AlertsPanel } from '../alerts/AlertsPanel.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { useStation } from '../territory/territory-queries.ts';
import { LiveReportsConflicts } from './LiveReportsConflicts.tsx';
import { feedKey, prependEvent } from './live-feed.ts';
import { resyncLiveQueries } from './live-resync.ts';
import { ReportFlags } from './ReportFlags.tsx';
import { formKindLabel } from './report-text.ts';
import { reportsKeys } from './reports.keys.ts';
import type { ReportAcceptedEvent } from './reports-api.ts';
import { useReportStats, useReports } from './reports-queries.ts';
import { useQuestionLabels } from './use-question-labels.ts';
import { type LiveStatus, useReportEvents } from './use-report-events.ts';
import './reports.css';

const FEED_TIME: Intl.DateTimeFormatOptions = { timeStyle: 'medium' };
const LIST_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };
/** A burst of reports refreshes the counters and lists once, not once per report. */
const REFRESH_AFTER_MS = 1_000;

export function LiveReportsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'reports.read')) return <NoAccess />;
  return <LiveReportsScreen canDecide={can(me.role, 'reports.decide')} />;
}

function LiveReportsScreen({ canDecide }: { canDecide: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('liveReports.title'));
  return (
    <CurrentElectionScreen title={t('liveReports.title')}>
      {(election) => <LiveBoard key={election.id} election={election} canDecide={canDecide} />}
    </CurrentElectionScreen>
  );
}

function LiveBoard({ election, canDecide }: { election: ElectionDto; canDecide: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [feed, setFeed] = useState<ReportAcceptedEvent[]>([]);
  const refreshTimer = useRef<number | undefined>(undefined);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: reportsKeys.live(election.id) }),
    [queryClient, election.id],
  );
  useEffect(() => () => window.clearTimeout(refreshTimer.current), []);

  const status = useReportEvents(election.id, {
    onEvent: (event) => {
      setFeed((current) => prependEvent(current, event));
      if (refreshTimer.current === undefined) {
        refreshTimer.current = window.setTimeout(() => {
          refreshTimer.current = undefined;
          void refresh();
        }, REFRESH_AFTER_MS);
      }
    },
    // Whatever arrived while the connection was down is in the lists and counters, if not the feed.
    onOpen: () => void refresh(),
    // The server dropped events (this reader fell too far behind): the overview and queue too.
    onResync: () => void resyncLiveQueries(queryClient, election.id),
  });

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('liveReports.title')}</PageHeading>
          <p className="muted">{t('liveReports.intro', { election: localized(election.name, currentLocale()) })}</p>
        </div>
        <LiveIndicator status={status} />
      </header>

      <DemoBanner election={election} />
      <Counters electionId={election.id} />
      <AlertsPanel electionId={election.id} timeZone={election.timeZone} />
      <div className="lr-columns">
        <Feed feed={feed} />
        <ReportsList electionId={election.id} />
      </div>
      <LiveReportsConflicts electionId={election.id} canDecide={canDecide} />
    </>
  );
}

function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <p className="lr-status" data-status={status} role="status">
      <span className="lr-status-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('liveReports.statusLabel')}: </span>
      {t(`liveReports.status.${status}`)}
    </p>
  );
}

function Counters({ electionId }: { electionId: string }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const stats = useReportStats(electionId);
  const titleId = useId();
  if (stats.isPending) return <Loading />;
  if (stats.isError) return <LoadError error={stats.error} onRetry={() => void stats.refetch()} />;
  const { byKind, flagged, conflicts } = stats.data;
  const total = byKind.reduce((sum, k) => sum + k.reports, 0);
  return (
    <section className="lr-counters" aria-labelledby={titleId}>
      <h2 id={titleId} className="visually-hidden">
        {t('liveReports.countersTitle')}
      </h2>
      <dl className="counts">
        <div className="count" data-count="total">
          <dt>{t('liveReports.totalReports')}</dt>
          <dd>{formatNumber(total)}</dd>
        </div>
        <div className="count" data-count="flagged" data-nonzero={flagged > 0 ? '' : undefined}>
          <dt>{t('liveReports.flagged')}</dt>
          <dd>{formatNumber(flagged)}</dd>
        </div>
        <div className="count" data-count="conflicts" data-nonzero={conflicts > 0 ? '' : undefined}>
          <dt>{t('liveReports.conflicts')}</dt>
          <dd>{formatNumber(conflicts)}</dd>
        </div>
        {byKind.map((k) => (
          <div className="count" data-count={`kind-${k.kind}`} key={k.kind}>
            <dt>{formKindLabel(t, k.kind)}</dt>
            <dd>
              {formatNumber(k.reports)}
              <span className="count-sub">{t('liveReports.stationsCount', { n: formatNumber(k.stations) })}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Events carry the station's id, not its number: the number is looked up once per station. */
function useStationNumber(stationId: string): number | null {
  const station = useStation(stationId);
  return station.data?.station.number ?? null;
}

function Feed({ feed }: { feed: readonly ReportAcceptedEvent[] }) {
  const { t } = useTranslation();
  const titleId = useId();
  const latest = feed[0];
  return (
    <section className="card panel lr-feed" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('liveReports.feedTitle')}</h2>
      {/* Screen readers hear each new report once, politely; the list itself stays quiet. */}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
        {latest && <Announcement key={feedKey(latest)} event={latest} />}
      </div>
      {feed.length === 0 ? (
        <p className="muted lr-feed-empty">{t('liveReports.feedEmpty')}</p>
      ) : (
        <ol className="lr-feed-list">
          {feed.map((event) => (
            <FeedItem key={feedKey(event)} event={event} />
          ))}
        </ol>
      )}
    </section>
  );
}

function Announcement({ event }: { event: ReportAcceptedEvent }) {
  const { t } = useTranslation();
  const number = useStationNumber(event.stationId);
  if (number === null) return null;
  const values = { kind: formKindLabel(t, event.formKind), number };
  return <p>{event.flags.length > 0 ? t('liveReports.announceFlagged', values) : t('liveReports.announce', values)}</p>;
}

function FeedItem({ event }: { event: ReportAcceptedEvent }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat(FEED_TIME);
  const number = useStationNumber(event.stationId);
  return (
    <li className="lr-feed-item" data-report-id={event.reportId} data-flagged={event.flags.length > 0 || undefined}>
      <div className="lr-feed-head">
        <span className="lr-feed-station">
          {number === null ? t('liveReports.stationPending') : t('liveReports.station', { number })}
        </span>
        <Link className="lr-feed-kind" to={`/hq/reports/${event.reportId}`}>
          {formKindLabel(t, event.formKind)}
        </Link>
        <time className="lr-feed-time" dateTime={event.at}>
          {formatTime(event.at)}
        </time>
      </div>
      <div className="lr-feed-meta">
        {event.revision > 1 && <span className="muted">{t('liveReports.revision', { n: event.revision })}</span>}
        <ReportFlags flags={event.flags} />
      </div>
    </li>
  );
}

function ReportsList({ electionId }: { electionId: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const reports = useReports(electionId, flaggedOnly);
  const formatTime = useDateTimeFormat(LIST_TIME);
  const items: ReportSummary[] = reports.data?.items ?? [];
  const questionLabel = useQuestionLabels(items.map((r) => r.formId));
  return (
    <section className="card panel lr-list" aria-labelledby={titleId}>
      <div className="lr-list-head">
        <h2 id={titleId}>{t('liveReports.listTitle')}</h2>
        <label className="lr-check">
          <input
            id="reports-flagged-only"
            type="checkbox"
            checked={flaggedOnly}
            onChange={(event) => setFlaggedOnly(event.target.checked)}
          />
          {t('liveReports.flaggedOnly')}
        </label>
      </div>
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <LoadError error={reports.error} onRetry={() => void reports.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">{flaggedOnly ? t('liveReports.listEmptyFlagged') : t('liveReports.listEmpty')}</p>
      ) : (
        <>
          <p className="table-caption">{t('liveReports.listShown', { n: items.length })}</p>
          <div className="lr-table-wrap">
            <table className="table table-cards table-reports">
              <thead>
                <tr>
                  <th scope="col">{t('liveReports.columns.station')}</th>
                  <th scope="col">{t('liveReports.columns.kind')}</th>
                  <th scope="col">{t('liveReports.columns.observer')}</th>
                  <th scope="col">{t('liveReports.columns.time')}</th>
                  <th scope="col">{t('liveReports.columns.flags')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} data-report-id={r.id} data-station-number={r.stationNumber}>
                    <th scope="row" className="cell-primary">
                      {t('liveReports.station', { number: r.stationNumber })}
                    </th>
                    <td data-label={t('liveReports.columns.kind')}>
                      <span>
                        <Link to={`/hq/reports/${r.id}`}>{formKindLabel(t, r.formKind)}</Link>
                        {r.revision > 1 && (
                          <span className="cell-sub">{t('liveReports.revision', { n: r.revision })}</span>
                        )}
                      </span>
                    </td>
                    <td data-label={t('liveReports.columns.observer')}>{r.observerName}</td>
                    <td data-label={t('liveReports.columns.time')} className="cell-nowrap">
                      <time dateTime={r.updatedAt}>{formatTime(r.updatedAt)}</time>
                    </td>
                    <td data-label={t('liveReports.columns.flags')}>
                      <ReportFlags
                        flags={r.flags}
                        detailed
                        questionLabel={(questionId) => questionLabel(r.formId, questionId)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
