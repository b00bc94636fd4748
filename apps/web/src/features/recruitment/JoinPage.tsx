import {
  type ApplicantAvailability,
  type ApplicantLanguage,
  applicantAvailabilities,
  applicantLanguages,
  consentTexts,
  isConsentVersion,
} from '@pollwatch/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { problemMessage } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import {
  checkJoinDraft,
  emptyJoinDraft,
  type JoinDraft,
  type JoinField,
  type JoinProblems,
  joinProblemsOf,
  localToday,
} from './join-form.ts';
import { joinProblemText } from './join-text.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { recruitmentApi } from './recruitment-api.ts';
import { useJoinToken, usePublicStats } from './recruitment-queries.ts';
import { TextArea } from './TextArea.tsx';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `/join`: the public sign-up form for volunteers. Light on purpose: it must open on a cheap phone. */
export function JoinPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('join.title'));
  const [done, setDone] = useState(false);
  return (
    <PublicLayout>
      <JoinCounter />
      {done ? <JoinDone /> : <JoinForm onDone={() => setDone(true)} />}
    </PublicLayout>
  );
}

/** "Already N volunteers": the public counter. Nothing is shown until it is known. */
export function JoinCounter() {
  const { t } = useTranslation();
  const stats = usePublicStats();
  const formatNumber = useNumberFormat();
  if (!stats.data || stats.data.applicants < 1) return null;
  return (
    <p className="join-counter" data-testid="join-counter">
      {t('join.counter', { count: stats.data.applicants, formatted: formatNumber(stats.data.applicants) })}
    </p>
  );
}

function JoinDone() {
  const { t } = useTranslation();
  return (
    <section className="card public-card join-done" aria-labelledby="join-done-title" data-testid="join-done">
      <svg viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <circle cx="24" cy="24" r="20" />
        <path d="M15 24.5l6 6 12-13" />
      </svg>
      <PageHeading id="join-done-title">{t('join.doneTitle')}</PageHeading>
      <p>{t('join.doneBody')}</p>
    </section>
  );
}

function JoinForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale();
  const [params] = useSearchParams();
  const areaId = params.get('area')?.trim() || undefined;
  const [draft, setDraft] = useState<JoinDraft>(emptyJoinDraft);
  const [problems, setProblems] = useState<JoinProblems>({});
  const [checked, setChecked] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const issuedAt = useRef(Date.now());
  const token = useJoinToken(() => {
    issuedAt.current = Date.now();
  });

  // Once the person has tried to send, problems follow the typing: fixed ones go away at once.
  useEffect(() => {
    if (checked) setProblems(checkJoinDraft(draft, localToday()));
  }, [draft, checked]);

  function set<K extends keyof JoinDraft>(field: K, value: JoinDraft[K]) {
    setDraft((d) => ({ ...d, [field]: value }));
  }

  function toggle<T extends string>(list: readonly T[], value: T, on: boolean): T[] {
    return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
  }

  /** Checks one field when the person leaves it, so a typo shows before the end of the form. */
  function checkOne(field: JoinField) {
    const found = checkJoinDraft(draft, localToday())[field];
    const typed = field === 'consent' ? draft.consent : String(draft[field as keyof JoinDraft] ?? '').trim();
    setProblems((p) => ({ ...p, [field]: typed && found !== 'required' ? found : checked ? found : undefined }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    setFailure(null);
    const found = checkJoinDraft(draft, localToday());
    setProblems(found);
    const first = (Object.keys(found) as JoinField[]).find((k) => found[k]);
    if (first) {
      document.getElementById(`join-${first}`)?.focus();
      return;
    }
    if (!token.data) return;
    setSending(true);
    try {
      // People take longer than the minimum fill time; a very quick one waits here instead of being refused.
      const left = token.data.minFillSeconds * 1000 - (Date.now() - issuedAt.current);
      if (left > 0) await wait(left + 250);
      const body = {
        token: token.data.token,
        website: draft.website,
        fullName: draft.fullName.trim(),
        phone: draft.phone.trim(),
        ...(draft.email.trim() && { email: draft.email.trim() }),
        ...(draft.iin.trim() && { iin: draft.iin.replace(/\s+/g, '') }),
        birthDate: draft.birthDate,
        ...(areaId && !problems.areaId && { areaId }),
        languages: draft.languages,
        availability: draft.availability,
        ...(draft.experience.trim() && { experience: draft.experience.trim() }),
        ...(draft.referralSource.trim() && { referralSource: draft.referralSource.trim() }),
        consent: draft.consent,
        consentVersion: token.data.consentVersion,
        locale,
      };
      try {
        await recruitmentApi.join(body);
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'join_too_fast') throw error;
        const retry = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
        await wait((Number.isFinite(retry) && retry > 0 ? retry : 3) * 1000 + 250);
        await recruitmentApi.join(body);
      }
      onDone();
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        const byField = joinProblemsOf(error.details);
        if (Object.values(byField).some(Boolean)) {
          setProblems(byField);
          const field = (Object.keys(byField) as JoinField[])[0];
          document.getElementById(`join-${field}`)?.focus();
        } else setFailure(error);
      } else {
        setFailure(error);
        if (error instanceof ApiError && error.code === 'join_token_invalid') void token.refetch();
      }
    } finally {
      setSending(false);
    }
  }

  const consentVersion = token.data?.consentVersion;
  const consentText =
    consentVersion && isConsentVersion(consentVersion) ? consentTexts[consentVersion][locale] : undefined;
  const message = (field: JoinField) => joinProblemText(t, problems[field]);

  return (
    <section className="card public-card" aria-labelledby="join-title">
      <PageHeading id="join-title">{t('join.title')}</PageHeading>
      <p className="muted">{t('join.intro')}</p>
      {areaId && (
        <Alert tone={problems.areaId ? 'error' : 'info'}>
          <p>{problems.areaId ? t('join.areaNotFound') : t('join.areaLink')}</p>
        </Alert>
      )}
      {token.isError && (
        <Alert>
          <p>{problemMessage(t, token.error)}</p>
          <button type="button" className="button button-secondary" onClick={() => void token.refetch()}>
            {t('common.retry')}
          </button>
        </Alert>
      )}
      <form className="form join-form" onSubmit={(event) => void submit(event)} noValidate lang={i18n.language}>
        {failure !== null && (
          <Alert>
            <p>{problemMessage(t, failure)}</p>
          </Alert>
        )}
        <p className="field-hint">{t('join.requiredNote')}</p>
        <TextField
          id="join-fullName"
          label={t('join.fields.fullName')}
          hint={t('join.hints.fullName')}
          value={draft.fullName}
          onChange={(event) => set('fullName', event.target.value)}
          onBlur={() => checkOne('fullName')}
          autoComplete="name"
          required
          error={message('fullName')}
        />
        <TextField
          id="join-phone"
          type="tel"
          inputMode="tel"
          label={t('join.fields.phone')}
          hint={t('join.hints.phone')}
          placeholder="+7 7__ ___ __ __"
          value={draft.phone}
          onChange={(event) => set('phone', event.target.value)}
          onBlur={() => checkOne('phone')}
          autoComplete="tel"
          required
          error={message('phone')}
        />
        <TextField
          id="join-birthDate"
          type="date"
          label={t('join.fields.birthDate')}
          hint={t('join.hints.birthDate')}
          value={draft.birthDate}
          max={localToday()}
          min="1900-01-01"
          onChange={(event) => set('birthDate', event.target.value)}
          onBlur={() => checkOne('birthDate')}
          autoComplete="bday"
          required
          error={message('birthDate')}
        />
        <TextField
          id="join-email"
          type="email"
          inputMode="email"
          label={t('join.fields.email')}
          value={draft.email}
          onChange={(event) => set('email', event.target.value)}
          onBlur={() => checkOne('email')}
          autoComplete="email"
          spellCheck={false}
          error={message('email')}
        />
        <TextField
          id="join-iin"
          inputMode="numeric"
          label={t('join.fields.iin')}
          hint={t('join.hints.iin')}
          value={draft.iin}
          maxLength={15}
          onChange={(event) => set('iin', event.target.value)}
          onBlur={() => checkOne('iin')}
          autoComplete="off"
          error={message('iin')}
        />
        <Choices
          legend={t('join.fields.languages')}
          name="languages"
          options={applicantLanguages}
          selected={draft.languages}
          label={(value) => t(`recruitment.languages.${value}`)}
          onChange={(value, on) => set('languages', toggle<ApplicantLanguage>(draft.languages, value, on))}
        />
        <Choices
          legend={t('join.fields.availability')}
          name="availability"
          options={applicantAvailabilities}
          selected={draft.availability}
          label={(value) => t(`recruitment.availability.${value}`)}
          onChange={(value, on) => set('availability', toggle<ApplicantAvailability>(draft.availability, value, on))}
        />
        <TextArea
          id="join-experience"
          label={t('join.fields.experience')}
          hint={t('join.hints.experience')}
          value={draft.experience}
          maxLength={2000}
          onChange={(value) => set('experience', value)}
        />
        <TextField
          id="join-referralSource"
          label={t('join.fields.referralSource')}
          value={draft.referralSource}
          maxLength={500}
          onChange={(event) => set('referralSource', event.target.value)}
          autoComplete="off"
        />
        <div className="join-trap" aria-hidden="true">
          <label htmlFor="join-website">Website</label>
          <input
            id="join-website"
            name="website"
            type="text"
            tabIndex={-1}
            autoComplete="off"
            value={draft.website}
            onChange={(event) => set('website', event.target.value)}
          />
        </div>
        <div className="consent-box" data-invalid={problems.consent ? 'true' : undefined}>
          <h2 className="field-label-like" id="join-consent-title">
            {t('join.consentTitle')}
          </h2>
          {consentText ? (
            <p className="consent-text" id="join-consent-text" lang={locale}>
              {consentText}
            </p>
          ) : (
            <Loading />
          )}
          {consentVersion && (
            <p className="consent-version" data-testid="consent-version">
              {t('join.consentVersion', { version: consentVersion })}
            </p>
          )}
          <label className="choice" htmlFor="join-consent">
            <input
              id="join-consent"
              type="checkbox"
              checked={draft.consent}
              aria-invalid={problems.consent ? true : undefined}
              aria-describedby={['join-consent-text', problems.consent ? 'join-consent-error' : '']
                .filter(Boolean)
                .join(' ')}
              onChange={(event) => set('consent', event.target.checked)}
            />
            <span>{t('join.fields.consent')}</span>
          </label>
          {problems.consent && (
            <p className="field-error" id="join-consent-error">
              {message('consent')}
            </p>
          )}
        </div>
        <button
          type="submit"
          className="button button-primary button-block"
          disabled={sending || !token.data}
          data-action="join-submit"
        >
          {sending ? t('join.sending') : t('join.submit')}
        </button>
        <p className="field-hint">{t('join.privacy')}</p>
      </form>
    </section>
  );
}

function Choices<T extends string>({
  legend,
  name,
  options,
  selected,
  label,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  selected: readonly T[];
  label: (value: T) => string;
  onChange: (value: T, on: boolean) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <div className="choice-list">
        {options.map((value) => (
          <label key={value} className="choice">
            <input
              type="checkbox"
              name={name}
              value={value}
              checked={selected.includes(value)}
              onChange={(event) => onChange(value, event.target.checked)}
            />
            <span>{label(value)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
