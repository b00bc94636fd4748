import type { ElectionDto } from '@pollwatch/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError } from '../../components/StatusViews.tsx';
import { useCurrentElection } from './elections-queries.ts';

const ELECTION_ICON = 'M8 22h32v18H8zM16 22V8h16v14M20 15l3 3 6-6M16 31h16';

/** Stations and imports need the current election: say which step is missing and link to it. */
export function NoCurrentElection({ anyElection }: { anyElection: boolean }) {
  const { t } = useTranslation();
  return (
    <EmptyState icon={ELECTION_ICON} title={anyElection ? t('stations.noCurrentTitle') : t('stations.noElectionTitle')}>
      <p>{anyElection ? t('stations.noCurrentBody') : t('stations.noElectionBody')}</p>
      <Link to="/hq/elections" className="button button-secondary">
        {t('stations.toElections')}
      </Link>
    </EmptyState>
  );
}

/** Everyone working on a demo election sees, on every screen of it, that its data is not real. */
export function DemoBanner({ election }: { election: ElectionDto | null }) {
  const { t } = useTranslation();
  if (!election?.isDemo) return null;
  return (
    <Alert tone="info">
      <p>{t('elections.demoBanner')}</p>
    </Alert>
  );
}

/** CSV and XLSX downloads of a list: plain links, so the browser handles the file. */
export function ExportLinks({
  csv,
  xlsx,
  labels,
}: {
  csv: string;
  xlsx: string;
  labels: { csv: string; xlsx: string };
}) {
  return (
    <>
      <a className="button button-quiet button-small" href={csv} download>
        {labels.csv}
      </a>
      <a className="button button-quiet button-small" href={xlsx} download>
        {labels.xlsx}
      </a>
    </>
  );
}

/**
 * A screen that works within the current election: its heading while the election loads, the
 * error or the missing step instead of the content, and the content once there is an election.
 */
export function CurrentElectionScreen({
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
  return children(current.election);
}
