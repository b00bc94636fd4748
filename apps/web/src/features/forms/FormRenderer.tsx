import {
  type FormDefinition,
  type FormFlag,
  type FormGroup,
  type FormProblem,
  type Locale,
  localized,
  type Question,
  type SubmissionResult,
  type ValidationContext,
} from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AnswerSlot,
  type Answers,
  addInstance,
  instanceCount,
  readAnswer,
  relevantKey,
  removeInstance,
  repeatGroupVisible,
  sha256Hex,
  writeAnswer,
} from './answers.ts';

/**
 * A form as an observer fills it in: one accessible input per question, skip logic and problems
 * from `validateSubmission` (pass its result in), computed values and protocol flags. All texts are
 * in `locale`, which may differ from the UI language (the designer previews kk under a ru UI).
 * Shared by the designer's preview and, later, the observer's field app.
 */
export interface FormRendererProps {
  form: FormDefinition;
  locale: Locale;
  answers: Answers;
  onChange: (next: Answers) => void;
  /** `validateSubmission(form, answers, context)`; null when the form cannot be validated. */
  result: SubmissionResult | null;
  context?: ValidationContext;
  /** Prefix for element ids, unique on the page. */
  idPrefix: string;
  /** Show `required` also on questions nobody touched yet (after "check" or a submit attempt). */
  revealAll?: boolean;
  /** Heading level of group titles. */
  headingLevel?: 2 | 3 | 4;
}

type Fixed = TFunction;

const slotKey = (questionId: string, index?: number) => (index === undefined ? questionId : `${questionId}#${index}`);

export function FormRenderer({
  form,
  locale,
  answers,
  onChange,
  result,
  context = {},
  idPrefix,
  revealAll = false,
  headingLevel = 3,
}: FormRendererProps) {
  const { i18n } = useTranslation();
  const t = useMemo(() => i18n.getFixedT(locale), [i18n, locale]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const visible = useMemo(() => new Set(result?.relevant ?? []), [result]);
  const problems = useMemo(() => {
    const byQuestion = new Map<string, FormProblem[]>();
    for (const p of result?.problems ?? []) {
      // Hidden answers are kept while the form is open and dropped when it is sent: no warnings here.
      if (p.severity === 'warning') continue;
      const key = slotKey(p.questionId, p.index);
      byQuestion.set(key, [...(byQuestion.get(key) ?? []), p]);
    }
    return byQuestion;
  }, [result]);

  const setAnswer = (slot: AnswerSlot, value: unknown) => {
    setTouched((s) => new Set(s).add(slotKey(slot.questionId, slot.index)));
    onChange(writeAnswer(answers, slot, value));
  };
  const touch = (slot: AnswerSlot) => {
    const key = slotKey(slot.questionId, slot.index);
    if (!touched.has(key)) setTouched((s) => new Set(s).add(key));
  };

  const Heading = `h${headingLevel}` as 'h3';

  const renderQuestion = (group: FormGroup, question: Question, index?: number) => {
    const slot: AnswerSlot = { group, index, questionId: question.id };
    if (!visible.has(relevantKey(slot))) return null;
    const key = slotKey(question.id, index);
    const shown = (problems.get(key) ?? []).filter((p) => p.code !== 'required' || revealAll || touched.has(key));
    let computedValue: unknown;
    if (question.type === 'computed') {
      const source =
        group.repeatable === true && index !== undefined
          ? (result?.computed[group.id] as Array<Record<string, unknown>> | undefined)?.[index]
          : result?.computed;
      computedValue = source?.[question.id];
    }
    return (
      <QuestionView
        key={key}
        id={`${idPrefix}-${question.id}${index === undefined ? '' : `-${index}`}`}
        question={question}
        locale={locale}
        t={t}
        value={readAnswer(answers, slot)}
        computedValue={computedValue}
        problems={shown}
        onChange={(value) => setAnswer(slot, value)}
        onBlur={() => touch(slot)}
      />
    );
  };

  return (
    <div className="fr" lang={locale}>
      <h2 className="fr-title">{localized(form.title, locale)}</h2>
      {result === null && <p className="fr-unavailable">{t('forms.preview.unavailable')}</p>}
      {form.groups.map((group, g) => {
        const title = localized(group.title, locale);
        if (group.repeatable === true) {
          if (!repeatGroupVisible(form, group, answers, context)) return null;
          const count = instanceCount(answers, group);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a draft may repeat a group id; the position tells them apart
            <section key={`${group.id}-${g}`} className="fr-group fr-repeat" aria-label={title}>
              <Heading className="fr-group-title">{title}</Heading>
              {count === 0 && <p className="fr-muted">{t('forms.preview.noInstances')}</p>}
              {Array.from({ length: count }, (_, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: instances are positions in the answer array
                <fieldset key={index} className="fr-instance">
                  <legend>{t('forms.preview.instance', { title, n: index + 1 })}</legend>
                  {group.questions.map((q) => renderQuestion(group, q, index))}
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    onClick={() => onChange(removeInstance(answers, group, index))}
                  >
                    {t('forms.preview.removeInstance', { n: index + 1 })}
                  </button>
                </fieldset>
              ))}
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => onChange(addInstance(answers, group))}
              >
                {t('forms.preview.addInstance', { title })}
              </button>
            </section>
          );
        }
        const rendered = group.questions.map((q) => renderQuestion(group, q));
        if (rendered.every((r) => r === null)) return null;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a draft may repeat a group id; the position tells them apart
          <section key={`${group.id}-${g}`} className="fr-group" aria-label={title}>
            <Heading className="fr-group-title">{title}</Heading>
            {rendered}
          </section>
        );
      })}
      {result && result.flags.length > 0 && <FlagList form={form} flags={result.flags} locale={locale} t={t} />}
    </div>
  );
}

function FlagList({ form, flags, locale, t }: { form: FormDefinition; flags: FormFlag[]; locale: Locale; t: Fixed }) {
  return (
    <section className="fr-flags" aria-label={t('forms.preview.flagsTitle')}>
      <h3 className="fr-group-title">{t('forms.preview.flagsTitle')}</h3>
      <p className="fr-muted">{t('forms.preview.flagsIntro')}</p>
      <ul>
        {flags.map((flag) => {
          const check = form.checks?.find((c) => c.id === flag.checkId);
          const detail = t('forms.flags.check_failed', {
            left: flag.left,
            op: flag.op === '=' ? '≠' : flag.op === '<=' ? '>' : '<',
            right: flag.right,
          });
          return (
            <li key={flag.checkId} className="fr-flag" data-severity={flag.severity}>
              <strong>{check?.message ? localized(check.message, locale) : flag.checkId}</strong> {detail}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

interface QuestionViewProps {
  id: string;
  question: Question;
  locale: Locale;
  t: Fixed;
  value: unknown;
  computedValue: unknown;
  problems: FormProblem[];
  onChange: (value: unknown) => void;
  onBlur: () => void;
}

/** An answer's problem in the form's language; the params (`min`, `max`, `value`, …) fill its placeholders. */
export function problemText(t: Fixed, problem: Pick<FormProblem, 'code' | 'params'>): string {
  // The params differ per code, which the typed `t` cannot follow through a union of keys.
  const translate = t as unknown as (key: string, options: Record<string, unknown>) => string;
  return translate(`forms.problems.${problem.code}`, { ...(problem.params ?? {}) });
}

function QuestionView({
  id,
  question,
  locale,
  t,
  value,
  computedValue,
  problems,
  onChange,
  onBlur,
}: QuestionViewProps) {
  const label = localized(question.label, locale) || question.id;
  const hint = question.hint ? localized(question.hint, locale) : '';
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = problems.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const invalid = problems.length > 0 ? true : undefined;
  const required = question.required === true;
  const messages = problems.map((p) =>
    p.code === 'constraint_failed' && question.constraintMessage
      ? localized(question.constraintMessage, locale)
      : problemText(t, p),
  );
  const common = { 'aria-describedby': describedBy, 'aria-invalid': invalid, onBlur };

  const labelText = (
    <>
      {label}
      {required && (
        <span className="fr-required" aria-hidden="true">
          {'\u00a0*'}
        </span>
      )}
    </>
  );
  const after = (
    <>
      {hint && (
        <p id={hintId} className="fr-hint">
          {hint}
        </p>
      )}
      {errorId && (
        <ul id={errorId} className="fr-errors">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </>
  );

  const frame = (control: ReactNode, grouped = false) =>
    grouped ? (
      <fieldset
        className="fr-question"
        data-question={question.id}
        data-invalid={invalid}
        aria-describedby={describedBy}
      >
        <legend className="fr-label">{labelText}</legend>
        {control}
        {after}
      </fieldset>
    ) : (
      <div className="fr-question" data-question={question.id} data-invalid={invalid}>
        <label className="fr-label" htmlFor={id}>
          {labelText}
        </label>
        {control}
        {after}
      </div>
    );

  switch (question.type) {
    case 'note':
      return (
        <div className="fr-question fr-note" data-question={question.id}>
          <p className="fr-label">{label}</p>
          {hint && <p className="fr-hint">{hint}</p>}
        </div>
      );
    case 'computed':
      return (
        <div className="fr-question fr-computed" data-question={question.id}>
          <p className="fr-label" id={`${id}-label`}>
            {label}
          </p>
          <output id={id} aria-labelledby={`${id}-label`} className="fr-output">
            {formatValue(t, computedValue)}
          </output>
          {hint && <p className="fr-hint">{hint}</p>}
        </div>
      );
    case 'yes_no':
      return frame(
        <div className="fr-options fr-options-inline">
          {[true, false].map((option) => (
            <label key={String(option)} className="fr-option">
              <input
                type="radio"
                name={id}
                id={`${id}-${option ? 'yes' : 'no'}`}
                checked={value === option}
                required={required}
                onChange={() => onChange(option)}
                {...common}
              />
              <span>{option ? t('forms.preview.yes') : t('forms.preview.no')}</span>
            </label>
          ))}
        </div>,
        true,
      );
    case 'integer':
    case 'decimal':
      return frame(
        <input
          id={id}
          type="number"
          inputMode={question.type === 'integer' ? 'numeric' : 'decimal'}
          step={question.type === 'integer' ? 1 : 'any'}
          min={question.min}
          max={question.max}
          required={required}
          value={typeof value === 'number' ? String(value) : ''}
          onChange={(event) => {
            const raw = event.target.value;
            const n = raw.trim() === '' ? Number.NaN : Number(raw);
            onChange(Number.isFinite(n) ? n : undefined);
          }}
          {...common}
        />,
      );
    case 'single_choice': {
      const choices = Array.isArray(question.choices) ? question.choices : [];
      if (choices.length > 6) {
        return frame(
          <select
            id={id}
            required={required}
            value={typeof value === 'string' ? value : ''}
            onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
            {...common}
          >
            <option value="">{t('forms.preview.choose')}</option>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {localized(c.label, locale) || c.value}
              </option>
            ))}
          </select>,
        );
      }
      return frame(
        <div className="fr-options">
          {choices.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a draft may repeat a choice value; the position tells them apart
            <label key={`${c.value}-${i}`} className="fr-option">
              <input
                type="radio"
                name={id}
                id={`${id}-${i}`}
                value={c.value}
                checked={value === c.value}
                required={required}
                onChange={() => onChange(c.value)}
                {...common}
              />
              <span>{localized(c.label, locale) || c.value}</span>
            </label>
          ))}
        </div>,
        true,
      );
    }
    case 'multiple_choice': {
      const choices = Array.isArray(question.choices) ? question.choices : [];
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return frame(
        <div className="fr-options">
          {choices.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a draft may repeat a choice value; the position tells them apart
            <label key={`${c.value}-${i}`} className="fr-option">
              <input
                type="checkbox"
                id={`${id}-${i}`}
                value={c.value}
                checked={selected.includes(c.value)}
                onChange={(event) => {
                  const next = event.target.checked ? [...selected, c.value] : selected.filter((v) => v !== c.value);
                  onChange(next.length === 0 ? undefined : next);
                }}
                {...common}
              />
              <span>{localized(c.label, locale) || c.value}</span>
            </label>
          ))}
        </div>,
        true,
      );
    }
    case 'text':
      return frame(
        <textarea
          id={id}
          rows={3}
          required={required}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
          {...common}
        />,
      );
    case 'time':
    case 'date':
      return frame(
        <input
          id={id}
          type={question.type}
          required={required}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
          {...common}
        />,
      );
    case 'photo': {
      const multiple = question.multiple === true;
      const count = Array.isArray(value) ? value.length : typeof value === 'string' ? 1 : 0;
      return frame(
        <>
          <input
            id={id}
            type="file"
            accept="image/*"
            multiple={multiple}
            required={required}
            className="file-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              if (files.length === 0) {
                onChange(undefined);
                return;
              }
              void Promise.all(files.map(sha256Hex)).then(
                (hashes) => onChange(multiple ? hashes : hashes[0]),
                () => onChange(undefined),
              );
            }}
            {...common}
          />
          {count > 0 && <p className="fr-muted">{t('forms.preview.photosChosen', { count })}</p>}
        </>,
      );
    }
    case 'location': {
      const point = typeof value === 'object' && value !== null ? (value as { lat?: unknown; lon?: unknown }) : {};
      const set = (field: 'lat' | 'lon', raw: string) => {
        const next: Record<string, number> = {};
        if (typeof point.lat === 'number') next.lat = point.lat;
        if (typeof point.lon === 'number') next.lon = point.lon;
        const n = raw.trim() === '' ? Number.NaN : Number(raw);
        if (Number.isFinite(n)) next[field] = n;
        else delete next[field];
        onChange(Object.keys(next).length === 0 ? undefined : next);
      };
      return frame(
        <div className="fr-location">
          {(['lat', 'lon'] as const).map((field) => (
            <label key={field} className="fr-sublabel">
              <span>{field === 'lat' ? t('forms.preview.latitude') : t('forms.preview.longitude')}</span>
              <input
                id={`${id}-${field}`}
                type="number"
                inputMode="decimal"
                step="any"
                min={field === 'lat' ? -90 : -180}
                max={field === 'lat' ? 90 : 180}
                value={typeof point[field] === 'number' ? String(point[field]) : ''}
                onChange={(event) => set(field, event.target.value)}
                {...common}
              />
            </label>
          ))}
        </div>,
        true,
      );
    }
  }
}

function formatValue(t: Fixed, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('forms.preview.noValue');
  if (typeof value === 'boolean') return value ? t('forms.preview.yes') : t('forms.preview.no');
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
