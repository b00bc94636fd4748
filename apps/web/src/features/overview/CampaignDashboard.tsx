import { applicantPipeline, type ElectionDto, type Overview } from '@pollwatch/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useCalendarDateFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { Progress } from './OperationsViews.tsx';
import { useOverview } from './overview-queries.ts';

/**
 * The campaign at a glance, in the actor's area: recruitment, observers ready, readiness visits,
 * coverage per shift, reports today, and the verification queue and alerts once they exist.
 */
export function CampaignDashboard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const overview = useOverview(election.id);
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  return (
    <section aria-labelledby="op-dashboard-title">
      <h2 id="op-dashboard-title" className="visually-hidden">
        {t('overview.dashboardTitle')}
      </h2>
      <Tiles overview={overview.data} />
    </section>
  );
}

/** One tile of the dashboard: a title, its figures, and the screen that tells more. */
function Tile({
  id,
  title,
  children,
  link,
}: {
  id: string;
  title: string;
  children: ReactNode;
  link?: { to: string; label: string };
}) {
  return (
    <article className="card panel op-tile" data-tile={id} aria-labelledby={`op-tile-${id}`}>
      <h3 id={`op-tile-${id}`}>{title}</h3>
      {children}
      {link && (
        <div className="form-actions">
          <Link to={link.to} className="button button-quiet button-small">
            {link.label}
          </Link>
        </div>
      )}
    </article>
  );
}

function Row({ label, value, id }: { label: ReactNode; value: ReactNode; id?: string }) {
  return (
    <div className="op-list-row" data-row={id}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Tiles({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const formatDay = useCalendarDateFormat();
  const countOf = new Map(overview.recruitment.byStatus.map((s) => [s.status, s.count]));
  const { readiness } = overview;
  const off = (countOf.get('withdrawn') ?? 0) + (countOf.get('rejected') ?? 0);

  return (
    <div className="op-dashboard">
      <Tile
        id="recruitment"
        title={t('overview.recruitment')}
        link={{ to: '/hq/applicants', label: t('overview.recruitmentLink') }}
      >
        <p className="op-tile-figure">{formatNumber(overview.recruitment.total)}</p>
        <dl className="op-list">
          {applicantPipeline.map((status) => (
            <Row
              key={status}
              id={status}
              label={t(`recruitment.statuses.${status}`)}
              value={formatNumber(countOf.get(status) ?? 0)}
            />
          ))}
          <Row id="off" label={t('overview.recruitmentOff')} value={formatNumber(off)} />
        </dl>
      </Tile>

      <Tile id="observers" title={t('overview.observersReady')}>
        <dl className="op-list">
          <Row
            id="applicants"
            label={t('overview.readyApplicants')}
            value={formatNumber(overview.observersReady.applicants)}
          />
          <Row
            id="assigned"
            label={t('overview.assignedObservers')}
            value={formatNumber(overview.observersReady.assigned)}
          />
        </dl>
      </Tile>

      <Tile
        id="readiness"
        title={t('overview.readiness')}
        link={{ to: '/hq/readiness', label: t('overview.readinessLink') }}
      >
        <p className="muted">
          {t('overview.monitoringPeriod', {
            from: formatDay(readiness.monitoringFrom),
            to: formatDay(readiness.votingDate),
          })}
        </p>
        <dl className="op-list">
          <Row
            id="visited"
            label={t('overview.visited')}
            value={<Progress part={readiness.visited} whole={readiness.total} tone="good" />}
          />
          <Row
            id="plans"
            label={t('overview.plansDone')}
            value={<Progress part={readiness.plans.done} whole={readiness.plans.planned} />}
          />
          <Row id="overdue" label={t('overview.plansOverdue')} value={formatNumber(readiness.plans.overdue)} />
        </dl>
      </Tile>

      <Tile
        id="coverage"
        title={t('overview.coverage')}
        link={{ to: '/hq/coverage', label: t('overview.coverageLink') }}
      >
        <dl className="op-list">
          {overview.coverage.map((c) => (
            <Row
              key={c.shift}
              id={c.shift}
              label={t(`shifts.${c.shift}`)}
              value={<Progress part={c.covered} whole={c.total} tone="good" />}
            />
          ))}
        </dl>
      </Tile>

      <Tile
        id="reports"
        title={t('overview.reportsToday')}
        link={{ to: '/hq/reports', label: t('overview.reportsLink') }}
      >
        <p className="op-tile-figure">{formatNumber(overview.reportsToday)}</p>
        <p className="muted">{t('overview.todayIs', { day: formatDay(overview.today) })}</p>
      </Tile>

      {(overview.verification || overview.alerts) && (
        <Tile id="attention" title={t('overview.attention')}>
          <dl className="op-list">
            {overview.verification && (
              <>
                <Row
                  id="verification-open"
                  label={<Link to="/hq/queue">{t('overview.verificationOpen')}</Link>}
                  value={formatNumber(overview.verification.open)}
                />
                <Row
                  id="verification-claimed"
                  label={t('overview.verificationClaimed')}
                  value={formatNumber(overview.verification.claimed)}
                />
              </>
            )}
            {overview.alerts && (
              <Row
                id="alerts"
                label={<Link to="/hq/reports">{t('overview.alertsOpen')}</Link>}
                value={formatNumber(overview.alerts.open)}
              />
            )}
          </dl>
        </Tile>
      )}
    </div>
  );
}
