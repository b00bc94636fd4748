import { type Locale, locales } from '@pollwatch/core';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from './FormField.tsx';

/** A text being edited in the three languages; empty strings for the translations not written yet. */
export interface LocalizedDraft {
  ru: string;
  kk: string;
  en: string;
}

interface LocalizedFieldsProps {
  /** Field ids are `${idPrefix}-ru`, `-kk` and `-en` (the browser tests and error messages name them). */
  idPrefix: string;
  /** Other ids (`note-ru-title`): the Russian field's error is `${idOf('ru')}-error`. */
  idOf?: (locale: Locale) => string;
  value: Partial<Record<Locale, string>> | undefined;
  onChange: (locale: Locale, value: string) => void;
  /** The Russian text is the one required: its error shows under it. */
  error?: string | undefined;
  /** A field's label; by default "Name (Russian)" and so on. */
  label?: (locale: Locale) => string;
  /**
   * With a legend, the three fields are one group (a fieldset) side by side, each labelled by its
   * language (`label`), and the legend names the text; without, they are name fields of a form.
   */
  legend?: ReactNode;
  /** Said to screen readers after the legend, with a "*" on the Russian label: Russian is required. */
  required?: string;
  /**
   * Without a legend: `stack`, one field under another, the translation hint under the English one
   * (dialogs); `row`, Russian on its own line, Kazakh and English side by side, the hint below.
   */
  layout?: 'stack' | 'row';
  /** `true`: the translation hint; a text: that hint; `false` (or absent with a legend): none. */
  hint?: boolean | string;
  /** Text areas of that many rows instead of one-line inputs. */
  rows?: number;
  maxLength?: number;
  /** Extra attributes of each input (`data-field` for the browser tests). */
  inputProps?: (locale: Locale) => Record<`data-${string}`, string>;
  /** Classes of the group, its row and each field, for a feature's own look (`fd-text`). */
  classNames?: { group?: string; row?: string; field?: string };
}

/**
 * One text in ru, kk and en — every editable name (elections, ballot options, areas), a reference
 * note's title and body, a form's labels and hints. Each field carries its language (`lang`).
 */
export function LocalizedFields(props: LocalizedFieldsProps) {
  return props.legend === undefined ? <NameFields {...props} /> : <FieldGroup {...props} />;
}

function NameFields({
  idPrefix,
  idOf,
  value,
  onChange,
  error,
  label,
  layout = 'stack',
  hint = true,
  rows,
  maxLength,
  inputProps,
}: LocalizedFieldsProps) {
  const { t } = useTranslation();
  const names: Record<Locale, string> = { ru: t('fields.nameRu'), kk: t('fields.nameKk'), en: t('fields.nameEn') };
  const hintText = hint === true ? t('fields.translationHint') : hint || undefined;
  const field = (locale: Locale, fieldHint?: string) => {
    const common = {
      id: idOf ? idOf(locale) : `${idPrefix}-${locale}`,
      label: label ? label(locale) : names[locale],
      lang: locale,
      value: value?.[locale] ?? '',
      error: locale === 'ru' ? error : undefined,
      hint: fieldHint,
      maxLength,
      ...inputProps?.(locale),
    };
    return rows ? (
      <TextAreaField key={locale} rows={rows} {...common} onChange={(e) => onChange(locale, e.target.value)} />
    ) : (
      <TextField key={locale} {...common} onChange={(e) => onChange(locale, e.target.value)} />
    );
  };
  if (layout === 'stack') {
    return (
      <>
        {field('ru')}
        {field('kk')}
        {field('en', hintText)}
      </>
    );
  }
  return (
    <>
      {field('ru')}
      <div className="field-row">
        {field('kk')}
        {field('en')}
      </div>
      {hintText && <p className="field-hint">{hintText}</p>}
    </>
  );
}

function FieldGroup({
  idPrefix,
  idOf,
  value,
  onChange,
  error,
  label,
  legend,
  required,
  hint,
  rows,
  maxLength,
  inputProps,
  classNames,
}: LocalizedFieldsProps) {
  const { t } = useTranslation();
  const idFor = (locale: Locale) => (idOf ? idOf(locale) : `${idPrefix}-${locale}`);
  const errorId = error ? `${idFor('ru')}-error` : undefined;
  const hintId = hint ? `${idPrefix}-hint` : undefined;
  const hintText = hint === true ? t('fields.translationHint') : hint || undefined;
  return (
    <fieldset
      className={['localized-fields', classNames?.group].filter(Boolean).join(' ')}
      data-invalid={error ? 'true' : undefined}
    >
      <legend>
        {legend}
        {required && <span className="visually-hidden"> {required}</span>}
      </legend>
      <div className={classNames?.row ?? 'localized-fields-row'}>
        {locales.map((locale) => {
          const id = idFor(locale);
          const describedBy = [locale === 'ru' ? errorId : undefined, hintId].filter(Boolean).join(' ') || undefined;
          const input: InputHTMLAttributes<HTMLInputElement> & Record<`data-${string}`, string> = {
            id,
            lang: locale,
            value: value?.[locale] ?? '',
            maxLength,
            'aria-invalid': locale === 'ru' && error ? true : undefined,
            'aria-describedby': describedBy,
            ...inputProps?.(locale),
          };
          return (
            <div key={locale} className={['field', classNames?.field].filter(Boolean).join(' ')}>
              <label htmlFor={id}>
                {label ? label(locale) : t(`language.names.${locale}`)}
                {locale === 'ru' && required && (
                  <span className="required-mark" aria-hidden="true">
                    {' '}
                    *
                  </span>
                )}
              </label>
              {rows ? (
                <textarea
                  rows={rows}
                  {...(input as object)}
                  onChange={(event) => onChange(locale, event.target.value)}
                />
              ) : (
                <input type="text" {...input} onChange={(event) => onChange(locale, event.target.value)} />
              )}
            </div>
          );
        })}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {hintText && (
        <p id={hintId} className="field-hint">
          {hintText}
        </p>
      )}
    </fieldset>
  );
}
