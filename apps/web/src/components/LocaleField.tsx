import { isLocale, type Locale, locales } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { SelectField } from './FormField.tsx';

/** One option per UI language, each named in its own language (and marked so for screen readers). */
export function LocaleOptions() {
  const { t } = useTranslation();
  return locales.map((l) => (
    <option key={l} value={l} lang={l}>
      {t(`language.names.${l}`)}
    </option>
  ));
}

interface LocaleFieldProps {
  id: string;
  value: Locale;
  onChange: (locale: Locale) => void;
  error?: string | undefined;
}

/** "Interface language" in forms: setup, a new account, the account page. */
export function LocaleField({ id, value, onChange, error }: LocaleFieldProps) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={t('fields.language')}
      value={value}
      onChange={(event) => {
        if (isLocale(event.target.value)) onChange(event.target.value);
      }}
      error={error}
    >
      <LocaleOptions />
    </SelectField>
  );
}
