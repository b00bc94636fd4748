import { normaliseInviteCode } from '@pollwatch/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../../components/AuthLayout.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { sessionApi } from '../../session/session-api.ts';
import { useSignedIn } from '../../session/session-queries.ts';
import { registerFieldServiceWorker } from '../field/register-sw.ts';
import { InviteCodeForm } from './InviteCodeForm.tsx';

/**
 * `/invite#CODE`: the code sits in the fragment, which browsers never send to the server, and is
 * wiped from the address bar before it is redeemed.
 */
export function InvitePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('invite.title'));
  const signedIn = useSignedIn();
  const started = useRef(false);
  const redeem = useMutation({
    mutationFn: (code: string) => sessionApi.redeemInvite({ code }),
    onSuccess: (res) => signedIn(res.user),
  });
  const { mutate } = redeem;

  // The invite link is where an observer arrives first: the field app installs for offline use
  // while the code is checked, not after.
  useEffect(() => {
    void registerFieldServiceWorker();
  }, []);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    let raw = window.location.hash.slice(1);
    try {
      raw = decodeURIComponent(raw);
    } catch {
      // Keep the raw fragment; the server will say whether it is a valid code.
    }
    const code = normaliseInviteCode(raw);
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
    if (code) mutate(code);
  }, [mutate]);

  const checking = redeem.isPending || redeem.isSuccess;

  return (
    <AuthLayout>
      <section className="card auth-card" aria-labelledby="invite-title">
        <PageHeading id="invite-title">{t('invite.title')}</PageHeading>
        {checking ? (
          <Loading label={t('invite.checking')} />
        ) : (
          <>
            <p className="muted">{t('invite.enterCode')}</p>
            <InviteCodeForm initialError={redeem.error ?? undefined} />
            <p className="auth-footer-link">
              <Link to="/sign-in">{t('invite.staffLink')}</Link>
            </p>
          </>
        )}
      </section>
    </AuthLayout>
  );
}
