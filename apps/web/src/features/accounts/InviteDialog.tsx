import type { InviteIssued, UserDto } from '@pollwatch/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import './accounts.css';

interface InviteDialogProps {
  user: UserDto;
  pending: boolean;
  issued: InviteIssued | undefined;
  error: unknown;
  onClose: () => void;
  /**
   * Issue the code anyway, signing out the phone the observer is signed in on. Without it the
   * server's `observer_has_session` shows as a plain error.
   */
  onReplaceSession?: (() => void) | undefined;
}

/** The code exists only in this dialog: the server keeps a hash, so closing it loses the code. */
export function InviteDialog({ user, pending, issued, error, onClose, onReplaceSession }: InviteDialogProps) {
  const { t } = useTranslation();
  const hasSession = onReplaceSession && error instanceof ApiError && error.code === 'observer_has_session';
  return (
    <Dialog title={t('inviteIssued.title', { name: user.displayName })} onClose={onClose}>
      {pending && <Loading label={t('inviteIssued.issuing')} />}
      {hasSession ? (
        <>
          <Alert tone="info">
            <p>{t('inviteIssued.hasSession')}</p>
            <p>{t('inviteIssued.hasSessionAdvice')}</p>
          </Alert>
          <div className="dialog-actions">
            <button type="button" className="button button-quiet" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button-danger" disabled={pending} onClick={onReplaceSession}>
              {t('inviteIssued.replaceSession')}
            </button>
          </div>
        </>
      ) : (
        <>
          <ProblemAlert error={error} />
          {issued && <IssuedInvite issued={issued} />}
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              {t('common.done')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function IssuedInvite({ issued }: { issued: InviteIssued }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const link = `${window.location.origin}${issued.path}`;
  return (
    <div className="invite-issued">
      <Alert tone="info">
        <p>{t('inviteIssued.once')}</p>
      </Alert>
      <div className="invite-block">
        <h3 className="invite-label">{t('inviteIssued.code')}</h3>
        <p className="invite-code" data-testid="invite-code">
          {issued.code}
        </p>
        <CopyButton text={issued.code} label={t('inviteIssued.copyCode')} />
      </div>
      <div className="invite-block">
        <label className="invite-label" htmlFor="invite-link">
          {t('inviteIssued.link')}
        </label>
        <input
          id="invite-link"
          className="invite-link"
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          spellCheck={false}
        />
        <CopyButton text={link} label={t('inviteIssued.copyLink')} />
      </div>
      <p className="muted">{t('inviteIssued.expires', { date: formatDateTime(issued.expiresAt) })}</p>
    </div>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <div className="copy">
      <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
        {label}
      </button>
      <span className={state === 'failed' ? 'copy-status copy-failed' : 'copy-status'} role="status">
        {state === 'copied' ? t('inviteIssued.copied') : state === 'failed' ? t('inviteIssued.copyFailed') : ''}
      </span>
    </div>
  );
}
