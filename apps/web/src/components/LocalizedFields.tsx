import type { Locale } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { TextField } from './FormField.tsx';

/** A name being edited in the three languages; empty strings for the translations not written yet. */
export interface LocalizedDraft {
  ru: string;
  kk: string;
  en: string;
}

interface LocalizedNameFieldsProps {
  /** Field ids are `${idPrefix}-ru`, `-kk` and `-en` (the browser tests and error messages name them). */
  idPrefix: string;
  value: LocalizedDraft;
  onChange: (locale: Locale, value: string) => void;
  /** The Russian name is the one required: its error shows under it. */
  error?: string | undefined;
  /**
   * `stack`: one field under another, the translation hint under the English one (dialogs);
   * `row`: Russian on its own line, Kazakh and English side by side, the hint below (wide forms).
   */
  layout?: 'stack' | 'row';
  /** Without it, no translation hint is shown. */
  hint?: boolean;
}

/** The ru/kk/en name fields every editable name has (elections, ballot options, areas). */
export function LocalizedNameFields({
  idPrefix,
  value,
  onChange,
  error,
  layout = 'stack',
  hint = true,
}: LocalizedNameFieldsProps) {
  const { t } = useTranslation();
  const ru = (
    <TextField
      id={`${idPrefix}-ru`}
      label={t('fields.nameRu')}
      lang="ru"
      value={value.ru}
      onChange={(e) => onChange('ru', e.target.value)}
      error={error}
    />
  );
  const kk = (
    <TextField
      id={`${idPrefix}-kk`}
      label={t('fields.nameKk')}
      lang="kk"
      value={value.kk}
      onChange={(e) => onChange('kk', e.target.value)}
    />
  );
  const en = (
    <TextField
      id={`${idPrefix}-en`}
      label={t('fields.nameEn')}
      lang="en"
      value={value.en}
      onChange={(e) => onChange('en', e.target.value)}
      hint={hint && layout === 'stack' ? t('fields.translationHint') : undefined}
    />
  );
  if (layout === 'stack') {
    return (
      <>
        {ru}
        {kk}
        {en}
      </>
    );
  }
  return (
    <>
      {ru}
      <div className="field-row">
        {kk}
        {en}
      </div>
      {hint && <p className="field-hint">{t('fields.translationHint')}</p>}
    </>
  );
}
