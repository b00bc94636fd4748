import { can } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useDocumentTitle } from '../hooks/use-document-title.ts';
import { useStaffUser } from './HqLayout.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  const user = useStaffUser();
  useDocumentTitle(t('nav.overview'));
  return (
    <>
      <header className="page-header">
        <PageHeading>{t('nav.overview')}</PageHeading>
        <p className="muted">{t('overview.greeting', { name: user.displayName })}</p>
      </header>
      <EmptyState icon="M10 20h28v20H10zM6 20l18-12 18 12M18 40V28h12v12" title={t('overview.emptyTitle')}>
        <p>{t('overview.emptyBody')}</p>
        {can(user.role, 'users.read') && (
          <Link to="/hq/users" className="button button-secondary">
            {t('overview.usersLink')}
          </Link>
        )}
      </EmptyState>
    </>
  );
}
