import type { ReportSummary } from '@pollwatch/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { AnswerLines, useLineLabels } from './AnswerLines.tsx';
import { ReportFlags } from './ReportFlags.tsx';
import type { ConflictDto } from './reports-api.ts';
import { useChooseRecord, useConflicts } from './reports-queries.ts';

const TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

/**
 * Stations whose observers sent different protocol copies: the copies side by side, and for those
 * who may decide, a button that makes one of them the station's record.
 */
export function LiveReportsConflicts({ electionId, canDecide }: { electionId: string; canDecide: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  const conflicts = useConflicts(electionId);
  const choose = useChooseRecord(electionId);
  const [notice, setNotice] = useState<string | null>(null);
  const items = conflicts.data?.items ?? [];

  return (
    <section className="lr-conflicts" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('liveReports.conflictsTitle')}</h2>
      <p className="muted">{t('liveReports.conflictsIntro')}</p>
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <ProblemAlert error={choose.error} />
      {conflicts.isPending ? (
        <Loading />
      ) : conflicts.isError ? (
        <LoadError error={conflicts.error} onRetry={() => void conflicts.refetch()} />
      ) : items.length === 0 ? (
        <p className="table-empty">{t('liveReports.conflictsEmpty')}</p>
      ) : (
        <>
          {!canDecide && <p className="muted lr-gap-note">{t('liveReports.decideRoles')}</p>}
          <ul className="lr-conflict-list">
            {items.map((conflict) => (
              <li key={`${conflict.stationId}:${conflict.formKind}`}>
                <ConflictCard
                  conflict={conflict}
                  canDecide={canDecide}
                  pendingId={choose.isPending ? (choose.variables?.reportId ?? null) : null}
                  onChoose={(report) => {
                    setNotice(null);
                    choose.mutate(
                      { stationId: conflict.stationId, kind: conflict.formKind, reportId: report.id },
                      {
                        onSuccess: () =>
                          setNotice(
                            t('liveReports.chosenNotice', {
                              observer: report.observerName,
                              number: conflict.stationNumber,
                            }),
                          ),
                      },
                    );
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface ConflictCardProps {
  conflict: ConflictDto;
  canDecide: boolean;
  pendingId: string | null;
  onChoose: (report: ReportSummary) => void;
}

function ConflictCard({ conflict, canDecide, pendingId, onChoose }: ConflictCardProps) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat(TIME);
  const headingId = useId();
  const decided = conflict.chosenReportId !== null;
  // Flags name questions by id; the comparison knows their labels.
  const questionLabel = useLineLabels(conflict.comparison);
  return (
    <article
      className="card lr-conflict"
      aria-labelledby={headingId}
      data-station-number={conflict.stationNumber}
      data-decided={decided || undefined}
    >
      <header className="lr-conflict-head">
        <h3 id={headingId}>{t('liveReports.conflictStation', { number: conflict.stationNumber })}</h3>
        {!decided && <span className="badge badge-undecided">{t('liveReports.notChosen')}</span>}
      </header>
      <AnswerLines
        caption={t('liveReports.comparisonCaption', { number: conflict.stationNumber })}
        columns={conflict.reports.map((report) => ({ id: report.id, heading: report.observerName }))}
        rows={conflict.comparison}
        receivedPhotos={conflict.receivedPhotos}
        differsMark={t('liveReports.differs')}
        summary={(n, total) => t('liveReports.linesDiffer', { n, total })}
      />
      <ul className="lr-copies">
        {conflict.reports.map((report) => {
          const chosen = report.id === conflict.chosenReportId;
          return (
            <li key={report.id} className="lr-copy" data-report-id={report.id} data-chosen={chosen || undefined}>
              <p className="lr-copy-by">{t('liveReports.copyBy', { observer: report.observerName })}</p>
              <p className="muted lr-copy-time">
                {t('liveReports.received', { time: formatTime(report.updatedAt) })}
                {report.revision > 1 && ` · ${t('liveReports.revision', { n: report.revision })}`}
              </p>
              <ReportFlags flags={report.flags} detailed questionLabel={questionLabel} />
              <Link className="lr-open-report" to={`/hq/reports/${report.id}`}>
                {t('liveReports.openReport')}
                <span className="visually-hidden">: {report.observerName}</span>
              </Link>
              <div className="lr-copy-action">
                {chosen ? (
                  <span className="badge badge-ok badge-chosen">{t('liveReports.chosen')}</span>
                ) : (
                  canDecide && (
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      aria-label={t('liveReports.chooseNamed', {
                        observer: report.observerName,
                        number: conflict.stationNumber,
                      })}
                      disabled={pendingId !== null}
                      onClick={() => onChoose(report)}
                    >
                      {pendingId === report.id ? t('liveReports.choosing') : t('liveReports.choose')}
                    </button>
                  )
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </article>
  );
}
