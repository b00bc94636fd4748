import { assignableRoles, can, isRole, localized, type Role, roles, type UserDto } from '@pollwatch/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SearchField, SelectField } from '../../components/FormField.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat, useDebounced } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { ChannelLinksButton } from '../channels/ChannelLinks.tsx';
import { useAreas } from '../territory/territory-queries.ts';
import { canManageAccount, canSignOutEverywhere } from './account-rules.ts';
import { useIssueInvite, useLostPhone, useSetUserStatus, useSignOutEverywhere, useUsers } from './accounts-queries.ts';
import { CreateUserDialog } from './CreateUserDialog.tsx';
import { InviteDialog } from './InviteDialog.tsx';
import { LostPhoneDialog } from './LostPhoneDialog.tsx';
import { SignOutEverywhereDialog } from './SignOutEverywhereDialog.tsx';

type StatusFilter = '' | 'active' | 'disabled';
const DATE_ONLY: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

export function UsersPage() {
  const me = useStaffUser();
  if (!can(me.role, 'users.read')) return <NoAccess />;
  return <UsersDirectory me={me} />;
}

function UsersDirectory({ me }: { me: UserDto }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.users'));
  const formatDate = useDateTimeFormat(DATE_ONLY);

  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  const [inviteFor, setInviteFor] = useState<UserDto | null>(null);
  const [signOutFor, setSignOutFor] = useState<UserDto | null>(null);
  const [signedOut, setSignedOut] = useState<UserDto | null>(null);
  const [lostPhoneFor, setLostPhoneFor] = useState<UserDto | null>(null);
  const [phoneLost, setPhoneLost] = useState<UserDto | null>(null);

  const users = useUsers({ ...(role && { role }), ...(status && { status }), ...(q && { q }) });
  const setUserStatus = useSetUserStatus();
  const invite = useIssueInvite();
  const signOutEverywhere = useSignOutEverywhere();
  const lostPhone = useLostPhone();

  function askLostPhone(user: UserDto) {
    setPhoneLost(null);
    lostPhone.reset();
    setLostPhoneFor(user);
  }

  function askSignOutEverywhere(user: UserDto) {
    setSignedOut(null);
    signOutEverywhere.reset();
    setSignOutFor(user);
  }

  function issueInvite(user: UserDto) {
    setCreating(false);
    setInviteFor(user);
    invite.reset();
    invite.mutate({ user });
  }

  const creatable = assignableRoles(me.role);
  // Area names for the accounts that have one; the tree is readable with `stations.read` only.
  const areas = useAreas(null, can(me.role, 'stations.read'));
  const locale = currentLocale();
  const areaName = useMemo(() => {
    const names = new Map((areas.data?.items ?? []).map((a) => [a.id, localized(a.name, locale)]));
    return (areaId: string | null | undefined) => (areaId ? (names.get(areaId) ?? '…') : t('common.none'));
  }, [areas.data, locale, t]);

  const items = users.data?.items ?? [];

  const columns: Column<UserDto>[] = [
    {
      id: 'name',
      header: t('users.columns.name'),
      rowHeader: true,
      className: 'cell-primary',
      cell: (user) => (
        <>
          {user.displayName}
          {user.id === me.id && <span className="tag">{t('users.you')}</span>}
        </>
      ),
    },
    {
      id: 'email',
      header: t('users.columns.email'),
      className: 'cell-email',
      cell: (user) => user.email ?? t('common.none'),
    },
    { id: 'role', header: t('users.columns.role'), cell: (user) => t(`roles.${user.role}`) },
    { id: 'area', header: t('users.columns.area'), cell: (user) => areaName(user.areaId) },
    {
      id: 'status',
      header: t('users.columns.status'),
      cell: (user) => <span className={`badge badge-${user.status}`}>{t(`statuses.${user.status}`)}</span>,
    },
    {
      id: 'created',
      header: t('users.columns.created'),
      cell: (user) => <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>,
    },
    {
      id: 'actions',
      header: t('users.columns.actions'),
      hiddenHeader: true,
      label: false,
      className: 'cell-actions',
      cell: (user) =>
        canManageAccount(me, user) && (
          <div className="row-actions">
            {user.role === 'observer' && user.status === 'active' && (
              <button type="button" className="button button-small button-secondary" onClick={() => issueInvite(user)}>
                {t('users.invite')}
              </button>
            )}
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={setUserStatus.isPending && setUserStatus.variables.user.id === user.id}
              onClick={() => setUserStatus.mutate({ user, status: user.status === 'active' ? 'disabled' : 'active' })}
            >
              {user.status === 'active' ? t('users.disable') : t('users.enable')}
            </button>
            {canSignOutEverywhere(me, user) && (
              <button
                type="button"
                className="button button-small button-quiet"
                data-action="sign-out-everywhere"
                onClick={() => askSignOutEverywhere(user)}
              >
                {t('users.signOutEverywhere')}
              </button>
            )}
            {user.role === 'observer' && canSignOutEverywhere(me, user) && (
              <button
                type="button"
                className="button button-small button-quiet"
                data-action="lost-phone"
                onClick={() => askLostPhone(user)}
              >
                {t('users.lostPhone')}
              </button>
            )}
            {user.role === 'observer' && <ChannelLinksButton user={user} />}
          </div>
        ),
    },
  ];

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('nav.users')}</PageHeading>
          <p className="muted">{t('users.intro')}</p>
        </div>
        {creatable.length > 0 && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('users.create')}
          </button>
        )}
      </header>

      <search className="filters" aria-label={t('users.filters')}>
        <SearchField
          id="users-search"
          label={t('users.search')}
          placeholder={t('users.searchPlaceholder')}
          value={search}
          onSearch={setSearch}
        />
        <SelectField
          id="users-role"
          label={t('fields.role')}
          value={role}
          onChange={(event) => setRole(isRole(event.target.value) ? event.target.value : '')}
        >
          <option value="">{t('users.allRoles')}</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="users-status"
          label={t('fields.status')}
          value={status}
          onChange={(event) => setStatus(event.target.value as StatusFilter)}
        >
          <option value="">{t('users.allStatuses')}</option>
          <option value="active">{t('statuses.active')}</option>
          <option value="disabled">{t('statuses.disabled')}</option>
        </SelectField>
      </search>

      {signedOut && (
        <Alert tone="success">
          <p>{t('signOutEverywhere.done', { name: signedOut.displayName })}</p>
        </Alert>
      )}

      {phoneLost && (
        <Alert tone="success">
          <p>{t('lostPhone.done', { name: phoneLost.displayName })}</p>
        </Alert>
      )}

      <ProblemAlert error={setUserStatus.error} />

      <ListView
        query={users}
        count={items.length}
        empty={t('users.empty')}
        caption={t('users.count', { count: items.length })}
      >
        <DataTable
          className="table table-cards table-users"
          columns={columns}
          rows={items}
          rowKey={(u) => u.id}
          rowProps={(u) => ({ 'data-status': u.status })}
        />
      </ListView>

      {creating && (
        <CreateUserDialog
          roles={creatable}
          canInvite={can(me.role, 'observers.manage')}
          onClose={() => setCreating(false)}
          onIssueInvite={issueInvite}
        />
      )}
      {signOutFor && (
        <SignOutEverywhereDialog
          user={signOutFor}
          pending={signOutEverywhere.isPending}
          error={signOutEverywhere.error}
          onConfirm={() =>
            signOutEverywhere.mutate(signOutFor, {
              onSuccess: () => {
                setSignOutFor(null);
                setSignedOut(signOutFor);
              },
            })
          }
          onClose={() => setSignOutFor(null)}
        />
      )}
      {lostPhoneFor && (
        <LostPhoneDialog
          user={lostPhoneFor}
          pending={lostPhone.isPending}
          error={lostPhone.error}
          onConfirm={() =>
            lostPhone.mutate(lostPhoneFor, {
              onSuccess: () => {
                setLostPhoneFor(null);
                setPhoneLost(lostPhoneFor);
              },
            })
          }
          onClose={() => setLostPhoneFor(null)}
        />
      )}
      {inviteFor && (
        <InviteDialog
          user={inviteFor}
          pending={invite.isPending}
          issued={invite.data}
          error={invite.error}
          onReplaceSession={() => invite.mutate({ user: inviteFor, replaceSession: true })}
          onClose={() => {
            setInviteFor(null);
            invite.reset();
          }}
        />
      )}
    </>
  );
}
