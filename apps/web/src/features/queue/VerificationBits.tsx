import type { QueueEntryDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';

const CLAIM_TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** A queue entry's state as a badge, with "answered" when the observer followed up. */
export function VerificationBadge({ entry }: { entry: QueueEntryDto }) {
  const { t } = useTranslation();
  return (
    <span className="vq-state">
      <span className={`badge vq-badge vq-badge-${entry.status}`} data-status={entry.status}>
        {t(`queue.statuses.${entry.status}`)}
      </span>
      {entry.answered && (
        <span className="badge vq-badge vq-badge-answered" data-answered="true">
          {t('queue.answered')}
        </span>
      )}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: QueueEntryDto['severity'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge vq-severity vq-severity-${severity}`} data-severity={severity}>
      {t(`queue.severities.${severity}`)}
    </span>
  );
}

/** Who holds the report and until when (nothing when nobody does). */
export function ClaimNote({ entry, myId }: { entry: QueueEntryDto; myId: string }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat(CLAIM_TIME);
  if (!entry.claim) return null;
  const time = formatTime(entry.claim.until);
  return (
    <span className="vq-claim" data-claimed-by={entry.claim.by.id === myId ? 'me' : 'other'}>
      {entry.claim.by.id === myId
        ? t('queue.claimedByYou', { time })
        : t('queue.claimedBy', { name: entry.claim.by.name, time })}
    </span>
  );
}
