import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';
import { ProblemAlert } from './StatusViews.tsx';

interface ConfirmDialogProps {
  title: string;
  confirm: string;
  confirming: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}

/** "Are you sure?" for an action that cannot be undone from the screen: delete an area or a station. */
export function ConfirmDialog({
  title,
  confirm,
  confirming,
  pending,
  error,
  onConfirm,
  onClose,
  children,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} onClose={onClose}>
      <ProblemAlert error={error} />
      {children}
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={onConfirm}>
          {pending ? confirming : confirm}
        </button>
      </div>
    </Dialog>
  );
}
