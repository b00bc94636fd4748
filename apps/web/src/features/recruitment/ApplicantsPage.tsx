import {
  type ApplicantStatus,
  type ApplicantSummaryDto,
  type AreaDto,
  applicantAvailabilities,
  applicantLanguages,
  applicantStatuses,
  type BulkStatusResult,
  can,
  formatKzPhone,
} from '@pollwatch/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SearchField, SelectField, TextField } from '../../components/FormField.tsx';
import { ListView, MorePaging } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat, useDebounced, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { ExportLinks } from '../elections/ElectionViews.tsx';
import { areaOptions, areaPathLabel } from '../territory/area-tree.ts';
import { useAreas } from '../territory/territory-queries.ts';
import { type ApplicantFilters, recruitmentApi, recruitmentUrls } from './recruitment-api.ts';
import { useApplicantMutation, useApplicants } from './recruitment-queries.ts';
import './recruitment.css';

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/** `/hq/applicants`: volunteers who signed up, with filters, search, bulk status changes and export. */
export function ApplicantsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'applicants.read')) return <NoAccess />;
  return <ApplicantsScreen canManage={can(me.role, 'applicants.manage')} canImport={can(me.role, 'imports.run')} />;
}

function ApplicantsScreen({ canManage, canImport }: { canManage: boolean; canImport: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('applicants.title'));
  const locale = currentLocale();
  const formatNumber = useNumberFormat();
  const formatDate = useDateTimeFormat(DATE);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [status, setStatus] = useState<ApplicantFilters['status']>('');
  const [areaId, setAreaId] = useState('');
  const [availability, setAvailability] = useState<ApplicantFilters['availability']>('');
  const [language, setLanguage] = useState<ApplicantFilters['language']>('');
  const filters: ApplicantFilters = { q, status, areaId, availability, language };
  const list = useApplicants(filters);
  const areas = useAreas(null);
  const areaItems = areas.data?.items ?? [];
  const byId = useMemo(() => new Map<string, AreaDto>(areaItems.map((a) => [a.id, a])), [areaItems]);
  const options = useMemo(() => areaOptions(areaItems, locale), [areaItems, locale]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const columns: Column<ApplicantSummaryDto>[] = [
    {
      id: 'name',
      header: t('applicants.fields.fullName'),
      rowHeader: true,
      className: 'cell-primary',
      cell: (a) => <Link to={`/hq/applicants/${a.id}`}>{a.fullName}</Link>,
    },
    {
      id: 'phone',
      header: t('applicants.fields.phone'),
      className: 'cell-nowrap',
      cell: (a) => formatKzPhone(a.phone),
    },
    {
      id: 'status',
      header: t('applicants.fields.status'),
      cell: (a) => (
        <span className="badge-status" data-status={a.status}>
          {t(`recruitment.statuses.${a.status}`)}
        </span>
      ),
    },
    {
      id: 'area',
      header: t('applicants.fields.area'),
      cell: (a) => (a.areaId && byId.has(a.areaId) ? areaPathLabel(a.areaId, byId, locale) : t('common.none')),
    },
    {
      id: 'availability',
      header: t('applicants.fields.availability'),
      cell: (a) => a.availability.map((v) => t(`recruitment.availability.${v}`)).join(', ') || t('common.none'),
    },
    {
      id: 'created',
      header: t('applicants.fields.createdAt'),
      cell: (a) => <time dateTime={a.createdAt}>{formatDate(a.createdAt)}</time>,
    },
  ];

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('applicants.title')}</PageHeading>
          <p className="muted">{t('applicants.intro')}</p>
        </div>
        <div className="header-buttons">
          <Link to="/hq/applicants/duplicates" className="button button-secondary">
            {t('applicants.duplicates.open')}
          </Link>
          {canImport && canManage && (
            <Link to="/hq/imports/new?kind=applicants" className="button button-secondary">
              {t('applicants.import')}
            </Link>
          )}
        </div>
      </header>

      <search className="filters filters-applicants" aria-label={t('applicants.filters')}>
        <SearchField
          id="applicants-search"
          label={t('applicants.search')}
          placeholder={t('applicants.searchPlaceholder')}
          value={search}
          onSearch={setSearch}
        />
        <SelectField
          id="applicants-status"
          label={t('applicants.fields.status')}
          value={status}
          onChange={(event) => setStatus(event.target.value as ApplicantFilters['status'])}
        >
          <option value="">{t('applicants.allStatuses')}</option>
          {applicantStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`recruitment.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="applicants-area"
          label={t('applicants.fields.area')}
          value={areaId}
          onChange={(event) => setAreaId(event.target.value)}
        >
          <option value="">{t('applicants.allAreas')}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="applicants-availability"
          label={t('applicants.fields.availability')}
          value={availability}
          onChange={(event) => setAvailability(event.target.value as ApplicantFilters['availability'])}
        >
          <option value="">{t('applicants.any')}</option>
          {applicantAvailabilities.map((a) => (
            <option key={a} value={a}>
              {t(`recruitment.availability.${a}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="applicants-language"
          label={t('applicants.fields.languages')}
          value={language}
          onChange={(event) => setLanguage(event.target.value as ApplicantFilters['language'])}
        >
          <option value="">{t('applicants.any')}</option>
          {applicantLanguages.map((l) => (
            <option key={l} value={l}>
              {t(`recruitment.languages.${l}`)}
            </option>
          ))}
        </SelectField>
      </search>

      {canManage && selected.size > 0 && <BulkStatus ids={[...selected]} onDone={() => setSelected(new Set())} />}

      <ListView
        query={list}
        count={items.length}
        noMatch={q || status || areaId ? t('applicants.notFound') : t('applicants.empty')}
        caption={
          <>
            {t('applicants.total', { count: total })}
            {items.length < total &&
              ` ${t('stations.shown', { shown: formatNumber(items.length), total: formatNumber(total) })}`}
          </>
        }
        captionProps={{ 'data-testid': 'applicants-total' }}
        toolbar={
          <ExportLinks
            csv={recruitmentUrls.export('csv', filters)}
            xlsx={recruitmentUrls.export('xlsx', filters)}
            labels={{ csv: t('applicants.exportCsv'), xlsx: t('applicants.exportXlsx') }}
          />
        }
        paging={<MorePaging query={list} more={t('applicants.loadMore')} />}
      >
        <DataTable
          className="table table-cards table-applicants"
          columns={columns}
          rows={items}
          rowKey={(a) => a.id}
          rowProps={(a) => ({ 'data-applicant-id': a.id })}
          {...(canManage && {
            selection: {
              selected,
              onChange: setSelected,
              allLabel: t('applicants.selectAll'),
              rowLabel: (a: ApplicantSummaryDto) => t('applicants.select', { name: a.fullName }),
            },
          })}
        />
      </ListView>
    </>
  );
}

function BulkStatus({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ApplicantStatus | ''>('');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<BulkStatusResult | null>(null);
  const bulk = useApplicantMutation((vars: { status: ApplicantStatus; reason: string }) =>
    recruitmentApi.bulkStatus(ids, vars.status, vars.reason),
  );
  return (
    <>
      <form
        className="bulk-bar"
        aria-label={t('applicants.bulk.title')}
        onSubmit={(event) => {
          event.preventDefault();
          if (!status) return;
          setResult(null);
          bulk.mutate(
            { status, reason },
            {
              onSuccess: (res) => {
                setResult(res);
                if (res.refused.length === 0) onDone();
              },
            },
          );
        }}
      >
        <p className="table-caption">{t('applicants.bulk.selected', { count: ids.length })}</p>
        <SelectField
          id="bulk-status"
          label={t('applicants.bulk.status')}
          value={status}
          onChange={(event) => setStatus(event.target.value as ApplicantStatus | '')}
        >
          <option value="">{t('applicants.bulk.choose')}</option>
          {applicantStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`recruitment.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="bulk-reason"
          label={t('applicants.status.reason')}
          hint={t('applicants.status.reasonHint')}
          value={reason}
          maxLength={1000}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={!status || bulk.isPending}>
          {t('applicants.bulk.apply')}
        </button>
      </form>
      <ProblemAlert error={bulk.error} />
      {result && (
        <Alert tone={result.refused.length ? 'info' : 'success'}>
          <p>{t('applicants.bulk.changed', { count: result.changed.length })}</p>
          {result.refused.length > 0 && (
            <p>
              {t('applicants.bulk.refused', { count: result.refused.length })}{' '}
              {[...new Set(result.refused.map((r) => r.code))]
                .map((code) =>
                  code === 'not_found' ? t('errors.not_found') : t(`errors.${code}` as 'errors.internal'),
                )
                .join(' ')}
            </p>
          )}
        </Alert>
      )}
    </>
  );
}
