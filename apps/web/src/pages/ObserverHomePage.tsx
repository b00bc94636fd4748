import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { LoadError, Loading } from '../components/StatusViews.tsx';
import { Wordmark } from '../components/Wordmark.tsx';
import { useDocumentTitle } from '../hooks/use-document-title.ts';
import { useSession, useSignOut } from '../session/session-queries.ts';

/** `/app`: the observer's landing page until the field app arrives. */
export function ObserverHomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('roles.observer'));
  const session = useSession();
  const signOut = useSignOut();
  if (session.isPending) return <Loading fullPage />;
  if (session.isError) {
    return (
      <main className="centered">
        <LoadError error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <Navigate to="/sign-in" replace />;
  if (session.data.role !== 'observer') return <Navigate to="/hq" replace />;
  const user = session.data;

  return (
    <div className="field-app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="field-header">
        <Wordmark />
        <div className="field-header-tools">
          <LanguageSelect />
          <button
            type="button"
            className="button button-quiet"
            onClick={() => signOut.mutate()}
            disabled={signOut.isPending}
          >
            {signOut.isPending ? t('common.signingOut') : t('common.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="field-main" tabIndex={-1}>
        <h1 className="field-greeting">{t('observer.greeting', { name: user.displayName })}</h1>
        <p className="muted">{t('roles.observer')}</p>
        <section className="empty-state" aria-labelledby="observer-empty">
          <svg className="empty-state-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
            <path d="M24 42s-13-12.4-13-22a13 13 0 0 1 26 0c0 9.6-13 22-13 22zM24 25a5 5 0 1 0 0-10 5 5 0 0 0 0 10z" />
          </svg>
          <h2 id="observer-empty">{t('observer.emptyTitle')}</h2>
          <p>{t('observer.emptyBody')}</p>
        </section>
      </main>
    </div>
  );
}
