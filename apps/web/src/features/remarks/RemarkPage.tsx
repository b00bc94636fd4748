import {
  can,
  type RemarkDelivery,
  type RemarkDetailDto,
  type RemarkEvidenceDto,
  type RemarkStatus,
  remarkDeliveries,
} from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isNotFound } from '../../api/api-client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { HqNotFound } from '../../shell/NotFoundPage.tsx';
import { formKindLabel } from '../reports/report-text.ts';
import { commissionLabel, RemarkStatusBadge, useDayFormat } from './RemarkBits.tsx';
import { remarksUrls } from './remarks-api.ts';
import {
  useDeleteRemark,
  useRemark,
  useRemarkAnswer,
  useRemarkTransition,
  useUpdateRemark,
} from './remarks-queries.ts';
import './remarks.css';

/** Today in the browser's calendar: the default date of a status change. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * `/hq/remarks/:id`: one remark — whom it goes to, its text and legal basis (shown as plain text),
 * the evidence it was made from, its letter to print, and its path: sent, acknowledged, the
 * commission's answer and the outcome.
 */
export function RemarkPage() {
  const me = useStaffUser();
  const { id = '' } = useParams();
  if (!can(me.role, 'remarks.read')) return <NoAccess />;
  return <RemarkScreen key={id} id={id} canManage={can(me.role, 'remarks.manage')} />;
}

function RemarkScreen({ id, canManage }: { id: string; canManage: boolean }) {
  const { t } = useTranslation();
  const detail = useRemark(id);
  const remark = detail.data?.remark;
  const title = remark ? t('remarks.pageTitle', { number: remark.number, title: remark.title }) : t('remarks.title');
  useDocumentTitle(title);
  const back = (
    <p className="back-link">
      <Link to="/hq/remarks">← {t('remarks.title')}</Link>
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
      <RemarkView detail={detail.data} title={title} canManage={canManage} />
    </>
  );
}

function RemarkView({ detail, title, canManage }: { detail: RemarkDetailDto; title: string; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatDay = useDayFormat();
  const { remark } = detail;
  const day = (value: string | null) => (value ? formatDay(value) : '—');
  return (
    <>
      <header className="page-header">
        <PageHeading>{title}</PageHeading>
        <dl className="summary remark-facts">
          <div>
            <dt>{t('remarks.facts.commission')}</dt>
            <dd data-testid="remark-commission">{commissionLabel(t, remark, locale)}</dd>
          </div>
          <div>
            <dt>{t('remarks.facts.status')}</dt>
            <dd data-testid="remark-status">
              <RemarkStatusBadge remark={remark} />
            </dd>
          </div>
          <div>
            <dt>{t('remarks.facts.origin')}</dt>
            <dd>{t(`remarks.origins.${remark.origin}`)}</dd>
          </div>
          <div>
            <dt>{t('remarks.facts.sent')}</dt>
            <dd>
              {remark.sentOn
                ? `${day(remark.sentOn)}${remark.sentVia ? ` · ${t(`remarks.deliveries.${remark.sentVia}`)}` : ''}`
                : '—'}
            </dd>
          </div>
          {remark.answerDue && (
            <div>
              <dt>{t('remarks.facts.answerDue')}</dt>
              <dd>{day(remark.answerDue)}</dd>
            </div>
          )}
          {remark.closedOn && (
            <div>
              <dt>{t('remarks.facts.closed')}</dt>
              <dd>{day(remark.closedOn)}</dd>
            </div>
          )}
        </dl>
      </header>

      <section className="card panel remark-section" aria-labelledby="remark-text">
        <h2 id="remark-text">{t('remarks.text')}</h2>
        {/* Plain text: React escapes it, so markup in a remark shows as typed and never runs. */}
        <p className="remark-body" data-testid="remark-body">
          {remark.body}
        </p>
        {remark.legalBasis && (
          <p>
            <strong>{t('remarks.form.legalBasis')}:</strong> {remark.legalBasis}
          </p>
        )}
        {detail.editable && canManage && <DraftActions detail={detail} />}
      </section>

      <section className="card panel remark-section" aria-labelledby="remark-letter">
        <h2 id="remark-letter">{t('remarks.letter')}</h2>
        <p className="muted">{t('remarks.letterHint')}</p>
        <div className="remark-letter-links">
          {(['ru', 'kk'] as const).map((lang) =>
            (['pdf', 'docx'] as const).map((format) => (
              <a
                key={`${lang}-${format}`}
                className="button button-secondary button-small"
                href={remarksUrls.letter(remark.id, format, lang)}
                download
                data-letter={`${format}-${lang}`}
              >
                {t('remarks.letterLink', { format: format.toUpperCase(), language: t(`remarks.languages.${lang}`) })}
              </a>
            )),
          )}
        </div>
      </section>

      {canManage && detail.nextStatuses.length > 0 && (
        <section className="card panel remark-section" aria-labelledby="remark-path">
          <h2 id="remark-path">{t('remarks.path')}</h2>
          <StatusActions detail={detail} />
        </section>
      )}

      <section className="card panel remark-section" aria-labelledby="remark-answer">
        <h2 id="remark-answer">{t('remarks.answerTitle')}</h2>
        {remark.answer ? (
          <>
            <p className="remark-body" data-testid="remark-answer">
              {remark.answer}
            </p>
            <p className="muted">{t('remarks.answeredOn', { day: day(remark.answeredOn) })}</p>
          </>
        ) : (
          <p className="muted">{t('remarks.noAnswerYet')}</p>
        )}
        {canManage && detail.canAnswer && <AnswerForm detail={detail} />}
      </section>

      <section className="card panel remark-section" aria-labelledby="remark-evidence">
        <h2 id="remark-evidence">{t('remarks.evidence')}</h2>
        {detail.evidence.length === 0 ? (
          <p className="muted">{t('remarks.noEvidence')}</p>
        ) : (
          <ul className="remark-evidence">
            {detail.evidence.map((e) => (
              <EvidenceItem key={`${e.stationId}-${e.reportId ?? ''}-${e.questionId ?? ''}`} evidence={e} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function EvidenceItem({ evidence: e }: { evidence: RemarkEvidenceDto }) {
  const { t } = useTranslation();
  return (
    <li data-evidence-station={e.stationNumber}>
      <strong>{t('remarks.station', { number: e.stationNumber })}</strong>{' '}
      <span className="muted">{e.stationAddress}</span>
      {e.reportId && (
        <div>
          <Link to={`/hq/reports/${e.reportId}`}>
            {t('remarks.evidenceReport', { kind: formKindLabel(t, e.formKind ?? ''), revision: e.revision ?? '' })}
          </Link>
          {e.questionId && (
            <span className="muted"> · {t('remarks.evidenceQuestion', { question: e.questionId })}</span>
          )}
          <span className="muted"> · {t('remarks.evidencePhotos', { count: e.photos.length })}</span>
          {e.chainHash && (
            <span className="muted remark-chain" title={e.chainHash}>
              {' '}
              · {t('remarks.evidenceChain', { seq: e.chainSeq ?? '', hash: e.chainHash.slice(0, 12) })}
            </span>
          )}
        </div>
      )}
    </li>
  );
}

function StatusActions({ detail }: { detail: RemarkDetailDto }) {
  const { t } = useTranslation();
  const [to, setTo] = useState<RemarkStatus | null>(null);
  const [on, setOn] = useState(today());
  const [via, setVia] = useState<RemarkDelivery>('post');
  const transition = useRemarkTransition();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!to) return;
    transition.mutate(
      { id: detail.remark.id, body: { to, on, ...(to === 'sent' && { via }) } },
      { onSuccess: () => setTo(null) },
    );
  };
  return (
    <>
      <div className="remark-actions">
        {detail.nextStatuses.map((s) => (
          <button
            key={s}
            type="button"
            className={s === 'sent' || s === 'resolved' ? 'button button-primary' : 'button button-secondary'}
            aria-pressed={to === s}
            data-to={s}
            onClick={() => {
              transition.reset();
              setTo(s);
            }}
          >
            {t(`remarks.actions.${s}`)}
          </button>
        ))}
      </div>
      {to && (
        <form className="form remark-inline-form" onSubmit={submit} aria-label={t(`remarks.actions.${to}`)}>
          <TextField
            id="remark-on"
            type="date"
            label={t(to === 'sent' ? 'remarks.form.sentOn' : 'remarks.form.on')}
            value={on}
            max={today()}
            required
            onChange={(e) => setOn(e.target.value)}
          />
          {to === 'sent' && (
            <SelectField
              id="remark-via"
              label={t('remarks.form.via')}
              value={via}
              onChange={(e) => setVia(e.target.value as RemarkDelivery)}
            >
              {remarkDeliveries.map((d) => (
                <option key={d} value={d}>
                  {t(`remarks.deliveries.${d}`)}
                </option>
              ))}
            </SelectField>
          )}
          <ProblemAlert error={transition.error} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={transition.isPending}>
              {t('remarks.form.confirm', { action: t(`remarks.actions.${to}`) })}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setTo(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function AnswerForm({ detail }: { detail: RemarkDetailDto }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState(detail.remark.answer ?? '');
  const [on, setOn] = useState(detail.remark.answeredOn ?? today());
  const save = useRemarkAnswer();
  return (
    <form
      className="form remark-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ id: detail.remark.id, body: { answer, on } });
      }}
    >
      <TextAreaField
        id="remark-answer-text"
        label={t('remarks.form.answer')}
        value={answer}
        rows={4}
        maxLength={8000}
        required
        onChange={(e) => setAnswer(e.target.value)}
      />
      <TextField
        id="remark-answer-on"
        type="date"
        label={t('remarks.form.answeredOn')}
        value={on}
        max={today()}
        required
        onChange={(e) => setOn(e.target.value)}
      />
      <ProblemAlert error={save.error} />
      {save.isSuccess && (
        <p className="muted" role="status">
          {t('remarks.answerSaved')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={save.isPending}>
          {detail.remark.answer ? t('remarks.form.correctAnswer') : t('remarks.form.saveAnswer')}
        </button>
      </div>
    </form>
  );
}

function DraftActions({ detail }: { detail: RemarkDetailDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [title, setTitle] = useState(detail.remark.title);
  const [body, setBody] = useState(detail.remark.body);
  const [legalBasis, setLegalBasis] = useState(detail.remark.legalBasis ?? '');
  const update = useUpdateRemark();
  const remove = useDeleteRemark();
  if (editing) {
    return (
      <form
        className="form remark-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate(
            { id: detail.remark.id, body: { title, body, legalBasis: legalBasis.trim() ? legalBasis : null } },
            { onSuccess: () => setEditing(false) },
          );
        }}
      >
        <TextField
          id="remark-edit-title"
          label={t('remarks.form.title')}
          value={title}
          maxLength={200}
          required
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextAreaField
          id="remark-edit-body"
          label={t('remarks.form.body')}
          value={body}
          rows={6}
          maxLength={8000}
          required
          onChange={(e) => setBody(e.target.value)}
        />
        <TextField
          id="remark-edit-legal"
          label={t('remarks.form.legalBasis')}
          value={legalBasis}
          maxLength={1000}
          onChange={(e) => setLegalBasis(e.target.value)}
        />
        <ProblemAlert error={update.error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={update.isPending}>
            {t('remarks.form.save')}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="remark-actions">
      <button type="button" className="button button-secondary button-small" onClick={() => setEditing(true)}>
        {t('remarks.edit')}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={() => setConfirming(true)}>
        {t('remarks.delete')}
      </button>
      {confirming && (
        <ConfirmDialog
          title={t('remarks.deleteTitle', { number: detail.remark.number })}
          confirm={t('remarks.delete')}
          confirming={t('remarks.deleting')}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setConfirming(false)}
          onConfirm={() => remove.mutate(detail.remark.id, { onSuccess: () => void navigate('/hq/remarks') })}
        >
          <p>{t('remarks.deleteBody')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
