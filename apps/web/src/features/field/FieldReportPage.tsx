import { type FormProblem, isLocale, type Locale } from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { FlagList, reasonText, StatusBadge } from './FieldBits.tsx';
import { FieldFollowUps } from './FieldFollowUps.tsx';
import { FieldReportForm, PhotoThumb } from './FieldReportForm.tsx';
import { bySaved, latestOf, type OutboxEntry } from './outbox-model.ts';
import { electionOf, formOfKind } from './pack.ts';
import { useField, validationContext } from './use-field.ts';

function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : 'ru';
}

function reportTitle(t: TFunction, kind: string, checkpoint: unknown): string {
  const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  if (kind === 'turnout' && typeof checkpoint === 'string') return translate('field.turnoutAt', { time: checkpoint });
  return translate(`forms.kinds.${kind}`);
}

/** `/app/stations/:stationId/new/:kind`: a new report, saved on the phone first. */
export function FieldNewReportPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { stationId, kind = '' } = useParams();
  const [search] = useSearchParams();
  const checkpoint = search.get('checkpoint');
  const { pack, sync } = useField();
  const data = pack.pack;
  const station = data?.stations.find((s) => s.id === stationId);
  const election = data && station ? electionOf(data, station) : undefined;
  const form = data && station ? formOfKind(data, station, kind) : undefined;
  const title = reportTitle(t, kind, checkpoint);
  useDocumentTitle(title);
  const context = useMemo(() => validationContext(station), [station]);
  const initial = useMemo(
    () => (kind === 'turnout' && checkpoint ? { checkpoint_time: checkpoint } : {}),
    [kind, checkpoint],
  );

  if (!election || !station) {
    return <Missing text={t('field.stationMissing')} />;
  }
  const back = (
    <Link to={`/app/stations/${station.id}`} className="back-link">
      {t('field.backStation', { number: station.number })}
    </Link>
  );
  if (!form) {
    return (
      <>
        {back}
        <PageHeading>{title}</PageHeading>
        <p>{t('field.noForm', { kind: title })}</p>
      </>
    );
  }
  const electionId = election.id;
  return (
    <>
      {back}
      <PageHeading>{title}</PageHeading>
      <p className="fa-muted">{t('field.stationNumber', { number: station.number })}</p>
      <FieldReportForm
        form={form.definition}
        locale={locale}
        context={context}
        initialAnswers={initial}
        saveLabel={t('field.save')}
        onSave={async (answers) => {
          const entry = await sync.save({
            electionId,
            stationId: station.id,
            formId: form.formId,
            formVersion: form.version,
            formKind: form.kind,
            answers,
          });
          await navigate(`/app/reports/${entry.id}`, { replace: true, state: { saved: true } });
        }}
      />
    </>
  );
}

/** `/app/reports/:reportId`: one report on the phone, its revisions, and a correction. */
export function FieldReportPage() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const { reportId = '' } = useParams();
  const { pack, snapshot, sync } = useField();
  const [editing, setEditing] = useState(false);
  const location = useLocation();
  const [justSaved, setJustSaved] = useState(() => (location.state as { saved?: boolean } | null)?.saved === true);
  const data = pack.pack;
  const latest = latestOf(snapshot.entries, reportId);
  const station = data?.stations.find((s) => s.id === latest?.stationId);
  const context = useMemo(() => validationContext(station), [station]);
  const title = latest ? reportTitle(t, latest.formKind, latest.answers.checkpoint_time) : t('field.outboxTitle');
  useDocumentTitle(title);

  if (!snapshot.loaded) return null;
  if (!latest) return <Missing text={t('field.reportMissing')} />;

  const revisions = snapshot.entries
    .filter((e) => e.id === reportId)
    .sort(bySaved)
    .reverse();
  const formEntry = data?.forms.find((f) => f.formId === latest.formId && f.version === latest.formVersion);
  const photosById = new Map(snapshot.photos.map((p) => [p.sha256, p]));
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const problems =
    latest.state === 'attention'
      ? ((latest.lastError?.details as { problems?: FormProblem[] } | undefined)?.problems ?? [])
      : [];

  return (
    <>
      {station ? (
        <Link to={`/app/stations/${station.id}`} className="back-link">
          {t('field.backStation', { number: station.number })}
        </Link>
      ) : (
        <Link to="/app/outbox" className="back-link">
          {t('field.outboxTitle')}
        </Link>
      )}
      <PageHeading>{title}</PageHeading>
      {station && <p className="fa-muted">{t('field.stationNumber', { number: station.number })}</p>}
      <FieldFollowUps reportId={reportId} />
      {justSaved && !editing && (
        <div className="alert alert-success" role="status">
          <p>{t('field.saved')}</p>
        </div>
      )}
      {editing && formEntry ? (
        <FieldReportForm
          form={formEntry.definition as never}
          locale={locale}
          context={context}
          initialAnswers={latest.answers}
          serverProblems={problems}
          saveLabel={latest.state === 'attention' ? t('field.fix') : t('field.saveCorrection')}
          onSave={async (answers) => {
            await sync.save({
              id: latest.id,
              electionId: latest.electionId,
              stationId: latest.stationId,
              formId: latest.formId,
              formVersion: latest.formVersion,
              formKind: latest.formKind,
              answers,
            });
            setEditing(false);
            setJustSaved(true);
          }}
        />
      ) : (
        <>
          <ul className="fa-list" aria-label={t('field.outboxTitle')}>
            {revisions.map((entry) => (
              <RevisionCard key={entry.key} entry={entry} when={when} />
            ))}
          </ul>
          {latest.photos.length > 0 && (
            <section className="fa-photos" aria-labelledby="fa-report-photos">
              <h2 id="fa-report-photos">{t('field.photos.title')}</h2>
              <ul>
                {latest.photos.map((sha256, i) => (
                  <li key={sha256}>
                    <PhotoThumb photo={photosById.get(sha256)} n={i + 1} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          {formEntry && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setEditing(true);
                setJustSaved(false);
              }}
            >
              {latest.state === 'attention' ? t('field.fix') : t('field.correct')}
            </button>
          )}
        </>
      )}
    </>
  );
}

export function RevisionCard({ entry, when }: { entry: OutboxEntry; when: (iso: string) => string }) {
  const { t } = useTranslation();
  return (
    <li className="fa-card fa-entry" data-state={entry.state} data-report={entry.id}>
      <span className="fa-entry-head">
        <StatusBadge
          status={entry.state === 'accepted' ? 'done' : entry.state === 'sending' ? 'sending' : entry.state}
        />
        <span className="fa-muted">{t('field.revision', { n: entry.revision })}</span>
      </span>
      <span className="fa-muted">{t('field.savedAt', { time: when(entry.clientTime) })}</span>
      {entry.receipt && (
        <span className="fa-muted">{t('field.acceptedAt', { time: when(entry.receipt.receivedAt) })}</span>
      )}
      {entry.supersededBy && <span className="fa-muted">{t('field.superseded')}</span>}
      {entry.state === 'attention' && entry.lastError && (
        <span className="fa-error">{t('field.reason', { reason: reasonText(t, entry.lastError) })}</span>
      )}
      {entry.receipt && <FlagList flags={entry.receipt.flags} />}
    </li>
  );
}

function Missing({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Link to="/app" className="back-link">
        {t('field.backHome')}
      </Link>
      <PageHeading>{t('field.stationsTitle')}</PageHeading>
      <p>{text}</p>
    </>
  );
}
