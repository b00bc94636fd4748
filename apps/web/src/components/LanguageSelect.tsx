import { isLocale } from '@pollwatch/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocaleSwitch } from '../session/session-queries.ts';
import { LocaleOptions } from './LocaleField.tsx';

/** Compact switcher for headers: the label is for screen readers, the names are self-explanatory. */
export function LanguageSelect({ className }: { className?: string }) {
  const { t } = useTranslation();
  const { locale, change } = useLocaleSwitch();
  const id = useId();
  return (
    <span className={['language-select', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="language-select-icon">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
      </svg>
      <select
        id={id}
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) change(event.target.value);
        }}
      >
        <LocaleOptions />
      </select>
    </span>
  );
}
