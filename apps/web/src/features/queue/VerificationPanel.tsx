import { can, type QueueEntryDto, type VerificationDecision } from '@pollwatch/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { TextArea } from '../recruitment/TextArea.tsx';
import { useClaim, useDecide, useRelease, useVerification } from './queue-queries.ts';
import { ClaimNote, SeverityBadge, VerificationBadge } from './VerificationBits.tsx';
import './queue.css';

const TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

/**
 * The report page's verification panel: the report's state in the queue, who holds it, the last
 * decision and its author; a coordinator takes it, then verifies, rejects or asks the observer to
 * follow up with a comment. Decisions carry the revision the page shows (`revision`), so a report
 * corrected meanwhile is refused (`report_changed`) and the page offers the latest instead.
 */
export function VerificationPanel({
  reportId,
  revision,
  onReload,
}: {
  reportId: string;
  revision: number;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const verification = useVerification(reportId);
  const entry = verification.data?.verification;
  if (!entry) return null;
  return (
    <section className="card panel report-section vq-panel" aria-labelledby="report-verification">
      <h2 id="report-verification">{t('queue.panel.title')}</h2>
      <PanelBody
        key={entry.reportId}
        entry={entry}
        revision={revision}
        onReload={() => {
          onReload();
          void verification.refetch();
        }}
      />
    </section>
  );
}

function PanelBody({ entry, revision, onReload }: { entry: QueueEntryDto; revision: number; onReload: () => void }) {
  const { t } = useTranslation();
  const me = useStaffUser();
  const formatTime = useDateTimeFormat(TIME);
  const claim = useClaim();
  const release = useRelease();
  const decide = useDecide();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const [done, setDone] = useState<VerificationDecision | null>(null);
  // A verified or rejected report keeps its decision unless the coordinator asks to change it.
  const [changing, setChanging] = useState(false);
  const decided = entry.status === 'verified' || entry.status === 'rejected';
  const canVerify = can(me.role, 'reports.verify');
  const heldByOther = entry.claim !== null && entry.claim.by.id !== me.id;
  const mine = entry.claim?.by.id === me.id;
  const stale = entry.revision !== revision;
  const changed = decide.error instanceof ApiError && decide.error.code === 'report_changed';

  function send(decision: VerificationDecision) {
    if (decision === 'follow_up' && !comment.trim()) {
      setCommentError(t('queue.panel.commentRequired'));
      return;
    }
    setCommentError(undefined);
    decide.mutate(
      {
        reportId: entry.reportId,
        body: {
          decision,
          ...(comment.trim() && { comment: comment.trim() }),
          expectedRevision: revision,
          expectedStatus: entry.status,
        },
      },
      {
        onSuccess: () => {
          setDone(decision);
          setComment('');
          setChanging(false);
        },
      },
    );
  }

  return (
    <>
      <dl className="summary vq-panel-facts">
        <div>
          <dt>{t('queue.panel.state')}</dt>
          <dd data-testid="verification-status">
            <VerificationBadge entry={entry} />
          </dd>
        </div>
        <div>
          <dt>{t('queue.columns.severity')}</dt>
          <dd>
            <SeverityBadge severity={entry.severity} />
          </dd>
        </div>
        {entry.claim && (
          <div>
            <dt>{t('queue.panel.claim')}</dt>
            <dd data-testid="verification-claim">
              <ClaimNote entry={entry} myId={me.id} />
            </dd>
          </div>
        )}
      </dl>
      {entry.decidedBy && entry.decidedAt && (
        <div className="vq-decision" data-testid="verification-decision">
          <p>
            {t('queue.panel.decided', {
              status: t(`queue.statuses.${entry.status === 'pending' ? 'follow_up' : entry.status}`),
              name: entry.decidedBy.name,
              time: formatTime(entry.decidedAt),
            })}
          </p>
          {entry.comment && <p className="vq-comment">«{entry.comment}»</p>}
        </div>
      )}
      {done && (
        <Alert tone="success">
          <p>{t(`queue.panel.done.${done}`)}</p>
        </Alert>
      )}
      {(stale || changed) && (
        <Alert tone="info">
          <p>{t('errors.report_changed')}</p>
          <button type="button" className="button button-secondary" onClick={onReload}>
            {t('queue.panel.reload')}
          </button>
        </Alert>
      )}
      {!changed && <ProblemAlert error={decide.error ?? claim.error ?? release.error} />}
      {canVerify && !stale && decided && !changing && (
        <p className="vq-actions">
          <button type="button" className="button button-secondary" onClick={() => setChanging(true)}>
            {t('queue.panel.change')}
          </button>
        </p>
      )}
      {canVerify && !stale && (!decided || changing) && (
        <>
          {heldByOther ? null : mine ? (
            <p className="vq-actions">
              <button
                type="button"
                className="button button-quiet"
                disabled={release.isPending}
                onClick={() => release.mutate(entry.reportId)}
              >
                {t('queue.release')}
              </button>
            </p>
          ) : (
            <p className="vq-actions">
              <button
                type="button"
                className="button button-secondary"
                disabled={claim.isPending}
                onClick={() => {
                  setDone(null);
                  claim.mutate({ reportId: entry.reportId, expectedRevision: revision });
                }}
              >
                {t('queue.claim')}
              </button>
            </p>
          )}
          <TextArea
            id="vq-comment"
            label={t('queue.panel.comment')}
            hint={t('queue.panel.commentHint')}
            error={commentError}
            value={comment}
            maxLength={2000}
            onChange={setComment}
          />
          <div className="vq-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={heldByOther || decide.isPending}
              onClick={() => send('verified')}
            >
              {t('queue.panel.verify')}
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={heldByOther || decide.isPending}
              onClick={() => send('rejected')}
            >
              {t('queue.panel.reject')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={heldByOther || decide.isPending}
              onClick={() => send('follow_up')}
            >
              {t('queue.panel.followUp')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
