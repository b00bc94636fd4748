import type { UserDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';

interface SignOutEverywhereDialogProps {
  user: UserDto;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before ending every session of an account: the person has to sign in again everywhere. */
export function SignOutEverywhereDialog({ user, pending, error, onConfirm, onClose }: SignOutEverywhereDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('signOutEverywhere.title', { name: user.displayName })} onClose={onClose}>
      <ProblemAlert error={error} />
      <p>{t('signOutEverywhere.body')}</p>
      <p className="muted">
        {user.role === 'observer' ? t('signOutEverywhere.observerNote') : t('signOutEverywhere.staffNote')}
      </p>
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-primary" onClick={onConfirm} disabled={pending}>
          {pending ? t('signOutEverywhere.confirming') : t('signOutEverywhere.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
