import { can, localized } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useCalendarDateFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { DemoBanner } from '../elections/ElectionViews.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { CampaignDashboard } from './CampaignDashboard.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  const user = useStaffUser();
  useDocumentTitle(t('nav.overview'));
  const current = useCurrentElection();
  const formatDay = useCalendarDateFormat();
  const election = current.election;
  return (
    <>
      <header className="page-header">
        <PageHeading>{t('nav.overview')}</PageHeading>
        <p className="muted">{t('overview.greeting', { name: user.displayName })}</p>
      </header>
      <DemoBanner election={election} />
      {election ? (
        <>
          <section className="card panel" aria-labelledby="overview-election">
            <h2 id="overview-election">{t('overview.currentTitle')}</h2>
            <p>
              {localized(election.name, currentLocale())} —{' '}
              <time dateTime={election.votingDate}>{formatDay(election.votingDate)}</time>
            </p>
            <div className="form-actions">
              {can(user.role, 'stations.read') && (
                <Link to="/hq/stations" className="button button-secondary">
                  {t('overview.stationsLink')}
                </Link>
              )}
              <Link to="/hq/elections" className="button button-quiet">
                {t('overview.electionsLink')}
              </Link>
            </div>
          </section>
          {can(user.role, 'assignments.read') && <CampaignDashboard election={election} />}
        </>
      ) : (
        current.isSuccess && (
          <EmptyState icon="M10 20h28v20H10zM6 20l18-12 18 12M18 40V28h12v12" title={t('overview.emptyTitle')}>
            <p>{t('overview.emptyBody')}</p>
            <div className="form-actions">
              {can(user.role, 'elections.read') && (
                <Link to="/hq/elections" className="button button-secondary">
                  {t('overview.electionsLink')}
                </Link>
              )}
              {can(user.role, 'users.read') && (
                <Link to="/hq/users" className="button button-quiet">
                  {t('overview.usersLink')}
                </Link>
              )}
            </div>
          </EmptyState>
        )
      )}
    </>
  );
}
