import { useTranslation } from 'react-i18next';
import { type FieldErrors, problemMessage } from '../errors/problem-text.ts';
import { Alert } from './Alert.tsx';

export function Loading({ fullPage = false, label }: { fullPage?: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <div className={fullPage ? 'loading loading-full' : 'loading'} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/**
 * A failure in one translated sentence, or nothing when there is none. A form passes its field
 * messages: when a field already says what is wrong, the form does not say it again.
 */
export function ProblemAlert({ error, fieldErrors }: { error: unknown; fieldErrors?: FieldErrors }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  if (fieldErrors && Object.values(fieldErrors).some(Boolean)) return null;
  return (
    <Alert>
      <p>{problemMessage(t, error)}</p>
    </Alert>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert>
      <p>{problemMessage(t, error)}</p>
      <button type="button" className="button button-secondary" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </Alert>
  );
}
