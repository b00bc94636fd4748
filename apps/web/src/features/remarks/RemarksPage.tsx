import {
  type CommissionLevel,
  can,
  commissionLevels,
  type ElectionDto,
  localized,
  type RemarkDto,
  type RemarkStatus,
  type RemarksQuery,
  remarkStatuses,
} from '@pollwatch/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SearchField, SelectField } from '../../components/FormField.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen } from '../elections/ElectionViews.tsx';
import { useAreas } from '../territory/territory-queries.ts';
import { NewRemarkButton } from './MakeRemark.tsx';
import { commissionLabel, RemarkStatusBadge, useDayFormat } from './RemarkBits.tsx';
import { useRemarks } from './remarks-queries.ts';
import './remarks.css';

const PAGE = 50;
type Tab = RemarkStatus | 'all' | 'overdue';
const tabs: readonly Tab[] = ['all', 'overdue', ...remarkStatuses];

/**
 * `/hq/remarks`: the remarks register — remarks to commissions by status (and overdue: no answer
 * in the set number of days), filtered by commission level, area and text; each opens its page.
 */
export function RemarksPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('remarks.title'));
  if (!can(me.role, 'remarks.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('remarks.title')}>
      {(election) => <Register key={election.id} election={election} canManage={can(me.role, 'remarks.manage')} />}
    </CurrentElectionScreen>
  );
}

function Register({ election, canManage }: { election: ElectionDto; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatNumber = useNumberFormat();
  const formatDay = useDayFormat();
  const [tab, setTab] = useState<Tab>('all');
  const [level, setLevel] = useState<CommissionLevel | ''>('');
  const [areaId, setAreaId] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const areas = useAreas(election.id);
  const query: RemarksQuery = {
    ...(tab === 'overdue' ? { overdue: true } : tab !== 'all' && { status: tab }),
    ...(level && { level }),
    ...(areaId && { areaId }),
    ...(q && { q }),
    limit: PAGE,
    offset: page * PAGE,
  };
  const remarks = useRemarks(election.id, query);
  const data = remarks.data;
  const counts = data?.counts;
  const items = data?.items ?? [];
  const filtered = Boolean(level || areaId || q);
  const countOf = (s: Tab) =>
    !counts ? undefined : s === 'all' ? counts.total : s === 'overdue' ? counts.overdue : counts.byStatus[s];

  const columns: Column<RemarkDto>[] = [
    {
      id: 'number',
      header: t('remarks.columns.number'),
      rowHeader: true,
      cell: (r) => <Link to={`/hq/remarks/${r.id}`}>{t('remarks.numbered', { number: r.number })}</Link>,
    },
    { id: 'title', header: t('remarks.columns.title'), cell: (r) => r.title },
    { id: 'commission', header: t('remarks.columns.commission'), cell: (r) => commissionLabel(t, r, locale) },
    {
      id: 'status',
      header: t('remarks.columns.status'),
      cell: (r) => <RemarkStatusBadge remark={r} />,
    },
    { id: 'sent', header: t('remarks.columns.sent'), cell: (r) => (r.sentOn ? formatDay(r.sentOn) : '—') },
    {
      id: 'answer',
      header: t('remarks.columns.answered'),
      cell: (r) =>
        r.answeredOn ? formatDay(r.answeredOn) : r.answerDue ? t('remarks.due', { day: formatDay(r.answerDue) }) : '—',
    },
  ];

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('remarks.title')}</PageHeading>
          <p className="muted">
            {t('remarks.intro', { election: localized(election.name, locale), days: data?.answerDays ?? 5 })}
          </p>
        </div>
        {canManage && <NewRemarkButton electionId={election.id} />}
      </header>

      <ul className="remark-tabs" aria-label={t('remarks.statusTabs')}>
        {tabs.map((s) => (
          <li key={s}>
            <button
              type="button"
              className="button button-secondary button-small"
              aria-pressed={tab === s}
              data-tab={s}
              onClick={() => {
                setTab(s);
                setPage(0);
              }}
            >
              {s === 'all' ? t('remarks.all') : s === 'overdue' ? t('remarks.overdue') : t(`remarks.statuses.${s}`)}
              <span className="remark-tab-count" data-testid={`remarks-count-${s}`}>
                {countOf(s) === undefined ? '—' : formatNumber(countOf(s) as number)}
              </span>
            </button>
          </li>
        ))}
      </ul>

      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          id="remarks-level"
          label={t('remarks.filters.level')}
          value={level}
          onChange={(e) => {
            setLevel(
              (commissionLevels as readonly string[]).includes(e.target.value)
                ? (e.target.value as CommissionLevel)
                : '',
            );
            setPage(0);
          }}
        >
          <option value="">{t('remarks.filters.anyLevel')}</option>
          {commissionLevels.map((l) => (
            <option key={l} value={l}>
              {t(`remarks.levels.${l}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="remarks-area"
          label={t('remarks.filters.area')}
          value={areaId}
          onChange={(e) => {
            setAreaId(e.target.value);
            setPage(0);
          }}
        >
          <option value="">{t('remarks.filters.anyArea')}</option>
          {(areas.data?.items ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {localized(a.name, locale)}
            </option>
          ))}
        </SelectField>
        <SearchField
          id="remarks-q"
          label={t('remarks.filters.search')}
          value={q}
          onSearch={(value) => {
            setQ(value);
            setPage(0);
          }}
        />
        {filtered && (
          <div className="filters-buttons">
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setLevel('');
                setAreaId('');
                setQ('');
                setPage(0);
              }}
            >
              {t('remarks.filters.clear')}
            </button>
          </div>
        )}
      </form>

      <ListView
        query={remarks}
        count={items.length}
        filtered={filtered || tab !== 'all'}
        empty={t('remarks.empty')}
        noMatch={t('remarks.noMatch')}
        caption={t('remarks.count', { count: data?.total ?? 0 })}
        captionProps={{ 'data-testid': 'remarks-caption' }}
        paging={
          data && data.total > PAGE ? (
            <div className="paging">
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={page === 0}
                onClick={() => setPage((p) => p - 1)}
              >
                {t('remarks.previous')}
              </button>
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={(page + 1) * PAGE >= data.total}
                onClick={() => setPage((p) => p + 1)}
              >
                {t('remarks.next')}
              </button>
            </div>
          ) : undefined
        }
      >
        <DataTable
          className="table table-cards remarks-table"
          columns={columns}
          rows={items}
          rowKey={(r) => r.id}
          rowProps={(r) => ({ 'data-remark': r.id, 'data-status': r.status })}
          caption={t('remarks.title')}
        />
      </ListView>
    </>
  );
}
