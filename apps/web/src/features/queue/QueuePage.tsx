import {
  can,
  type ElectionDto,
  type FormKind,
  formKinds,
  localized,
  type QueueItemDto,
  type QueueQuery,
  type ReportFlagCode,
  reportFlagCodes,
  type Severity,
  severities,
  type VerificationState,
  verificationStates,
} from '@pollwatch/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { ListView, MorePaging } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen } from '../elections/ElectionViews.tsx';
import { ReportFlags } from '../reports/ReportFlags.tsx';
import { flagLabel, formKindLabel } from '../reports/report-text.ts';
import { useAreas } from '../territory/territory-queries.ts';
import { useClaim, useQueue } from './queue-queries.ts';
import { ClaimNote, SeverityBadge, VerificationBadge } from './VerificationBits.tsx';
import './queue.css';

const LIST_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };

interface Filters {
  flag: ReportFlagCode | '';
  severity: Severity | '';
  formKind: FormKind | '';
  areaId: string;
}
const noFilters: Filters = { flag: '', severity: '', formKind: '', areaId: '' };

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): T | '' =>
    (values as readonly string[]).includes(value) ? (value as T) : '';

/**
 * `/hq/queue`: the verification queue — every report with a flag and every incident, by state,
 * filtered by flag, severity, form and area; a coordinator takes one (others see who has it) and
 * decides on the report's page.
 */
export function QueuePage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('queue.title'));
  if (!can(me.role, 'reports.verify')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('queue.title')}>
      {(election) => <QueueBoard key={election.id} election={election} myId={me.id} />}
    </CurrentElectionScreen>
  );
}

function QueueBoard({ election, myId }: { election: ElectionDto; myId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formatNumber = useNumberFormat();
  const formatTime = useDateTimeFormat(LIST_TIME);
  const [state, setState] = useState<VerificationState>('pending');
  const [filters, setFilters] = useState<Filters>(noFilters);
  const areas = useAreas(election.id);
  const query: Omit<QueueQuery, 'after' | 'limit'> = {
    state,
    ...(filters.flag && { flag: filters.flag }),
    ...(filters.severity && { severity: filters.severity }),
    ...(filters.formKind && { formKind: filters.formKind }),
    ...(filters.areaId && { areaId: filters.areaId }),
  };
  const queue = useQueue(election.id, query);
  const claim = useClaim();
  const pages = queue.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const counts = pages[0]?.counts;
  const filtered = Object.values(filters).some(Boolean);
  const locale = currentLocale();

  const columns: Column<QueueItemDto>[] = [
    {
      id: 'station',
      header: t('queue.columns.station'),
      rowHeader: true,
      label: false,
      cell: (item) => (
        <Link to={`/hq/reports/${item.verification.reportId}`}>
          {t('queue.station', { number: item.stationNumber, kind: formKindLabel(t, item.formKind) })}
        </Link>
      ),
    },
    { id: 'flags', header: t('queue.columns.flags'), cell: (item) => <ReportFlags flags={item.flags} /> },
    {
      id: 'severity',
      header: t('queue.columns.severity'),
      cell: (item) => <SeverityBadge severity={item.verification.severity} />,
    },
    { id: 'observer', header: t('queue.columns.observer'), cell: (item) => item.observerName },
    {
      id: 'state',
      header: t('queue.columns.state'),
      cell: (item) => (
        <div className="vq-state-cell">
          <VerificationBadge entry={item.verification} />
          <ClaimNote entry={item.verification} myId={myId} />
          {item.verification.decidedBy && (
            <span className="vq-claim">{t('queue.decidedBy', { name: item.verification.decidedBy.name })}</span>
          )}
        </div>
      ),
    },
    { id: 'updated', header: t('queue.columns.updated'), cell: (item) => formatTime(item.updatedAt) },
    {
      id: 'actions',
      header: t('queue.columns.actions'),
      hiddenHeader: true,
      label: false,
      cell: (item) => {
        const held = item.verification.claim;
        return (
          <div className="vq-actions">
            {item.verification.status === 'pending' && held === null && (
              <button
                type="button"
                className="button button-primary button-small"
                disabled={claim.isPending}
                aria-label={t('queue.claimReport', { number: item.stationNumber })}
                onClick={() =>
                  claim.mutate(
                    { reportId: item.verification.reportId, expectedRevision: item.verification.revision },
                    { onSuccess: () => void navigate(`/hq/reports/${item.verification.reportId}`) },
                  )
                }
              >
                {t('queue.claim')}
              </button>
            )}
            <Link
              className="button button-secondary button-small"
              to={`/hq/reports/${item.verification.reportId}`}
              aria-label={t('queue.openReport', { number: item.stationNumber })}
            >
              {t('queue.open')}
            </Link>
          </div>
        );
      },
    },
  ];

  return (
    <>
      <header className="page-header">
        <PageHeading>{t('queue.title')}</PageHeading>
        <p className="muted">{t('queue.intro', { election: localized(election.name, locale) })}</p>
      </header>

      <ul className="vq-states" aria-label={t('queue.stateTabs')}>
        {verificationStates.map((s) => (
          <li key={s}>
            <button
              type="button"
              className="button button-secondary button-small"
              aria-pressed={state === s}
              data-state={s}
              onClick={() => setState(s)}
            >
              {t(`queue.states.${s}`)}
              <span className="vq-state-count" data-testid={`queue-count-${s}`}>
                {counts ? formatNumber(counts[s]) : '—'}
              </span>
            </button>
          </li>
        ))}
      </ul>

      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          id="vq-flag"
          label={t('queue.filters.flag')}
          value={filters.flag}
          onChange={(e) => setFilters((f) => ({ ...f, flag: oneOf(reportFlagCodes)(e.target.value) }))}
        >
          <option value="">{t('queue.filters.anyFlag')}</option>
          {reportFlagCodes.map((code) => (
            <option key={code} value={code}>
              {flagLabel(t, { code })}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="vq-severity"
          label={t('queue.filters.severity')}
          value={filters.severity}
          onChange={(e) => setFilters((f) => ({ ...f, severity: oneOf(severities)(e.target.value) }))}
        >
          <option value="">{t('queue.filters.anySeverity')}</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {t(`queue.severities.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="vq-form"
          label={t('queue.filters.formKind')}
          value={filters.formKind}
          onChange={(e) => setFilters((f) => ({ ...f, formKind: oneOf(formKinds)(e.target.value) }))}
        >
          <option value="">{t('queue.filters.anyFormKind')}</option>
          {formKinds.map((kind) => (
            <option key={kind} value={kind}>
              {formKindLabel(t, kind)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="vq-area"
          label={t('queue.filters.area')}
          value={filters.areaId}
          onChange={(e) => setFilters((f) => ({ ...f, areaId: e.target.value }))}
        >
          <option value="">{t('queue.filters.anyArea')}</option>
          {(areas.data?.items ?? []).map((area) => (
            <option key={area.id} value={area.id}>
              {localized(area.name, locale)}
            </option>
          ))}
        </SelectField>
        {filtered && (
          <div className="filters-buttons">
            <button type="button" className="button button-quiet" onClick={() => setFilters(noFilters)}>
              {t('queue.filters.clear')}
            </button>
          </div>
        )}
      </form>

      <ProblemAlert error={claim.error} />
      <ListView
        query={queue}
        count={items.length}
        filtered={filtered}
        empty={t('queue.empty')}
        noMatch={t('queue.noMatch')}
        caption={t('queue.count', { count: counts?.[state] ?? items.length })}
        captionProps={{ 'data-testid': 'queue-caption' }}
        paging={<MorePaging query={queue} more={t('queue.more')} />}
      >
        <DataTable
          className="table table-cards vq-table"
          columns={columns}
          rows={items}
          rowKey={(item) => item.verification.reportId}
          rowProps={(item) => ({
            'data-report': item.verification.reportId,
            'data-status': item.verification.status,
          })}
          caption={t('queue.title')}
        />
      </ListView>
    </>
  );
}
