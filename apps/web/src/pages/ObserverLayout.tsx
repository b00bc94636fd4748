import type { UserDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { SkipLink } from '../components/SkipLink.tsx';
import { Wordmark } from '../components/Wordmark.tsx';
import { useSession } from '../session/session-queries.ts';

/** `/app/*`: the observer's phone-first shell. Staff are sent to the console. */
export function ObserverLayout() {
  return <RequireSession audience="observer">{() => <ObserverShell />}</RequireSession>;
}

function ObserverShell() {
  const { t } = useTranslation();
  return (
    <div className="field-app">
      <SkipLink />
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
          <SignOutButton />
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
