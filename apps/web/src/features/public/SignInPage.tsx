import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import type { FieldErrors } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { sessionApi } from '../../session/session-api.ts';
import { homeFor, useSession, useSignedIn } from '../../session/session-queries.ts';
import { registerFieldServiceWorker } from '../field/register-sw.ts';
import { InviteCodeForm } from './InviteCodeForm.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('signIn.title'));
  const session = useSession();
  // An observer signs in here on the way to /app: the field app installs for offline use meanwhile.
  useEffect(() => {
    void registerFieldServiceWorker();
  }, []);
  if (session.isPending) return <Loading fullPage />;
  if (session.data) return <Navigate to={homeFor(session.data)} replace />;
  return (
    <AuthLayout>
      <div className="auth-stack">
        <StaffSignIn />
        <section className="card auth-card auth-card-secondary" aria-labelledby="observer-title">
          <h2 id="observer-title">{t('signIn.observerTitle')}</h2>
          <p className="muted">{t('signIn.observerIntro')}</p>
          <InviteCodeForm />
        </section>
      </div>
    </AuthLayout>
  );
}

function StaffSignIn() {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const signIn = useMutation({ mutationFn: sessionApi.signIn, onSuccess: (res) => signedIn(res.user) });

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!email.trim()) next.email = t('validation.required');
    if (!password) next.password = t('validation.required');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    signIn.mutate({ email: email.trim(), password });
  }

  return (
    <section className="card auth-card" aria-labelledby="sign-in-title">
      <PageHeading id="sign-in-title">{t('signIn.title')}</PageHeading>
      <p className="muted">{t('signIn.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={signIn.error} />
        <TextField
          id="sign-in-email"
          type="email"
          label={t('fields.email')}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          autoComplete="username"
          spellCheck={false}
          error={errors.email}
        />
        <TextField
          id="sign-in-password"
          type="password"
          label={t('fields.password')}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="current-password"
          error={errors.password}
        />
        <button type="submit" className="button button-primary button-block" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
