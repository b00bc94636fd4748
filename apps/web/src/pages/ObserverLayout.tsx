import type { UserDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet } from 'react-router';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { LoadError, Loading } from '../components/StatusViews.tsx';
import { Wordmark } from '../components/Wordmark.tsx';
import { useSession, useSignOut } from '../session/session-queries.ts';

/** `/app/*`: the observer's phone-first shell. Staff are sent to the console. */
export function ObserverLayout() {
  const { t } = useTranslation();
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

  return (
    <div className="field-app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="field-header">
        <Link to="/app" className="field-brand">
          <Wordmark />
        </Link>
        <div className="field-header-tools">
          <LanguageSelect />
          <NavLink to="/app/account" className="field-account" title={t('account.title')}>
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <circle cx="12" cy="8" r="4" />
              <path d="M4 21v-1a7 7 0 0 1 7-7h2a7 7 0 0 1 7 7v1" />
            </svg>
            <span className="field-account-label">{t('account.title')}</span>
          </NavLink>
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
        <Outlet />
      </main>
    </div>
  );
}

/** For pages inside the observer shell: the signed-in observer (the layout guarantees one). */
export function useObserverUser(): UserDto {
  const { data } = useSession();
  if (!data) throw new Error('useObserverUser outside ObserverLayout');
  return data;
}
