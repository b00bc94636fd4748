import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './LanguageSelect.tsx';
import { Wordmark } from './Wordmark.tsx';

/** Centred page for setup, sign-in and invites: wordmark and tagline above, language at the top. */
export function AuthLayout({ children, languageSelect = true }: { children: ReactNode; languageSelect?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="auth-page">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="auth-header">
        <Wordmark withTagline />
        {languageSelect && <LanguageSelect />}
      </header>
      <main id="main" className="auth-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
