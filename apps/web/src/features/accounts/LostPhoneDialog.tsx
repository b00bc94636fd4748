import type { UserDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';

interface LostPhoneDialogProps {
  user: UserDto;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * Asks before the lost-phone procedure: every session of the observer ends and their Telegram chat
 * and SMS number are unlinked, in one action (issue 21).
 */
export function LostPhoneDialog({ user, pending, error, onConfirm, onClose }: LostPhoneDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('lostPhone.title', { name: user.displayName })} onClose={onClose}>
      <ProblemAlert error={error} />
      <p>{t('lostPhone.body')}</p>
      <p className="muted">{t('lostPhone.note')}</p>
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-action="confirm-lost-phone"
          onClick={onConfirm}
          disabled={pending}
        >
          {pending ? t('lostPhone.confirming') : t('lostPhone.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
