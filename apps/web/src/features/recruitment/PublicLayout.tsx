import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SkipLink } from '../../components/SkipLink.tsx';
import { Wordmark } from '../../components/Wordmark.tsx';
import { useLocaleSwitch } from '../../session/session-queries.ts';
import './recruitment.css';

/** The public pages (/join, /verify): the wordmark and three large language buttons for phones. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <div className="public-page">
      <SkipLink />
      <header className="public-header">
        <Wordmark />
        <LanguageButtons />
      </header>
      <main id="main" className="public-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function LanguageButtons() {
  const { t } = useTranslation();
  const { locale, change } = useLocaleSwitch();
  return (
    <fieldset className="lang-switch" aria-label={t('language.label')}>
      {(['kk', 'ru', 'en'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={locale === l} onClick={() => change(l)}>
          {t(`language.names.${l}`)}
        </button>
      ))}
    </fieldset>
  );
}
