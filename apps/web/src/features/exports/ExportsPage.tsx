import {
  type AreaDto,
  can,
  type ElectionDto,
  type ExportFormat,
  type ExportJob,
  type ExportKind,
  type ExportShape,
  exportFormatFits,
  isActiveExport,
  localized,
} from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen } from '../elections/ElectionViews.tsx';
import { useForms } from '../forms/forms-queries.ts';
import { useAreas } from '../territory/territory-queries.ts';
import './exports.css';
import { AreaDocuments } from './DocumentLinks.tsx';
import { exportsApi } from './exports-api.ts';
import { useCancelExport, useExports, useStartExport } from './exports-queries.ts';

/**
 * Exports of every observer report, revision, flag and photo reference (CSV long or wide, XLSX) and
 * of photos (ZIP), made in the background: start one, watch its progress, download or cancel it.
 */
export function ExportsPage() {
  const { t } = useTranslation();
  const me = useStaffUser();
  useDocumentTitle(t('exports.title'));
  if (!can(me.role, 'reports.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('exports.title')}>
      {(election) => (
        <>
          <header className="page-header">
            <PageHeading>{t('exports.title')}</PageHeading>
            <p className="muted">{t('exports.intro')}</p>
          </header>
          <StartExport election={election} />
          <RecentExports electionId={election.id} />
        </>
      )}
    </CurrentElectionScreen>
  );
}

/** Areas in tree order, each under its parent, for a select. */
function treeOrder(areas: readonly AreaDto[]): { area: AreaDto; depth: number }[] {
  const children = new Map<string | null, AreaDto[]>();
  for (const a of areas) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a]);
  const known = new Set(areas.map((a) => a.id));
  const out: { area: AreaDto; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const a of children.get(parent) ?? []) {
      out.push({ area: a, depth });
      visit(a.id, depth + 1);
    }
  };
  visit(null, 0);
  // a regional coordinator's tree starts below the root
  for (const a of areas) if (a.parentId && !known.has(a.parentId)) visit(a.parentId, 0);
  return out;
}

function StartExport({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const me = useStaffUser();
  const areas = useAreas(election.id);
  const formsReadable = can(me.role, 'forms.read');
  const start = useStartExport(election.id);
  const [kind, setKind] = useState<ExportKind>('reports');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [shape, setShape] = useState<ExportShape>('wide');
  const [areaId, setAreaId] = useState('');
  // One form: its own questions as the columns (the single-form export); all forms: every form's.
  const [formId, setFormId] = useState('');
  const formats = (['csv', 'xlsx', 'zip'] as const).filter((f) => exportFormatFits(kind, f));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({
      kind,
      format,
      ...(kind === 'reports' && { shape }),
      ...(kind === 'reports' && formId && { formId }),
      ...(areaId && { areaId }),
    });
  };

  return (
    <>
      <form className="card panel form export-start" aria-labelledby="export-start-title" onSubmit={submit} noValidate>
        <h2 id="export-start-title">{t('exports.start.title')}</h2>
        {start.isError && <ProblemAlert error={start.error} />}
        <div className="export-start-fields">
          <SelectField
            id="export-kind"
            label={t('exports.start.kind')}
            value={kind}
            onChange={(event) => {
              const next = event.target.value as ExportKind;
              setKind(next);
              setFormat(next === 'photos' ? 'zip' : 'csv');
            }}
          >
            <option value="reports">{t('exports.kinds.reports')}</option>
            <option value="photos">{t('exports.kinds.photos')}</option>
          </SelectField>
          <SelectField
            id="export-format"
            label={t('exports.start.format')}
            value={format}
            onChange={(event) => setFormat(event.target.value as ExportFormat)}
          >
            {formats.map((f) => (
              <option key={f} value={f}>
                {t(`exports.formats.${f}`)}
              </option>
            ))}
          </SelectField>
          {kind === 'reports' && (
            <SelectField
              id="export-shape"
              label={t('exports.start.shape')}
              hint={t(`exports.shapeHints.${shape}`)}
              value={shape}
              onChange={(event) => setShape(event.target.value as ExportShape)}
            >
              <option value="wide">{t('exports.shapes.wide')}</option>
              <option value="long">{t('exports.shapes.long')}</option>
            </SelectField>
          )}
          {kind === 'reports' && formsReadable && (
            <FormSelect electionId={election.id} value={formId} onChange={setFormId} />
          )}
          <SelectField
            id="export-area"
            label={t('exports.start.area')}
            value={areaId}
            onChange={(event) => setAreaId(event.target.value)}
          >
            <option value="">{t('exports.start.wholeScope')}</option>
            {treeOrder(areas.data?.items ?? []).map(({ area, depth }) => (
              <option key={area.id} value={area.id}>
                {`${'\u2003'.repeat(depth)}${localized(area.name, currentLocale())}`}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button-primary" disabled={start.isPending}>
            {start.isPending ? t('exports.start.starting') : t('exports.start.submit')}
          </button>
        </div>
      </form>
      <AreaDocuments electionId={election.id} areaId={areaId} />
    </>
  );
}

/** Every form of the election, or one form only (its questions as the columns). */
function FormSelect({
  electionId,
  value,
  onChange,
}: {
  electionId: string;
  value: string;
  onChange: (formId: string) => void;
}) {
  const { t } = useTranslation();
  const forms = useForms(electionId);
  return (
    <SelectField
      id="export-form"
      label={t('exports.start.form')}
      hint={t(value ? 'exports.start.oneFormHint' : 'exports.start.allFormsHint')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{t('exports.start.allForms')}</option>
      {(forms.data?.items ?? []).map((form) => (
        <option key={form.id} value={form.id}>
          {localized(form.title, currentLocale())}
        </option>
      ))}
    </SelectField>
  );
}

function JobProgress({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  if (job.status === 'done') {
    return (
      <span>
        {t(job.kind === 'photos' ? 'exports.list.photos' : 'exports.list.rows', { n: formatNumber(job.rowsDone) })}
      </span>
    );
  }
  if (!isActiveExport(job.status) || job.rowsTotal === null) return null;
  const share = job.rowsTotal > 0 ? Math.round((job.rowsDone / job.rowsTotal) * 100) : 0;
  return (
    <span className="op-progress">
      <span className="op-progress-text">
        {t('operations.ofTotal', { part: formatNumber(job.rowsDone), whole: formatNumber(job.rowsTotal) })}
      </span>
      <progress max={100} value={share} aria-label={t('exports.list.progress', { share })} />
    </span>
  );
}

function RecentExports({ electionId }: { electionId: string }) {
  const { t } = useTranslation();
  const jobs = useExports();
  const forms = useForms(electionId);
  const formTitle = (formId: string | null) => {
    const form = formId ? forms.data?.items.find((f) => f.id === formId) : undefined;
    return form ? [localized(form.title, currentLocale())] : [];
  };
  const cancel = useCancelExport();
  const formatTime = useDateTimeFormat();

  const columns: Column<ExportJob>[] = [
    {
      id: 'created',
      header: t('exports.list.created'),
      rowHeader: true,
      label: false,
      className: 'cell-primary cell-nowrap',
      cell: (j) => formatTime(j.createdAt),
    },
    {
      id: 'what',
      header: t('exports.list.what'),
      cell: (j) =>
        [
          t(`exports.kinds.${j.kind}`),
          t(`exports.formats.${j.format}`),
          ...(j.shape ? [t(`exports.shapes.${j.shape}`)] : []),
          ...formTitle(j.formId),
        ].join(' · '),
    },
    {
      id: 'status',
      header: t('exports.list.status'),
      cell: (j) => (
        <span className="export-status">
          <span
            className={
              j.status === 'done'
                ? 'badge badge-ok'
                : j.status === 'failed'
                  ? 'badge badge-problem'
                  : 'badge badge-missing'
            }
          >
            {t(`exports.statuses.${j.status}`)}
          </span>{' '}
          <JobProgress job={j} />
        </span>
      ),
    },
    {
      id: 'actions',
      header: t('exports.list.actions'),
      hiddenHeader: true,
      label: false,
      cell: (j) =>
        j.status === 'done' ? (
          <a className="button button-small" href={exportsApi.fileUrl(j.id)} download={j.fileName}>
            {t('exports.list.download')}
          </a>
        ) : isActiveExport(j.status) ? (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(j.id)}
          >
            {t('exports.list.cancel')}
          </button>
        ) : null,
    },
  ];

  return (
    <section className="export-list" aria-labelledby="export-list-title">
      <h2 id="export-list-title">{t('exports.list.title')}</h2>
      <p className="muted">{t('exports.list.kept')}</p>
      {cancel.isError && <ProblemAlert error={cancel.error} />}
      {jobs.isPending ? (
        <Loading />
      ) : jobs.isError ? (
        <LoadError error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data.jobs.length === 0 ? (
        <EmptyState icon="M8 8h32v32H8zM16 20h16M16 28h10" title={t('exports.list.empty')}>
          <p className="muted">{t('exports.list.emptyHint')}</p>
        </EmptyState>
      ) : (
        <DataTable
          className="table table-cards exports-table"
          caption={t('exports.list.title')}
          columns={columns}
          rows={jobs.data.jobs}
          rowKey={(j) => j.id}
          rowProps={(j) => ({ 'data-status': j.status, 'data-kind': j.kind })}
        />
      )}
    </section>
  );
}
