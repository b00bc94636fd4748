import type { ElectionDto } from '@pollwatch/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentElection } from '../api/territory-queries.ts';
import { NoCurrentElection } from '../components/ElectionViews.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { LoadError } from '../components/StatusViews.tsx';

/** The links between the three results screens. */
export function ResultsTabs({ current }: { current: 'analysis' | 'comparison' | 'quickCount' }) {
  const { t } = useTranslation();
  const tabs = [
    { key: 'analysis', to: '/hq/results', label: t('results.tabs.analysis') },
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

/** The current election, or what to do first; shared by the results screens. */
export function WithCurrentElection({
  title,
  children,
}: {
  title: string;
  children: (election: ElectionDto) => ReactNode;
}) {
  const current = useCurrentElection();
  const heading = (
    <header className="page-header">
      <PageHeading>{title}</PageHeading>
    </header>
  );
  if (current.isPending) return heading;
  if (current.isError) {
    return (
      <>
        {heading}
        <LoadError error={current.error} onRetry={() => void current.refetch()} />
      </>
    );
  }
  if (!current.election) {
    return (
      <>
        {heading}
        <NoCurrentElection anyElection={current.elections.length > 0} />
      </>
    );
  }
  return <>{children(current.election)}</>;
}
