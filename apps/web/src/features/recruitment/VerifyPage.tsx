import { localized, normaliseVerificationCode } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { PublicLayout } from './PublicLayout.tsx';
import { useVerification } from './recruitment-queries.ts';

/**
 * `/verify` and `/verify/:code`: anyone checks the code of a referral letter or of an observer
 * school certificate. The heading names the kind of document once the code is found (either kind
 * until then). Nothing beyond the name is shown.
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const { code: raw } = useParams();
  const code = raw ? normaliseVerificationCode(raw) : null;
  const document = useVerifiedDocument(code);
  const heading =
    document === 'certificate'
      ? { title: t('school.verify.title'), intro: t('school.verify.intro') }
      : document === 'referral'
        ? { title: t('verify.title'), intro: t('verify.intro') }
        : { title: t('verify.titleAny'), intro: t('verify.introAny') };
  useDocumentTitle(heading.title);
  return (
    <PublicLayout>
      <section className="card public-card" aria-labelledby="verify-title">
        <PageHeading id="verify-title">{heading.title}</PageHeading>
        <p className="muted">{heading.intro}</p>
        {raw && (code ? <VerifyResult code={code} /> : <Invalid />)}
        <VerifyForm initial={raw ?? ''} />
      </section>
    </PublicLayout>
  );
}

/** The kind of document a valid code belongs to; null while unknown, for no code or a wrong one. */
function useVerifiedDocument(code: string | null): 'referral' | 'certificate' | null {
  const result = useVerification(code ?? '', code !== null);
  const v = result.data;
  if (!v?.valid) return null;
  return v.document === 'certificate' ? 'certificate' : 'referral';
}

function Invalid() {
  const { t } = useTranslation();
  return (
    <div className="verify-result" data-valid="false" role="status" data-testid="verify-result">
      <h2>{t('verify.invalidTitleAny')}</h2>
      <p>{t('verify.invalidBody')}</p>
    </div>
  );
}

function VerifyResult({ code }: { code: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatDateTime = useDateTimeFormat();
  const result = useVerification(code);
  if (result.isPending) return <Loading label={t('verify.checking')} />;
  if (result.isError) return <LoadError error={result.error} onRetry={() => void result.refetch()} />;
  const v = result.data;
  if (!v.valid) return <Invalid />;
  return (
    <div className="verify-result" data-valid="true" role="status" data-testid="verify-result">
      <h2>{v.document === 'certificate' ? t('school.verify.validTitle') : t('verify.validTitle')}</h2>
      <dl className="summary">
        <div>
          <dt>{t('verify.code')}</dt>
          <dd className="referral-code">{code}</dd>
        </div>
        <div>
          <dt>{t('verify.observer')}</dt>
          <dd data-testid="verify-name">{v.observerName}</dd>
        </div>
        {v.election && (
          <div>
            <dt>{t('verify.election')}</dt>
            <dd>{localized(v.election, locale)}</dd>
          </div>
        )}
        {v.station && (
          <div>
            <dt>{t('verify.station')}</dt>
            <dd>
              {t('verify.stationNumber', { number: v.station.number })}
              <br />
              {v.station.address}
            </dd>
          </div>
        )}
        {v.issuedAt && (
          <div>
            <dt>{t('verify.issuedAt')}</dt>
            <dd>
              <time dateTime={v.issuedAt}>{formatDateTime(v.issuedAt)}</time>
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function VerifyForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  function submit(event: FormEvent) {
    event.preventDefault();
    const code = normaliseVerificationCode(value);
    if (!code) {
      setError(value.trim() ? t('verify.codeFormat') : t('validation.required'));
      return;
    }
    setError(undefined);
    navigate(`/verify/${code}`);
  }
  return (
    <form className="verify-form" onSubmit={submit} noValidate>
      <TextField
        id="verify-code"
        className="input-code"
        label={t('verify.codeLabel')}
        hint={t('verify.codeHint')}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setError(undefined);
        }}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        error={error}
      />
      <button type="submit" className="button button-primary">
        {t('verify.check')}
      </button>
    </form>
  );
}
