import type { ReactNode } from 'react';
import { LanguageSelect } from './LanguageSelect.tsx';
import { SkipLink } from './SkipLink.tsx';
import { Wordmark } from './Wordmark.tsx';

/** Centred page for setup, sign-in and invites: wordmark and tagline above, language at the top. */
export function AuthLayout({ children, languageSelect = true }: { children: ReactNode; languageSelect?: boolean }) {
  return (
    <div className="auth-page">
      <SkipLink />
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
