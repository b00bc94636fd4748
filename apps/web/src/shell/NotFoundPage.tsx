import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useDocumentTitle } from '../hooks/use-document-title.ts';

function NotFoundContent({ home }: { home: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <section className="empty-state" aria-labelledby="not-found-title">
      <p className="empty-state-code" aria-hidden="true">
        404
      </p>
      <PageHeading id="not-found-title">{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <Link to={home} className="button button-secondary">
        {t('notFound.home')}
      </Link>
    </section>
  );
}

export function NotFoundPage() {
  return (
    <AuthLayout>
      <div className="card auth-card">
        <NotFoundContent home="/" />
      </div>
    </AuthLayout>
  );
}

/** Inside the console shell, so the navigation stays at hand. */
export function HqNotFound() {
  return <NotFoundContent home="/hq" />;
}

/** Inside the observer app, with its header. */
export function ObserverNotFound() {
  return <NotFoundContent home="/app" />;
}
