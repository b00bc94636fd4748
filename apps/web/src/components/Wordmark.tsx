import { useTranslation } from 'react-i18next';

export function Wordmark({ withTagline = false }: { withTagline?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="wordmark">
      <svg className="wordmark-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="7" />
        <path d="M9 16.5l4.5 4.5L23 11" />
      </svg>
      <span className="wordmark-text">
        <span className="wordmark-name">{t('brand.name')}</span>
        {withTagline && <span className="wordmark-tagline">{t('brand.tagline')}</span>}
      </span>
    </span>
  );
}
