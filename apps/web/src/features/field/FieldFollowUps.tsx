import type { FollowUpDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { latestOf } from './outbox-model.ts';
import { useField } from './use-field.ts';
import './field-follow-ups.css';

/**
 * The HQ's follow-up requests on the observer's reports (from the cached pack): the coordinator's
 * comment and a way to the report to correct it. A request the phone has already answered (a newer
 * revision saved here, sent or waiting) says so instead.
 */
export function FieldFollowUps({ stationId, reportId }: { stationId?: string; reportId?: string }) {
  const { t } = useTranslation();
  const { pack, snapshot } = useField();
  const requests = pack.followUps.filter(
    (f) =>
      (stationId === undefined || f.stationId === stationId) && (reportId === undefined || f.reportId === reportId),
  );
  if (requests.length === 0) return null;
  const answered = (f: FollowUpDto) => (latestOf(snapshot.entries, f.reportId)?.revision ?? 0) > f.revision;
  return (
    <section className="fa-section fa-follow-ups" aria-labelledby="fa-follow-ups-title">
      <h2 id="fa-follow-ups-title">{t('field.followUps.title')}</h2>
      <ul className="fa-list">
        {requests.map((f) => (
          <li
            key={f.reportId}
            className="fa-card fa-follow-up"
            data-report={f.reportId}
            data-answered={answered(f) ? 'true' : 'false'}
          >
            <span className="fa-follow-up-head">
              {t('field.followUps.about', {
                kind: t(`forms.kinds.${f.formKind}` as never),
                number: f.stationNumber,
              })}
            </span>
            {f.comment && <span className="fa-follow-up-comment">«{f.comment}»</span>}
            <span className="fa-muted">{t('field.followUps.from', { name: f.requestedBy })}</span>
            {answered(f) ? (
              <span className="fa-muted">{t('field.followUps.answered')}</span>
            ) : (
              reportId === undefined && (
                <Link className="button button-primary button-small" to={`/app/reports/${f.reportId}`}>
                  {t('field.followUps.open')}
                </Link>
              )
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
