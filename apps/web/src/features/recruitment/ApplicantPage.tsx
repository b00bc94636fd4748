import {
  type ApplicantDto,
  type ApplicantEventDto,
  type ApplicantStatus,
  type AreaDto,
  allowedTransitions,
  can,
  formatKzPhone,
  invitableStatuses,
  referralStatuses,
  transitionNeedsReason,
  type UpdateApplicantBody,
  type UserDto,
} from '@pollwatch/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, isNotFound } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { SearchField, SelectField, TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { fieldErrorsOf, problemMessage } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useCalendarDateFormat, useDateTimeFormat, useDebounced } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { HqNotFound } from '../../shell/NotFoundPage.tsx';
import { InviteDialog } from '../accounts/InviteDialog.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { areaOptions, areaPathLabel } from '../territory/area-tree.ts';
import { useAreas, useStations } from '../territory/territory-queries.ts';
import { joinProblemText } from './join-text.ts';
import { type ApplicantInvite, recruitmentApi, recruitmentUrls } from './recruitment-api.ts';
import { useApplicant, useApplicantMutation, useReferrals } from './recruitment-queries.ts';
import { TextArea } from './TextArea.tsx';
import './recruitment.css';

/** `/hq/applicants/:id`: one applicant's record, status, history, notes, invite and referral letters. */
export function ApplicantPage() {
  const me = useStaffUser();
  const { id = '' } = useParams();
  if (!can(me.role, 'applicants.read')) return <NoAccess />;
  return <ApplicantScreen key={id} id={id} me={me} />;
}

function ApplicantScreen({ id, me }: { id: string; me: UserDto }) {
  const { t } = useTranslation();
  const record = useApplicant(id);
  useDocumentTitle(record.data?.applicant.fullName ?? t('applicants.title'));
  const back = (
    <p className="back-link">
      <Link to="/hq/applicants">← {t('applicants.title')}</Link>
    </p>
  );
  if (record.isPending) return <Loading />;
  if (record.isError) {
    if (isNotFound(record.error)) return <HqNotFound />;
    return (
      <>
        {back}
        <LoadError error={record.error} onRetry={() => void record.refetch()} />
      </>
    );
  }
  const { applicant, events } = record.data;
  const canManage = can(me.role, 'applicants.manage');
  return (
    <>
      {back}
      <header className="page-header">
        <PageHeading>{applicant.fullName}</PageHeading>
        <p>
          <span className="badge-status" data-status={applicant.status} data-testid="applicant-status">
            {t(`recruitment.statuses.${applicant.status}`)}
          </span>
          {applicant.statusReason && <span className="muted"> — {applicant.statusReason}</span>}
        </p>
      </header>
      <div className="applicant-grid">
        <div>
          <Details applicant={applicant} canManage={canManage} />
          {canManage && <Referrals applicant={applicant} isAdmin={can(me.role, 'settings.manage')} />}
        </div>
        <div>
          {canManage && <StatusChange applicant={applicant} />}
          {canManage && <Invite applicant={applicant} />}
          <History applicant={applicant} events={events} canManage={canManage} />
        </div>
      </div>
    </>
  );
}

// ---- Details ----

const detailFields = ['fullName', 'phone', 'email', 'iin', 'birthDate', 'idDocument'] as const;
type DetailField = (typeof detailFields)[number];

function Details({ applicant, canManage }: { applicant: ApplicantDto; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatDay = useCalendarDateFormat();
  const formatDateTime = useDateTimeFormat();
  const areas = useAreas(null);
  const areaItems = areas.data?.items ?? [];
  const byId = useMemo(() => new Map<string, AreaDto>(areaItems.map((a) => [a.id, a])), [areaItems]);
  const [editing, setEditing] = useState(false);
  const none = t('common.none');
  const rows: [string, string, string?][] = [
    [t('applicants.fields.phone'), formatKzPhone(applicant.phone)],
    [t('applicants.fields.email'), applicant.email ?? none],
    [t('applicants.fields.iin'), applicant.iin ?? none],
    [t('applicants.fields.birthDate'), applicant.birthDate ? formatDay(applicant.birthDate) : none],
    [t('applicants.fields.idDocument'), applicant.idDocument ?? none, 'idDocument'],
    [
      t('applicants.fields.area'),
      applicant.areaId && byId.has(applicant.areaId) ? areaPathLabel(applicant.areaId, byId, locale) : none,
    ],
    [
      t('applicants.fields.languages'),
      applicant.languages.map((l) => t(`recruitment.languages.${l}`)).join(', ') || none,
    ],
    [
      t('applicants.fields.availability'),
      applicant.availability.map((a) => t(`recruitment.availability.${a}`)).join(', ') || none,
    ],
    [t('applicants.fields.experience'), applicant.experience ?? none],
    [t('applicants.fields.referralSource'), applicant.referralSource ?? none],
    [
      t('applicants.fields.consent'),
      applicant.consentVersion && applicant.consentedAt
        ? t('applicants.consentGiven', {
            version: applicant.consentVersion,
            date: formatDateTime(applicant.consentedAt),
          })
        : none,
    ],
    [t('applicants.fields.source'), t(`applicants.sources.${applicant.source}`)],
  ];
  return (
    <section className="card panel" aria-labelledby="applicant-details">
      <h2 id="applicant-details">{t('applicants.details')}</h2>
      {editing ? (
        <EditDetails applicant={applicant} options={areaOptions(areaItems, locale)} onDone={() => setEditing(false)} />
      ) : (
        <>
          <dl className="summary">
            {rows.map(([label, value, testId]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd data-testid={testId}>{value}</dd>
              </div>
            ))}
          </dl>
          {canManage && !applicant.anonymisedAt && (
            <div className="form-actions">
              <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
                {t('applicants.edit')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function EditDetails({
  applicant,
  options,
  onDone,
}: {
  applicant: ApplicantDto;
  options: { id: string; label: string }[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const initial: Record<DetailField, string> = {
    fullName: applicant.fullName,
    phone: formatKzPhone(applicant.phone),
    email: applicant.email ?? '',
    iin: applicant.iin ?? '',
    birthDate: applicant.birthDate ?? '',
    idDocument: applicant.idDocument ?? '',
  };
  const [values, setValues] = useState(initial);
  const [areaId, setAreaId] = useState(applicant.areaId ?? '');
  const save = useApplicantMutation((body: UpdateApplicantBody) => recruitmentApi.updateApplicant(applicant.id, body));
  const fieldErrors = fieldErrorsOf(t, save.error);
  const details =
    save.error instanceof ApiError && Array.isArray(save.error.details)
      ? (save.error.details as { path?: unknown; keyword?: unknown }[])
      : [];
  const messageFor = (field: string): string | undefined => {
    const found = details.find((d) => d.path === `/${field}`);
    return typeof found?.keyword === 'string' && found.keyword.includes('_')
      ? joinProblemText(t, found.keyword)
      : fieldErrors[field];
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: UpdateApplicantBody = {};
    for (const field of detailFields) {
      const value = values[field].trim();
      if (value === initial[field].trim()) continue;
      if (field === 'fullName' || field === 'phone') {
        if (value) body[field] = value;
      } else body[field] = value || null;
    }
    if (areaId !== (applicant.areaId ?? '')) body.areaId = areaId || null;
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    save.mutate(body, { onSuccess: onDone });
  }

  const labels: Record<DetailField, string> = {
    fullName: t('applicants.fields.fullName'),
    phone: t('applicants.fields.phone'),
    email: t('applicants.fields.email'),
    iin: t('applicants.fields.iin'),
    birthDate: t('applicants.fields.birthDate'),
    idDocument: t('applicants.fields.idDocument'),
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ProblemAlert error={save.error} fieldErrors={Object.fromEntries(detailFields.map((f) => [f, messageFor(f)]))} />
      {detailFields.map((field) => (
        <TextField
          key={field}
          id={`applicant-${field}`}
          type={field === 'birthDate' ? 'date' : field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
          label={labels[field]}
          hint={field === 'idDocument' ? t('applicants.idDocumentHint') : undefined}
          value={values[field]}
          onChange={(event) => setValues((v) => ({ ...v, [field]: event.target.value }))}
          autoComplete="off"
          error={messageFor(field)}
        />
      ))}
      <SelectField
        id="applicant-area"
        label={t('applicants.fields.area')}
        value={areaId}
        onChange={(event) => setAreaId(event.target.value)}
      >
        <option value="">{t('common.none')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('applicants.save')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

// ---- Status ----

function StatusChange({ applicant }: { applicant: ApplicantDto }) {
  const { t } = useTranslation();
  const choices = allowedTransitions(applicant.status);
  const [to, setTo] = useState<ApplicantStatus | ''>('');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const change = useApplicantMutation((vars: { to: ApplicantStatus; reason: string }) =>
    recruitmentApi.changeStatus(applicant.id, vars.to, vars.reason),
  );
  const needsReason = to !== '' && transitionNeedsReason(applicant.status, to);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!to) return;
    if (needsReason && !reason.trim()) {
      setReasonError(t('errors.reason_required'));
      document.getElementById('status-reason')?.focus();
      return;
    }
    change.mutate(
      { to, reason },
      {
        onSuccess: () => {
          setTo('');
          setReason('');
        },
      },
    );
  }

  return (
    <section className="card panel" aria-labelledby="applicant-status-title">
      <h2 id="applicant-status-title">{t('applicants.status.title')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={change.error} />
        <SelectField
          id="status-to"
          label={t('applicants.status.to')}
          value={to}
          onChange={(event) => {
            setTo(event.target.value as ApplicantStatus | '');
            setReasonError(undefined);
          }}
        >
          <option value="">{t('applicants.bulk.choose')}</option>
          {choices.map((s) => (
            <option key={s} value={s}>
              {t(`recruitment.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="status-reason"
          label={needsReason ? t('applicants.status.reasonRequired') : t('applicants.status.reason')}
          value={reason}
          maxLength={1000}
          required={needsReason}
          onChange={(event) => {
            setReason(event.target.value);
            setReasonError(undefined);
          }}
          error={reasonError}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!to || change.isPending}>
            {t('applicants.status.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

// ---- Invite ----

function Invite({ applicant }: { applicant: ApplicantDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const invite = useApplicantMutation(() => recruitmentApi.invite(applicant.id));
  const allowed = invitableStatuses.includes(applicant.status);
  const data: ApplicantInvite | undefined = invite.data;
  const asUser: UserDto = {
    id: applicant.userId ?? data?.userId ?? applicant.id,
    role: 'observer',
    email: null,
    displayName: applicant.fullName,
    locale: applicant.locale,
    status: 'active',
    createdAt: applicant.createdAt,
  };
  return (
    <section className="card panel" aria-labelledby="applicant-invite-title">
      <h2 id="applicant-invite-title">{t('applicants.invite.title')}</h2>
      <p className="muted">
        {applicant.userId
          ? t('applicants.invite.hasAccount')
          : allowed
            ? t('applicants.invite.body')
            : t('applicants.invite.notYet')}
      </p>
      {allowed && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              invite.reset();
              setOpen(true);
              invite.mutate(undefined);
            }}
          >
            {applicant.userId ? t('applicants.invite.again') : t('applicants.invite.submit')}
          </button>
        </div>
      )}
      {open && (
        <InviteDialog
          user={asUser}
          pending={invite.isPending}
          issued={data?.invite}
          error={invite.error}
          onClose={() => {
            setOpen(false);
            invite.reset();
          }}
        />
      )}
    </section>
  );
}

// ---- Referral letters ----

function Referrals({ applicant, isAdmin }: { applicant: ApplicantDto; isAdmin: boolean }) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const referrals = useReferrals(applicant.id);
  const current = useCurrentElection();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const electionId = current.election?.id ?? '';
  const stations = useStations(electionId, q, '');
  const stationItems = electionId ? (stations.data?.pages.flatMap((p) => p.items) ?? []) : [];
  const [stationId, setStationId] = useState('');
  const [letterLocale, setLetterLocale] = useState<'ru' | 'kk'>(applicant.locale === 'kk' ? 'kk' : 'ru');
  const issue = useApplicantMutation((vars: { stationId: string; locale: 'ru' | 'kk' }) =>
    recruitmentApi.issueReferral(applicant.id, vars.stationId, vars.locale),
  );
  const allowed = referralStatuses.includes(applicant.status);
  const missing =
    issue.error instanceof ApiError && issue.error.code === 'letter_details_missing'
      ? (((issue.error.details as { missing?: unknown } | undefined)?.missing as string[] | undefined) ?? [])
      : null;
  const stationPrefix = (id: string) => {
    const number = stationItems.find((s) => s.id === id)?.number;
    return number === undefined ? '' : `${t('verify.stationNumber', { number })} · `;
  };

  return (
    <section className="card panel" aria-labelledby="applicant-referrals-title" data-testid="referrals">
      <h2 id="applicant-referrals-title">{t('applicants.referrals.title')}</h2>
      {referrals.data && referrals.data.items.length > 0 && (
        <ul className="referral-list">
          {referrals.data.items.map((r) => (
            <li key={r.id} data-referral-code={r.code}>
              <span>
                {stationPrefix(r.stationId)}
                {t(`language.names.${r.locale}`)} · <time dateTime={r.issuedAt}>{formatDateTime(r.issuedAt)}</time>
              </span>
              <span className="referral-code" data-testid="referral-code">
                {r.code}
              </span>
              <span className="form-actions">
                <a className="button button-small button-secondary" href={recruitmentUrls.letter(r.id, 'pdf')} download>
                  {t('applicants.referrals.pdf')}
                </a>
                <a className="button button-small button-quiet" href={recruitmentUrls.letter(r.id, 'docx')} download>
                  {t('applicants.referrals.docx')}
                </a>
                <a
                  className="button button-small button-quiet"
                  href={`/verify/${r.code}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t('applicants.referrals.verify')}
                </a>
              </span>
            </li>
          ))}
        </ul>
      )}
      {!allowed ? (
        <p className="muted">{t('applicants.referrals.notYet')}</p>
      ) : !current.election ? (
        <p className="muted">{t('stations.noCurrentBody')}</p>
      ) : (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (stationId) issue.mutate({ stationId, locale: letterLocale });
          }}
        >
          {missing ? (
            <Alert>
              <p>{t('errors.letter_details_missing')}</p>
              <ul className="problem-list">
                {missing.map((m) => (
                  <li key={m}>
                    {m === 'organisation'
                      ? t('applicants.referrals.missingOrganisation')
                      : m === 'idDocument'
                        ? t('applicants.referrals.missingIdDocument')
                        : m}
                  </li>
                ))}
              </ul>
              {missing.includes('organisation') &&
                (isAdmin ? (
                  <p>
                    <Link to="/hq/settings/organisation">{t('organisation.title')}</Link>
                  </p>
                ) : (
                  <p>{t('applicants.referrals.askAdmin')}</p>
                ))}
            </Alert>
          ) : (
            issue.error !== null && (
              <Alert>
                <p>{problemMessage(t, issue.error)}</p>
              </Alert>
            )
          )}
          <SearchField
            id="referral-station-search"
            label={t('applicants.referrals.stationSearch')}
            value={search}
            onSearch={setSearch}
          />
          <SelectField
            id="referral-station"
            label={t('applicants.referrals.station')}
            value={stationId}
            onChange={(event) => setStationId(event.target.value)}
          >
            <option value="">{t('applicants.bulk.choose')}</option>
            {stationItems.map((s) => (
              <option key={s.id} value={s.id}>
                {t('verify.stationNumber', { number: s.number })} — {s.address}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="referral-locale"
            label={t('applicants.referrals.language')}
            value={letterLocale}
            onChange={(event) => setLetterLocale(event.target.value === 'kk' ? 'kk' : 'ru')}
          >
            <option value="ru" lang="ru">
              {t('language.names.ru')}
            </option>
            <option value="kk" lang="kk">
              {t('language.names.kk')}
            </option>
          </SelectField>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={!stationId || issue.isPending}>
              {t('applicants.referrals.issue')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

// ---- History and notes ----

function History({
  applicant,
  events,
  canManage,
}: {
  applicant: ApplicantDto;
  events: ApplicantEventDto[];
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const note = useApplicantMutation((value: string) => recruitmentApi.addNote(applicant.id, value));
  return (
    <section className="card panel" aria-labelledby="applicant-history-title">
      <h2 id="applicant-history-title">{t('applicants.history.title')}</h2>
      {canManage && (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!text.trim()) {
              setError(t('validation.required'));
              return;
            }
            note.mutate(text.trim(), { onSuccess: () => setText('') });
          }}
        >
          <ProblemAlert error={note.error} />
          <TextArea
            id="applicant-note"
            label={t('applicants.history.note')}
            value={text}
            maxLength={4000}
            error={error}
            onChange={(value) => {
              setText(value);
              setError(undefined);
            }}
          />
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={note.isPending}>
              {t('applicants.history.addNote')}
            </button>
          </div>
        </form>
      )}
      <ol className="timeline" data-testid="applicant-history">
        {[...events].reverse().map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <div className="timeline-meta">
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              {e.actorName && ` · ${e.actorName}`}
            </div>
            <div>
              {e.kind === 'status' && e.toStatus
                ? t('applicants.history.status', {
                    from: e.fromStatus ? t(`recruitment.statuses.${e.fromStatus}`) : t('common.none'),
                    to: t(`recruitment.statuses.${e.toStatus}`),
                  })
                : t(`applicants.history.kinds.${e.kind}`)}
            </div>
            {e.text && <p className="timeline-text">{e.text}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
