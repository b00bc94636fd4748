import { isLocale, type Locale, locales, PASSWORD_MIN_LENGTH } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiError } from '../api/api-client.ts';
import { api } from '../api/pollwatch-api.ts';
import { Alert } from '../components/Alert.tsx';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { SelectField, TextField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { LoadError, Loading } from '../components/StatusViews.tsx';
import { EMAIL_PATTERN, type FieldErrors, fieldErrorsOf, problemMessage } from '../errors/problem-text.ts';
import { useDocumentTitle } from '../hooks/use-document-title.ts';
import { setupStatusKey, useLocaleSwitch, useSetupStatus, useSignedIn } from '../session/session-queries.ts';

/** First run: create the administrator. Once done, this page only sends people to sign-in. */
export function SetupPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('setup.title'));
  const status = useSetupStatus();
  if (status.isPending) return <Loading fullPage />;
  if (status.isError) {
    return (
      <AuthLayout>
        <LoadError error={status.error} onRetry={() => void status.refetch()} />
      </AuthLayout>
    );
  }
  if (!status.data.needed) return <Navigate to="/sign-in" replace />;
  return (
    <AuthLayout languageSelect={false}>
      <SetupForm />
    </AuthLayout>
  );
}

function SetupForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const signedIn = useSignedIn();
  const { locale, change: changeLocale } = useLocaleSwitch();
  const [form, setForm] = useState({ displayName: '', email: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});

  const setup = useMutation({
    mutationFn: api.setup,
    onSuccess: (res) => signedIn(res.user),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'setup_done') {
        queryClient.setQueryData(setupStatusKey, { needed: false });
        return;
      }
      setErrors(fieldErrorsOf(t, error));
    },
  });

  const update = (field: keyof typeof form) => (event: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [field]: event.target.value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!form.displayName.trim()) next.displayName = t('validation.required');
    if (!form.email.trim()) next.email = t('validation.required');
    else if (!EMAIL_PATTERN.test(form.email.trim())) next.email = t('validation.email');
    if ([...form.password].length < PASSWORD_MIN_LENGTH) {
      next.password = t('password.tooShort', { count: PASSWORD_MIN_LENGTH });
    }
    if (form.confirm !== form.password) next.confirm = t('validation.passwordMismatch');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setup.mutate({ displayName: form.displayName.trim(), email: form.email.trim(), password: form.password, locale });
  }

  const formError = setup.error && !Object.values(errors).some(Boolean) ? setup.error : null;

  return (
    <section className="card auth-card" aria-labelledby="setup-title">
      <PageHeading id="setup-title">{t('setup.title')}</PageHeading>
      <p className="lead">{t('setup.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        {formError && (
          <Alert>
            <p>{problemMessage(t, formError)}</p>
          </Alert>
        )}
        <SelectField
          id="setup-locale"
          label={t('fields.language')}
          value={locale}
          onChange={(event) => {
            const value: string = event.target.value;
            if (isLocale(value)) changeLocale(value as Locale);
          }}
        >
          {locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`language.names.${l}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="setup-name"
          label={t('fields.displayName')}
          value={form.displayName}
          onChange={update('displayName')}
          autoComplete="name"
          error={errors.displayName}
        />
        <TextField
          id="setup-email"
          type="email"
          label={t('fields.email')}
          value={form.email}
          onChange={update('email')}
          autoComplete="email"
          spellCheck={false}
          error={errors.email}
        />
        <TextField
          id="setup-password"
          type="password"
          label={t('fields.password')}
          value={form.password}
          onChange={update('password')}
          autoComplete="new-password"
          hint={t('password.hint', { count: PASSWORD_MIN_LENGTH })}
          error={errors.password}
        />
        <TextField
          id="setup-confirm"
          type="password"
          label={t('fields.confirmPassword')}
          value={form.confirm}
          onChange={update('confirm')}
          autoComplete="new-password"
          error={errors.confirm}
        />
        <button type="submit" className="button button-primary button-block" disabled={setup.isPending}>
          {setup.isPending ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </section>
  );
}
