import { can, type ElectionDto, localized } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useCalendarDateFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import type { ElectionsNotice } from './ElectionFormPage.tsx';
import { DemoBanner } from './ElectionViews.tsx';
import { useCurrentElection, useMakeCurrent } from './elections-queries.ts';
import './elections.css';

export const ELECTION_ICON = 'M8 22h32v18H8zM16 22V8h16v14M20 15l3 3 6-6M16 31h16';

export function ElectionsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'elections.read')) return <NoAccess />;
  return <ElectionsList canManage={can(me.role, 'elections.manage')} />;
}

function ElectionsList({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.elections'));
  const elections = useCurrentElection();
  const makeCurrent = useMakeCurrent();
  const items = elections.elections;
  const notice = (useLocation().state as ElectionsNotice | null)?.notice;

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('nav.elections')}</PageHeading>
          <p className="muted">{t('elections.intro')}</p>
        </div>
        {canManage && (
          <Link to="/hq/elections/new" className="button button-primary">
            {t('elections.create')}
          </Link>
        )}
      </header>

      <DemoBanner election={elections.election} />
      {notice && !makeCurrent.isSuccess && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      {makeCurrent.isSuccess && (
        <Alert tone="success">
          <p>{t('elections.madeCurrent', { name: localized(makeCurrent.data.election.name, currentLocale()) })}</p>
        </Alert>
      )}
      <ProblemAlert error={makeCurrent.error} />

      <ListView
        query={elections}
        count={items.length}
        empty={
          <EmptyState icon={ELECTION_ICON} title={t('elections.emptyTitle')}>
            <p>{canManage ? t('elections.emptyBody') : t('elections.emptyBodyReadOnly')}</p>
            {canManage && (
              <Link to="/hq/elections/new" className="button button-secondary">
                {t('elections.create')}
              </Link>
            )}
          </EmptyState>
        }
      >
        <ul className="card-list">
          {items.map((election) => (
            <li key={election.id}>
              <ElectionCard
                election={election}
                canManage={canManage}
                switching={makeCurrent.isPending && makeCurrent.variables.id === election.id}
                onMakeCurrent={() => makeCurrent.mutate(election)}
              />
            </li>
          ))}
        </ul>
      </ListView>
    </>
  );
}

interface ElectionCardProps {
  election: ElectionDto;
  canManage: boolean;
  switching: boolean;
  onMakeCurrent: () => void;
}

function ElectionCard({ election, canManage, switching, onMakeCurrent }: ElectionCardProps) {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const locale = currentLocale();
  const name = localized(election.name, locale);
  const titleId = `election-${election.id}-title`;
  return (
    <article className="card election-card" aria-labelledby={titleId} data-current={election.isCurrent || undefined}>
      <div className="election-card-head">
        {/* A missing translation falls back to Russian: say so to screen readers. */}
        <h2 id={titleId} lang={election.name[locale]?.trim() ? undefined : 'ru'}>
          {name}
        </h2>
        <div className="badges">
          {election.isCurrent && <span className="badge badge-current">{t('badges.current')}</span>}
          {election.isDemo && <span className="badge badge-demo">{t('badges.demo')}</span>}
        </div>
      </div>
      <dl className="summary election-summary">
        <div>
          <dt>{t('elections.summary.kind')}</dt>
          <dd>{t(`elections.kinds.${election.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('elections.summary.votingDate')}</dt>
          <dd>
            <time dateTime={election.votingDate}>{formatDay(election.votingDate)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('elections.summary.hours')}</dt>
          <dd>
            {t('elections.summary.hoursValue', { open: election.pollsOpen, close: election.pollsClose })},{' '}
            {election.timeZone}
          </dd>
        </div>
        <div>
          <dt>{t('elections.summary.monitoringFrom')}</dt>
          <dd>
            <time dateTime={election.monitoringFrom}>{formatDay(election.monitoringFrom)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('elections.summary.ballot')}</dt>
          <dd>
            {election.ballotOptions.length === 0
              ? t('elections.summary.ballotEmpty')
              : t('elections.options', { count: election.ballotOptions.length })}
          </dd>
        </div>
      </dl>
      {canManage && (
        <div className="form-actions">
          <Link
            to={`/hq/elections/${encodeURIComponent(election.id)}`}
            className="button button-secondary button-small"
            aria-label={t('elections.editNamed', { name })}
          >
            {t('elections.edit')}
          </Link>
          {!election.isCurrent && (
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={switching}
              aria-label={t('elections.makeCurrentNamed', { name })}
              onClick={onMakeCurrent}
            >
              {switching ? t('elections.makingCurrent') : t('elections.makeCurrent')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
