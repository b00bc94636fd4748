import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The links between the results screens. */
export function ResultsTabs({ current }: { current: 'analysis' | 'official' | 'comparison' | 'quickCount' }) {
  const { t } = useTranslation();
  const tabs = [
    { key: 'analysis', to: '/hq/results', label: t('results.tabs.analysis') },
    { key: 'official', to: '/hq/results/official', label: t('results.tabs.official') },
    { key: 'comparison', to: '/hq/results/comparison', label: t('results.tabs.comparison') },
    { key: 'quickCount', to: '/hq/quick-count', label: t('results.tabs.quickCount') },
  ] as const;
  return (
    <nav className="results-tabs" aria-label={t('results.tabs.label')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.key}>
            <Link to={tab.to} aria-current={tab.key === current ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
