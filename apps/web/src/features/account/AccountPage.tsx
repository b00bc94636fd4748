import type { UserDto } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { TextField } from '../../components/FormField.tsx';
import { LocaleField } from '../../components/LocaleField.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { type FieldErrors, fieldErrorsOf, newPasswordMessages } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useFormFields } from '../../hooks/use-form-fields.ts';
import { applyLocale } from '../../i18n/i18n-setup.ts';
import { sessionApi } from '../../session/session-api.ts';
import { sessionKey } from '../../session/session-queries.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import {
  hasProblems,
  type PasswordChangeForm,
  type PasswordChangeProblems,
  type ProfileDraft,
  passwordChangeProblems,
  profileChanges,
  profileProblems,
} from '../accounts/account-rules.ts';
import { FieldChannelLinks } from '../channels/ChannelLinks.tsx';
import { useObserverUser } from '../field/FieldLayout.tsx';
import './account.css';

/** `/hq/account`: profile and password of a staff member. */
export function StaffAccountPage() {
  const user = useStaffUser();
  return (
    <AccountView user={user}>
      <PasswordSection user={user} />
    </AccountView>
  );
}

/** `/app/account`: an observer's profile; observers have no password, only invite codes. */
export function ObserverAccountPage() {
  const { t } = useTranslation();
  const user = useObserverUser();
  return (
    <>
      <p className="back-link">
        <Link to="/app">
          <span aria-hidden="true">←</span>
          {t('account.back')}
        </Link>
      </p>
      <AccountView user={user}>
        <section className="card panel" aria-labelledby="account-sign-in-title">
          <h2 id="account-sign-in-title">{t('account.signIn.title')}</h2>
          <p>{t('account.signIn.noPassword')}</p>
          <p className="muted">{t('account.signIn.lostPhone')}</p>
        </section>
        <FieldChannelLinks />
      </AccountView>
    </>
  );
}

function AccountView({ user, children }: { user: UserDto; children: ReactNode }) {
  const { t } = useTranslation();
  useDocumentTitle(t('account.title'));
  return (
    <>
      <header className="page-header">
        <PageHeading>{t('account.title')}</PageHeading>
        <p className="muted">{t('account.intro')}</p>
      </header>
      <div className="account-sections">
        <ProfileSection user={user} />
        {children}
      </div>
    </>
  );
}

/**
 * After a refused submit, the first field with a message takes focus, so that it is read out.
 * Returns the function to call on each refusal (client-side or from the server).
 */
function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>): () => void {
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, refusals]);
  return () => setRefusals((n) => n + 1);
}

function ProfileSection({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  // Only the fields the user touched; the rest follow the profile (the header's language switch too).
  const [draft, setDraft] = useState<ProfileDraft>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const refused = useFocusFirstInvalid(formRef);

  const save = useMutation({
    mutationFn: sessionApi.updateMe,
    onSuccess: async (res) => {
      queryClient.setQueryData(sessionKey, res.user);
      setDraft({});
      await applyLocale(res.user.locale);
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(t, error));
      refused();
    },
  });

  const displayName = draft.displayName ?? user.displayName;
  const locale = draft.locale ?? user.locale;
  const changes = profileChanges(user, draft);

  function edit(patch: ProfileDraft) {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
    if (!save.isPending) save.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = profileProblems(draft);
    const next: FieldErrors = {};
    if (problems.displayName === 'required') next.displayName = t('validation.required');
    if (problems.displayName === 'too_long') next.displayName = t('validation.maxLength');
    setErrors(next);
    if (hasProblems(next)) return refused();
    if (changes) save.mutate(changes);
  }

  return (
    <section className="card panel" aria-labelledby="account-profile-title">
      <h2 id="account-profile-title">{t('account.profile')}</h2>
      <dl className="summary">
        <div>
          <dt>{t('fields.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
        </div>
        {user.email !== null && (
          <div>
            <dt>{t('fields.email')}</dt>
            <dd className="cell-email">{user.email}</dd>
          </div>
        )}
      </dl>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={save.error} fieldErrors={errors} />
        {save.isSuccess && (
          <Alert tone="success">
            <p>{t('account.saved')}</p>
          </Alert>
        )}
        <TextField
          id="account-name"
          label={t('fields.displayName')}
          value={displayName}
          onChange={(event) => edit({ displayName: event.target.value })}
          autoComplete="name"
          hint={t('account.profileIntro')}
          error={errors.displayName}
        />
        <LocaleField
          id="account-locale"
          value={locale}
          onChange={(next) => edit({ locale: next })}
          error={errors.locale}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending || !changes}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

const emptyPasswords: PasswordChangeForm = { currentPassword: '', newPassword: '', repeat: '' };

function passwordMessages(t: TFunction, problems: PasswordChangeProblems): FieldErrors {
  const fresh = newPasswordMessages(t, { password: problems.newPassword, repeat: problems.repeat });
  return {
    currentPassword: problems.currentPassword ? t('validation.required') : undefined,
    newPassword: fresh.password,
    repeat: fresh.repeat,
  };
}

function PasswordSection({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const { values: form, setValues: setForm, errors, setErrors, edit: editField } = useFormFields(emptyPasswords);
  const refused = useFocusFirstInvalid(formRef);

  const change = useMutation({
    mutationFn: sessionApi.changePassword,
    onSuccess: () => {
      setForm(emptyPasswords);
      setErrors({});
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'invalid_credentials') {
        setErrors({ currentPassword: t('account.password.wrongCurrent') });
      } else {
        setErrors(fieldErrorsOf(t, error, 'newPassword'));
      }
      refused();
    },
  });

  const edit = (field: keyof PasswordChangeForm, value: string) => {
    editField(field, value);
    if (change.isSuccess) change.reset();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = passwordMessages(t, passwordChangeProblems(form, user));
    setErrors(next);
    if (hasProblems(next)) return refused();
    change.mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword });
  }

  return (
    <section className="card panel" aria-labelledby="account-password-title">
      <h2 id="account-password-title">{t('account.password.title')}</h2>
      <p className="muted">{t('account.password.intro')}</p>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={change.error} fieldErrors={errors} />
        {change.isSuccess && (
          <Alert tone="success">
            <p>{t('account.password.changed')}</p>
          </Alert>
        )}
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={user.email ?? ''} readOnly hidden />
        <TextField
          id="account-current-password"
          type="password"
          label={t('account.password.current')}
          value={form.currentPassword}
          onChange={(event) => edit('currentPassword', event.target.value)}
          autoComplete="current-password"
          error={errors.currentPassword}
        />
        <NewPasswordFields
          ids={{ password: 'account-new-password', repeat: 'account-repeat-password' }}
          labels={{ password: t('account.password.new'), repeat: t('account.password.repeat') }}
          value={{ password: form.newPassword, repeat: form.repeat }}
          errors={{ password: errors.newPassword, repeat: errors.repeat }}
          onChange={(field, value) => edit(field === 'password' ? 'newPassword' : 'repeat', value)}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {change.isPending ? t('account.password.submitting') : t('account.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
