import { normaliseInviteCode } from '@pollwatch/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/FormField.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { sessionApi } from '../../session/session-api.ts';
import { useSignedIn } from '../../session/session-queries.ts';

/** Observers type the code their coordinator gave them; case, spaces and dashes do not matter. */
export function InviteCodeForm({ initialError }: { initialError?: unknown }) {
  const { t } = useTranslation();
  const signedIn = useSignedIn();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const redeem = useMutation({
    mutationFn: (value: string) => sessionApi.redeemInvite({ code: value }),
    onSuccess: (res) => signedIn(res.user),
  });
  const error = redeem.error ?? (redeem.isIdle ? initialError : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const normalised = normaliseInviteCode(code);
    setMissing(!normalised);
    if (normalised) redeem.mutate(normalised);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <ProblemAlert error={error} />
      <TextField
        id="invite-code"
        label={t('fields.inviteCode')}
        className="input-code"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        inputMode="text"
        placeholder={t('invite.codeExample')}
        error={missing ? t('validation.required') : undefined}
      />
      <button type="submit" className="button button-secondary button-block" disabled={redeem.isPending}>
        {redeem.isPending ? t('invite.checking') : t('signIn.codeSubmit')}
      </button>
    </form>
  );
}
