import { can, type ReportDetail, type UserDto } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { HqNotFound } from '../../shell/NotFoundPage.tsx';
import { VerificationPanel } from '../queue/VerificationPanel.tsx';
import { RemarkFromReport } from '../remarks/MakeRemark.tsx';
import { AnswerLines, useLineLabels } from './AnswerLines.tsx';
import { ReportFlags } from './ReportFlags.tsx';
import { formKindLabel } from './report-text.ts';
import { useChooseRecord, useReport } from './reports-queries.ts';
import './reports.css';

const TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };
/** Column headings stay narrow enough for two revisions beside the labels on a phone. */
const COLUMN_TIME: Intl.DateTimeFormatOptions = {
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
};

/**
 * `/hq/reports/:reportId`: one report as a coordinator checks it — its answers line by line with
 * every revision beside the others (what each correction changed), its flags, its photos and each
 * revision's place in the hash chain.
 */
export function ReportPage() {
  const me = useStaffUser();
  const { reportId = '' } = useParams();
  if (!can(me.role, 'reports.read')) return <NoAccess />;
  return <ReportScreen key={reportId} reportId={reportId} me={me} />;
}

function ReportScreen({ reportId, me }: { reportId: string; me: UserDto }) {
  const { t } = useTranslation();
  const detail = useReport(reportId);
  const report = detail.data?.report;
  const title = report
    ? t('reportPage.title', { kind: formKindLabel(t, report.formKind), number: report.stationNumber })
    : t('reportPage.loadingTitle');
  useDocumentTitle(title);
  const back = (
    <p className="back-link">
      <Link to="/hq/reports">← {t('liveReports.title')}</Link>
    </p>
  );
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (isNotFound(detail.error)) return <HqNotFound />;
    return (
      <>
        {back}
        <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
      </>
    );
  }
  return (
    <>
      {back}
      <ReportView
        detail={detail.data}
        title={title}
        canDecide={can(me.role, 'reports.decide')}
        onReload={() => void detail.refetch()}
      />
    </>
  );
}

function ReportView({
  detail,
  title,
  canDecide,
  onReload,
}: {
  detail: ReportDetail;
  title: string;
  canDecide: boolean;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat(TIME);
  const formatColumnTime = useDateTimeFormat(COLUMN_TIME);
  const { report, revisions, lines } = detail;
  const questionLabel = useLineLabels(lines);
  const latest = revisions[0];
  return (
    <>
      <header className="page-header">
        <PageHeading>{title}</PageHeading>
        <dl className="summary report-facts">
          <div>
            <dt>{t('reportPage.observer')}</dt>
            <dd>{report.observerName}</dd>
          </div>
          <div>
            <dt>{t('reportPage.received')}</dt>
            <dd>{latest ? formatTime(latest.receivedAt) : '—'}</dd>
          </div>
          <div>
            <dt>{t('reportPage.revisions')}</dt>
            <dd data-testid="report-revisions">{revisions.length}</dd>
          </div>
        </dl>
      </header>

      <VerificationPanel reportId={report.id} revision={report.revision} onReload={onReload} />
      <div className="report-remark">
        <RemarkFromReport report={report} />
      </div>

      <section className="card panel report-section" aria-labelledby="report-flags">
        <h2 id="report-flags">{t('reportPage.flags')}</h2>
        <ReportFlags flags={report.flags} detailed questionLabel={questionLabel} />
        {report.formKind === 'protocol' &&
          report.flags.some((f) => f.code === 'not_assigned') &&
          (detail.isStationRecord ? (
            <p className="report-accept report-record" data-testid="station-record">
              {t('reportPage.isRecord')}
            </p>
          ) : (
            canDecide && <AcceptCopy stationId={report.stationId} reportId={report.id} />
          ))}
      </section>

      <section className="card panel report-section" aria-labelledby="report-answers">
        <h2 id="report-answers">{t('reportPage.answers')}</h2>
        {revisions.length > 1 && <p className="muted">{t('reportPage.correctionsIntro')}</p>}
        <AnswerLines
          caption={t('reportPage.answersCaption', { title })}
          columns={revisions.map((r) => ({
            id: String(r.revision),
            heading: (
              <>
                {t('liveReports.revision', { n: r.revision })}
                <span className="cell-sub">{formatColumnTime(r.receivedAt)}</span>
              </>
            ),
          }))}
          rows={lines}
          receivedPhotos={detail.receivedPhotos}
          differsMark={t('reportPage.changed')}
          summary={revisions.length > 1 ? (n, total) => t('reportPage.linesChanged', { n, total }) : undefined}
        />
      </section>

      <section className="card panel report-section" aria-labelledby="report-chain">
        <h2 id="report-chain">{t('reportPage.chain')}</h2>
        <p className="muted">{t('reportPage.chainIntro')}</p>
        <ul className="report-chain">
          {revisions.map((r) => (
            <li key={r.revision} data-revision={r.revision}>
              <span>{t('liveReports.revision', { n: r.revision })}</span>
              <span>{t('reportPage.chainEntry', { seq: r.chainSeq })}</span>
              <code className="report-hash">{r.chainHash}</code>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/**
 * A protocol copy from an observer not assigned to the station counts in the quick count only once
 * the HQ accepts it as the station's record (the same choice as among conflicting copies).
 */
function AcceptCopy({ stationId, reportId }: { stationId: string; reportId: string }) {
  const { t } = useTranslation();
  const choose = useChooseRecord();
  return (
    <div className="report-accept">
      <p className="muted">{t('reportPage.acceptCopyIntro')}</p>
      <ProblemAlert error={choose.error} />
      {choose.isSuccess ? (
        <Alert tone="success">
          <p>{t('reportPage.acceptedCopy')}</p>
        </Alert>
      ) : (
        <button
          type="button"
          className="button button-primary"
          disabled={choose.isPending}
          onClick={() => choose.mutate({ stationId, kind: 'protocol', reportId })}
        >
          {choose.isPending ? t('reportPage.accepting') : t('reportPage.acceptCopy')}
        </button>
      )}
    </div>
  );
}
