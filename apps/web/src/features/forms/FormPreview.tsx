import { type FormDefinition, type Locale, locales, type ValidationContext } from '@pollwatch/core';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answers, safeValidate } from './answers.ts';
import { FormRenderer } from './FormRenderer.tsx';

function localNow(): { date: string; time: string } {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/**
 * The form on a phone-sized screen, as an observer sees it, in a language chosen here (independent
 * of the UI language). Answers stay while the form is edited, so skip logic can be tried live.
 */
export function FormPreview({ form }: { form: FormDefinition }) {
  const { t } = useTranslation();
  const [locale, setLocale] = useState<Locale>('ru');
  const [answers, setAnswers] = useState<Answers>({});
  const [revealAll, setRevealAll] = useState(false);
  const [voters, setVoters] = useState('');
  const [round, setRound] = useState(0);
  const headingId = useId();
  const votersId = useId();
  const context = useMemo<ValidationContext>(() => {
    const n = Number(voters);
    return {
      now: localNow(),
      station: { registeredVoters: voters.trim() !== '' && Number.isFinite(n) ? n : null, number: '101' },
    };
  }, [voters]);
  const result = useMemo(() => safeValidate(form, answers, context), [form, answers, context]);
  const errors = result?.problems.filter((p) => p.severity === 'error').length ?? 0;

  return (
    <section className="fd-preview" aria-labelledby={headingId}>
      <div className="fd-preview-head">
        <h2 id={headingId} className="fd-heading">
          {t('forms.preview.title')}
        </h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('forms.preview.language')}</legend>
          {locales.map((l) => (
            <label key={l} className="segmented-option">
              <input
                type="radio"
                name={`${headingId}-locale`}
                value={l}
                checked={locale === l}
                onChange={() => setLocale(l)}
              />
              <span lang={l}>{l.toUpperCase()}</span>
              <span className="visually-hidden">{t(`language.names.${l}`)}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <div className="phone" data-preview-locale={locale}>
        <div className="phone-screen">
          <FormRenderer
            key={round}
            form={form}
            locale={locale}
            answers={answers}
            onChange={setAnswers}
            result={result}
            context={context}
            idPrefix="preview"
            revealAll={revealAll}
          />
        </div>
      </div>
      <div className="fd-preview-tools">
        <p className="fd-preview-status" role="status" aria-live="polite">
          {result === null
            ? t('forms.preview.unavailableShort')
            : errors === 0
              ? t('forms.preview.acceptable')
              : t('forms.preview.errors', { count: errors })}
        </p>
        <div className="form-actions">
          <button type="button" className="button button-small button-secondary" onClick={() => setRevealAll(true)}>
            {t('forms.preview.check')}
          </button>
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              setAnswers({});
              setRevealAll(false);
              setRound((r) => r + 1);
            }}
          >
            {t('forms.preview.reset')}
          </button>
        </div>
        <div className="field field-compact">
          <label htmlFor={votersId}>{t('forms.preview.registeredVoters')}</label>
          <input
            id={votersId}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={voters}
            onChange={(event) => setVoters(event.target.value)}
          />
        </div>
      </div>
    </section>
  );
}
