import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { TextField } from '../../components/FormField.tsx';
import { LocaleField } from '../../components/LocaleField.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { EMAIL_PATTERN, type FieldErrors, fieldErrorsOf, newPasswordMessages } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useFormFields } from '../../hooks/use-form-fields.ts';
import { newPasswordProblems } from '../../session/new-password.ts';
import { sessionApi } from '../../session/session-api.ts';
import { setupStatusKey, useLocaleSwitch, useSetupStatus, useSignedIn } from '../../session/session-queries.ts';

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
  const {
    values: form,
    errors,
    setErrors,
    edit,
    bind,
  } = useFormFields({ displayName: '', email: '', password: '', repeat: '' });

  const setup = useMutation({
    mutationFn: sessionApi.setup,
    onSuccess: (res) => signedIn(res.user),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'setup_done') {
        queryClient.setQueryData(setupStatusKey, { needed: false });
        return;
      }
      setErrors(fieldErrorsOf(t, error));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const identity = { email: form.email, displayName: form.displayName };
    const next: FieldErrors = newPasswordMessages(t, newPasswordProblems(form, identity));
    if (!form.displayName.trim()) next.displayName = t('validation.required');
    if (!form.email.trim()) next.email = t('validation.required');
    else if (!EMAIL_PATTERN.test(form.email.trim())) next.email = t('validation.email');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setup.mutate({ displayName: form.displayName.trim(), email: form.email.trim(), password: form.password, locale });
  }

  return (
    <section className="card auth-card" aria-labelledby="setup-title">
      <PageHeading id="setup-title">{t('setup.title')}</PageHeading>
      <p className="lead">{t('setup.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={setup.error} fieldErrors={errors} />
        <LocaleField id="setup-locale" value={locale} onChange={changeLocale} />
        <TextField
          id="setup-name"
          label={t('fields.displayName')}
          value={form.displayName}
          onChange={bind('displayName')}
          autoComplete="name"
          error={errors.displayName}
        />
        <TextField
          id="setup-email"
          type="email"
          label={t('fields.email')}
          value={form.email}
          onChange={bind('email')}
          autoComplete="email"
          spellCheck={false}
          error={errors.email}
        />
        <NewPasswordFields
          ids={{ password: 'setup-password', repeat: 'setup-confirm' }}
          value={form}
          errors={errors}
          onChange={edit}
        />
        <button type="submit" className="button button-primary button-block" disabled={setup.isPending}>
          {setup.isPending ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </section>
  );
}
