import type { UserDto } from '@pollwatch/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Outlet } from 'react-router';
import { LanguageSelect } from '../../components/LanguageSelect.tsx';
import { SignOutButton } from '../../components/SignOutButton.tsx';
import { SkipLink } from '../../components/SkipLink.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { Wordmark } from '../../components/Wordmark.tsx';
import { sessionKey, useSession } from '../../session/session-queries.ts';
import { fieldDb } from './field-db.ts';
import { outboxCounts } from './outbox-model.ts';
import { registerFieldServiceWorker } from './register-sw.ts';
import {
  FieldContext,
  type FieldContextValue,
  useFieldPackLoader,
  useFieldSyncLoop,
  useFieldWorker,
  usePersistence,
} from './use-field.ts';
import '../forms/forms.css';
import './field-app.css';

/**
 * `/app/*`: the observer's field app. Unlike the console it opens without the server: when the
 * session cannot be checked (no network), the observer last signed in on this phone carries on
 * with the data saved on it. A server that says "no session" still sends them to sign in.
 */
export function FieldLayout() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [cached, setCached] = useState<UserDto | null | undefined>(undefined);

  useEffect(() => {
    void registerFieldServiceWorker();
    let alive = true;
    fieldDb.lastUser().then(
      (user) => alive && setCached(user ?? null),
      () => alive && setCached(null),
    );
    return () => {
      alive = false;
    };
  }, []);

  const user = session.data;
  useEffect(() => {
    if (user && user.role === 'observer') void fieldDb.putLastUser(user).catch(() => undefined);
  }, [user]);

  // No answer from the server (offline, or still asking without a network): the cached observer.
  const unreachable = session.isError || (session.isPending && !navigator.onLine);
  const offline = user === undefined && unreachable && cached?.role === 'observer';
  useEffect(() => {
    // The pages read the user from the session query: give it the cached one while offline.
    if (offline && cached) queryClient.setQueryData(sessionKey, cached);
  }, [offline, cached, queryClient]);

  if (user) {
    if (user.role !== 'observer') return <Navigate to="/hq" replace />;
    return <FieldShell user={user} />;
  }
  if (offline && cached) return <FieldShell user={cached} />;
  if (user === null || (session.isError && cached === null)) return <Navigate to="/sign-in" replace />;
  return <Loading fullPage />;
}

function FieldShell({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const pack = useFieldPackLoader(user.id);
  const { sync, snapshot } = useFieldSyncLoop(user.id);
  const persistence = usePersistence();
  const worker = useFieldWorker();
  const value: FieldContextValue = { user, pack, sync, snapshot, persistence, worker };
  const counts = outboxCounts(snapshot.entries);
  const waiting = counts.queued + counts.attention;

  return (
    <FieldContext.Provider value={value}>
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
        <nav className="fa-nav" aria-label={t('a11y.mainNavigation')}>
          <NavLink to="/app" end className="fa-nav-link">
            {t('field.stationsTitle')}
          </NavLink>
          <NavLink to="/app/reference" className="fa-nav-link">
            {t('field.referenceTitle')}
          </NavLink>
          <NavLink to="/app/school" className="fa-nav-link">
            {t('school.field.nav')}
          </NavLink>
          <NavLink to="/app/opinion" className="fa-nav-link">
            {t('posts.opinion.nav')}
          </NavLink>
          <NavLink to="/app/outbox" className="fa-nav-link">
            {t('field.outboxTitle')}
            {waiting > 0 && (
              <span className="fa-count" data-attention={counts.attention > 0 || undefined}>
                {waiting}
              </span>
            )}
          </NavLink>
          <span className="fa-net" role="status" data-online={snapshot.online || undefined}>
            <span className="fa-net-dot" aria-hidden="true" />
            {snapshot.syncing ? t('field.syncing') : snapshot.online ? t('field.online') : t('field.offlineShort')}
          </span>
        </nav>
        <main id="main" className="field-main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </FieldContext.Provider>
  );
}

/** For pages inside the field app: the signed-in observer (the layout guarantees one). */
export function useObserverUser(): UserDto {
  const { data } = useSession();
  if (!data) throw new Error('useObserverUser outside FieldLayout');
  return data;
}
