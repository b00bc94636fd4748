import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { FieldBanners } from './FieldBits.tsx';
import { RevisionCard } from './FieldReportPage.tsx';
import type { ResendResult } from './field-sync.ts';
import { bySaved, latestOf, outboxCounts } from './outbox-model.ts';
import { useField } from './use-field.ts';

/** `/app/outbox`: every report on the phone, newest first, with its state and the server's word. */
export function FieldOutboxPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('field.outboxTitle'));
  const { pack, snapshot, sync } = useField();
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState<ResendResult | null>(null);
  const counts = outboxCounts(snapshot.entries);
  const latest = [...new Set(snapshot.entries.map((e) => e.id))]
    .map((id) => latestOf(snapshot.entries, id))
    .filter((e) => e !== undefined)
    .sort(bySaved)
    .reverse();
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const stationNumber = (id: string) => pack.pack?.stations.find((s) => s.id === id)?.number;
  const title = (kind: string, checkpoint: unknown) => {
    if (kind === 'turnout' && typeof checkpoint === 'string') return t('field.turnoutAt', { time: checkpoint });
    return (t as unknown as (key: string) => string)(`forms.kinds.${kind}`);
  };

  return (
    <>
      <PageHeading>{t('field.outboxTitle')}</PageHeading>
      <FieldBanners />
      <dl className="fa-counts">
        {(['queued', 'accepted', 'attention'] as const).map((k) => (
          <div key={k} data-count={k}>
            <dt>{t(`field.counts.${k}`)}</dt>
            <dd>{counts[k]}</dd>
          </div>
        ))}
      </dl>
      {snapshot.lastSyncAt && <p className="fa-muted">{t('field.lastSync', { time: when(snapshot.lastSyncAt) })}</p>}
      <div className="fa-actions-row">
        <button
          type="button"
          className="button button-primary"
          disabled={snapshot.syncing || counts.queued === 0}
          onClick={() => void sync.retryNow()}
        >
          {t('field.sendNow')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={checking || counts.accepted === 0}
          onClick={() => {
            setChecking(true);
            setChecked(null);
            void sync
              .resendAccepted()
              .then(setChecked)
              .finally(() => setChecking(false));
          }}
        >
          {checking ? t('field.verifying') : t('field.verify')}
        </button>
      </div>
      {checked && (
        <div className="alert alert-success fa-verify-result" role="status">
          <p>{t('field.verifyResult', { ...checked })}</p>
        </div>
      )}
      {latest.length === 0 ? (
        <p className="fa-muted">{t('field.outboxEmpty')}</p>
      ) : (
        <ul className="fa-list">
          {latest.map((entry) => (
            <li key={entry.id} className="fa-outbox-item">
              <Link to={`/app/reports/${entry.id}`} className="fa-outbox-link">
                {title(entry.formKind, entry.answers.checkpoint_time)}
                <StationSuffix number={stationNumber(entry.stationId)} />
              </Link>
              <ul className="fa-list">
                <RevisionCard entry={entry} when={when} />
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function StationSuffix({ number }: { number: number | undefined }) {
  const { t } = useTranslation();
  if (number === undefined) return null;
  return <span className="fa-muted"> · {t('field.stationNumber', { number })}</span>;
}
