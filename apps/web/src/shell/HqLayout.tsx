import { can, type UserDto } from '@pollwatch/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { SkipLink } from '../components/SkipLink.tsx';
import { Wordmark } from '../components/Wordmark.tsx';
import { useMediaQuery } from '../hooks/use-media-query.ts';
import { useSession } from '../session/session-queries.ts';

const WIDE = '(min-width: 60em)';

/** `/hq/*`: the console shell for staff. Observers are sent to their own app. */
export function HqLayout() {
  return <RequireSession audience="staff">{(user) => <HqShell user={user} />}</RequireSession>;
}

/** For pages inside the shell: the signed-in staff member (the layout guarantees one). */
export function useStaffUser(): UserDto {
  const { data } = useSession();
  if (!data) throw new Error('useStaffUser outside HqLayout');
  return data;
}

function HqShell({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const wide = useMediaQuery(WIDE);
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const navId = useId();

  // A followed link closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const items = [
    { to: '/hq', end: true, label: t('nav.overview'), icon: 'overview', show: true },
    {
      to: '/hq/elections',
      end: false,
      label: t('nav.elections'),
      icon: 'elections',
      show: can(user.role, 'elections.read'),
    },
    { to: '/hq/areas', end: false, label: t('nav.areas'), icon: 'areas', show: can(user.role, 'stations.read') },
    {
      to: '/hq/stations',
      end: false,
      label: t('nav.stations'),
      icon: 'stations',
      show: can(user.role, 'stations.read'),
    },
    { to: '/hq/forms', end: false, label: t('nav.forms'), icon: 'forms', show: can(user.role, 'forms.read') },
    {
      to: '/hq/reference',
      end: false,
      label: t('nav.reference'),
      icon: 'reference',
      show: can(user.role, 'reference.manage'),
    },
    {
      to: '/hq/school',
      end: false,
      label: t('school.nav'),
      icon: 'school',
      show: can(user.role, 'school.teach'),
    },
    { to: '/hq/posts', end: false, label: t('nav.posts'), icon: 'posts', show: can(user.role, 'posts.manage') },
    {
      to: '/hq/assignments',
      end: false,
      label: t('assignments.title'),
      icon: 'assignments',
      show: can(user.role, 'assignments.read'),
    },
    {
      to: '/hq/readiness',
      end: false,
      label: t('nav.readiness'),
      icon: 'readiness',
      show: can(user.role, 'assignments.read'),
    },
    {
      to: '/hq/coverage',
      end: false,
      label: t('nav.coverage'),
      icon: 'coverage',
      show: can(user.role, 'assignments.read'),
    },
    {
      to: '/hq/reports',
      end: false,
      label: t('liveReports.nav'),
      icon: 'reports',
      show: can(user.role, 'reports.read'),
    },
    { to: '/hq/queue', end: false, label: t('queue.nav'), icon: 'queue', show: can(user.role, 'reports.verify') },
    {
      to: '/hq/remarks',
      end: false,
      label: t('remarks.nav'),
      icon: 'remarks',
      show: can(user.role, 'remarks.read'),
    },
    {
      to: '/hq/exports',
      end: false,
      label: t('exports.nav'),
      icon: 'exports',
      show: can(user.role, 'reports.read'),
    },
    {
      to: '/hq/results',
      end: false,
      label: t('nav.results'),
      icon: 'results',
      show: can(user.role, 'results.read'),
    },
    {
      to: '/hq/quick-count',
      end: false,
      label: t('nav.quickCount'),
      icon: 'quickCount',
      show: can(user.role, 'results.read'),
    },
    {
      to: '/hq/resolution',
      end: false,
      label: t('nav.resolution'),
      icon: 'resolution',
      show: can(user.role, 'resolution.read'),
    },
    {
      to: '/hq/applicants',
      end: false,
      label: t('nav.applicants'),
      icon: 'applicants',
      show: can(user.role, 'applicants.read'),
    },
    {
      to: '/hq/messages',
      end: false,
      label: t('channels.nav'),
      icon: 'messages',
      show: can(user.role, 'channels.read'),
    },
    { to: '/hq/users', end: false, label: t('nav.users'), icon: 'users', show: can(user.role, 'users.read') },
    { to: '/hq/audit', end: false, label: t('nav.audit'), icon: 'audit', show: can(user.role, 'audit.read') },
  ] as const;

  const navOpen = wide || menuOpen;

  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        {!wide && (
          <button
            type="button"
            className="icon-button topbar-menu"
            aria-expanded={menuOpen}
            aria-controls={navId}
            aria-label={menuOpen ? t('a11y.closeMenu') : t('a11y.openMenu')}
            title={menuOpen ? t('a11y.closeMenu') : t('a11y.openMenu')}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              {menuOpen ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
            </svg>
          </button>
        )}
        <NavLink to="/hq" className="topbar-brand" end>
          <Wordmark />
          <span className="topbar-console">{t('nav.console')}</span>
        </NavLink>
        {wide && <AccountTools user={user} />}
      </header>
      <nav
        id={navId}
        className="sidebar"
        aria-label={t('a11y.mainNavigation')}
        data-open={navOpen ? 'true' : 'false'}
        hidden={!navOpen}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !wide) setMenuOpen(false);
        }}
      >
        <ul className="nav-list">
          {items
            .filter((item) => item.show)
            .map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="nav-link">
                  <NavIcon name={item.icon} />
                  <span>{item.label}</span>
                </NavLink>
              </li>
            ))}
        </ul>
        {!wide && <AccountTools user={user} />}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

function AccountTools({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  return (
    <section className="account" aria-label={t('a11y.account')}>
      <NavLink to="/hq/account" className="account-who" title={t('account.title')}>
        <span className="account-name">{user.displayName}</span>
        <span className="account-role">{t(`roles.${user.role}`)}</span>
      </NavLink>
      <LanguageSelect />
      <SignOutButton />
    </section>
  );
}

type NavIconName =
  | 'overview'
  | 'elections'
  | 'areas'
  | 'stations'
  | 'forms'
  | 'reference'
  | 'school'
  | 'posts'
  | 'assignments'
  | 'readiness'
  | 'coverage'
  | 'reports'
  | 'queue'
  | 'remarks'
  | 'results'
  | 'quickCount'
  | 'resolution'
  | 'exports'
  | 'applicants'
  | 'users'
  | 'messages'
  | 'audit';

function NavIcon({ name }: { name: NavIconName }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {name === 'overview' && <path d="M4 13h6V4H4zM14 20h6v-9h-6zM4 20h6v-4H4zM14 4v4h6V4z" />}
      {name === 'elections' && <path d="M4 11h16v9H4zM8 11V4h8v7M10 7.5l1.5 1.5L14.5 6M8 15h8" />}
      {name === 'areas' && <path d="M10 3h4v4h-4zM12 7v4M6 11h12M6 11v4M18 11v4M4 15h4v5H4zM16 15h4v5h-4z" />}
      {name === 'stations' && (
        <path d="M12 21s-7-6.2-7-11.5A7 7 0 0 1 19 9.5C19 14.8 12 21 12 21zM12 12.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6z" />
      )}
      {name === 'users' && (
        <path d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6" />
      )}
      {name === 'applicants' && <path d="M10 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM3 21v-1a6 6 0 0 1 6-6h2M15 17l2 2 4-4" />}
      {name === 'audit' && <path d="M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7" />}
      {name === 'messages' && <path d="M4 5h16v11H9l-5 4zM8 9h8M8 12h5" />}
      {name === 'forms' && <path d="M5 4h14v17H5zM9 2h6v4H9zM8.5 11l1.5 1.5 3-3M8.5 16.5h7" />}
      {name === 'reference' && (
        <path d="M4 5a2 2 0 0 1 2-2h5v17H6a2 2 0 0 0-2 2zM20 5a2 2 0 0 0-2-2h-5v17h5a2 2 0 0 1 2 2zM4 5v17M20 5v17" />
      )}
      {name === 'school' && <path d="M2 9l10-5 10 5-10 5zM6 11v5c0 1.7 2.7 3 6 3s6-1.3 6-3v-5M22 9v6" />}
      {name === 'posts' && <path d="M5 4h11l3 3v13H5zM8 9h8M8 13h8M8 17h5" />}
      {name === 'assignments' && (
        <path d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1M19 8v6M16 11h6" />
      )}
      {name === 'readiness' && <path d="M4 21V9l8-5 8 5v12zM9 21v-6h6v6M9 11l2 2 4-4" />}
      {name === 'coverage' && <path d="M12 3l8 3v6c0 4.5-3.5 7.5-8 9-4.5-1.5-8-4.5-8-9V6zM8.5 12l2.5 2.5 4.5-4.5" />}
      {name === 'reports' && <path d="M3 12h4l3-7 4 14 3-7h4" />}
      {name === 'queue' && <path d="M4 5h11M4 10h11M4 15h7M14 17l2.5 2.5L21 15" />}
      {name === 'remarks' && <path d="M5 4h10l4 4v12H5zM14 4v5h5M8 13h8M8 17h5" />}
      {name === 'results' && <path d="M4 20V11h4v9M10 20V4h4v16M16 20v-6h4v6M2.5 20h19" />}
      {name === 'quickCount' && <path d="M12 21a9 9 0 1 1 9-9M12 12l5-5M12 12h9M12 3v2M3 12h2" />}
      {name === 'resolution' && <path d="M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h4M15 19l1.5-3 1.5 3" />}
      {name === 'exports' && <path d="M12 3v12M7 10l5 5 5-5M4 17v4h16v-4" />}
    </svg>
  );
}
