import {
  applicantImportFields,
  areaImportFields,
  assignmentImportFields,
  buildProtocolTemplate,
  can,
  type ImportKind,
  type ImportOptionsBody,
  type ImportPreview,
  type ImportReport,
  localized,
  officialTurnoutImportFields,
  type Permission,
  protocolTemplates,
  stationImportFields,
  suggestAreaResultsMapping,
  suggestMapping,
  suggestResultsMapping,
} from '@pollwatch/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { DemoBanner, NoCurrentElection } from '../elections/ElectionViews.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { useInvalidateResults } from '../results/results-queries.ts';
import { useInvalidateTerritory } from '../territory/territory-queries.ts';
import { type CsvEncoding, type CsvSeparator, readCsvHead } from './csv-head.ts';
import {
  type ImportEncoding,
  type ImportSeparator,
  importEncodings,
  importSeparators,
  isImportEncoding,
  isImportKind,
  isImportSeparator,
  knownEncoding,
  separatorKey,
} from './import-labels.ts';
import {
  changeFieldLabel,
  fieldLabel,
  importErrorText,
  mappingProblemText,
  reportOfRefusal,
  rowProblemText,
} from './import-text.ts';
import { importsApi } from './imports-api.ts';
import { useImportDryRun } from './imports-queries.ts';

/** The server refuses bigger uploads; saying so before sending saves a long wait. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;
const PROBLEMS_SHOWN = 200;

type Step = 'file' | 'columns' | 'check' | 'done';
const steps: readonly Step[] = ['file', 'columns', 'check', 'done'];

/** `/hq/imports/new?kind=stations|areas|results|applicants`: file → columns → check → done. */
export function ImportPage() {
  const me = useStaffUser();
  const [params] = useSearchParams();
  const raw = params.get('kind');
  const kind: ImportKind = isImportKind(raw) ? raw : 'stations';
  if (!can(me.role, importPermission[kind])) return <NoAccess />;
  return <ImportScreen key={kind} kind={kind} />;
}

function ImportScreen({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const title = t(kindTitles[kind]);
  useDocumentTitle(title);
  const current = useCurrentElection();
  const election = current.election;
  const back = pathsOf(kind);
  // A results file's protocol lines follow the election's template; re-read headers map the same way.
  const suggest = useMemo(() => {
    if ((kind !== 'results' && kind !== 'area_results' && kind !== 'official_turnout') || !election) return undefined;
    if (kind === 'official_turnout')
      return (headers: readonly string[]) => suggestMapping(officialTurnoutImportFields, headers);
    const template = buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions);
    if (kind === 'area_results') return (headers: readonly string[]) => suggestAreaResultsMapping(template, headers);
    return (headers: readonly string[]) => suggestResultsMapping(template, headers);
  }, [kind, election]);

  const header = (intro?: string) => (
    <header className="page-header">
      <p className="back-link">
        <Link to={back.path}>← {t(back.label)}</Link>
      </p>
      <PageHeading>{title}</PageHeading>
      {intro && <p className="muted">{intro}</p>}
    </header>
  );

  // Stations, results and assignments belong to an election; areas and the roster do not need one.
  const needsElection =
    kind === 'stations' ||
    kind === 'results' ||
    kind === 'assignments' ||
    kind === 'area_results' ||
    kind === 'official_turnout';
  if (needsElection) {
    if (current.isPending) return header();
    if (!election) {
      return (
        <>
          {header()}
          <NoCurrentElection anyElection={current.elections.length > 0} />
        </>
      );
    }
  }
  const intro =
    needsElection && election
      ? t(
          kind === 'results'
            ? 'imports.introResults'
            : kind === 'area_results'
              ? 'imports.introAreaResults'
              : kind === 'official_turnout'
                ? 'imports.introOfficialTurnout'
                : kind === 'assignments'
                  ? 'imports.introAssignments'
                  : 'imports.introStations',
          { election: localized(election.name, currentLocale()) },
        )
      : t(kind === 'applicants' ? 'imports.introApplicants' : 'imports.introAreas');
  return (
    <>
      {header(intro)}
      {needsElection && <DemoBanner election={election} />}
      <ImportWizard
        kind={kind}
        electionId={needsElection ? (election?.id ?? null) : null}
        {...(suggest && { suggest })}
      />
    </>
  );
}

/** Where each kind of import comes from and returns to. */
const kindPaths = {
  stations: { path: '/hq/stations', label: 'nav.stations', done: 'imports.done.toStations' },
  areas: { path: '/hq/areas', label: 'nav.areas', done: 'imports.done.toAreas' },
  results: { path: '/hq/results', label: 'results.title', done: 'imports.done.toResults' },
  area_results: { path: '/hq/results/official', label: 'results.official.title', done: 'imports.done.toOfficial' },
  official_turnout: {
    path: '/hq/results/official',
    label: 'results.official.title',
    done: 'imports.done.toOfficial',
  },
  applicants: { path: '/hq/applicants', label: 'nav.applicants', done: 'imports.done.toApplicants' },
  assignments: { path: '/hq/assignments', label: 'assignments.title', done: 'imports.done.toAssignments' },
} as const satisfies Record<ImportKind, unknown>;

function pathsOf(kind: ImportKind) {
  return kindPaths[kind];
}

/** Each kind of import is the data of a different permission. */
const importPermission = {
  stations: 'stations.manage',
  areas: 'stations.manage',
  results: 'results.manage',
  area_results: 'results.manage',
  official_turnout: 'results.manage',
  applicants: 'applicants.manage',
  assignments: 'assignments.manage',
} as const satisfies Record<ImportKind, Permission>;

const kindTitles = {
  stations: 'imports.titleStations',
  areas: 'imports.titleAreas',
  results: 'imports.titleResults',
  area_results: 'imports.titleAreaResults',
  official_turnout: 'imports.titleOfficialTurnout',
  applicants: 'imports.titleApplicants',
  assignments: 'imports.titleAssignments',
} as const satisfies Record<ImportKind, string>;

interface Options {
  mapping: Record<string, string | null>;
  encoding: ImportEncoding;
  separator: ImportSeparator;
}

/** What the mapping step shows of the file: the server's first reading, or the browser's re-reading. */
interface FileHead {
  headers: string[];
  sample: string[][];
}

function ImportWizard({
  kind,
  electionId,
  suggest,
}: {
  kind: ImportKind;
  electionId: string | null;
  /** How re-read headers map to fields, when the kind's fields are not the fixed station or area ones. */
  suggest?: (headers: readonly string[]) => Record<string, string | null | undefined>;
}) {
  const { t } = useTranslation();
  const invalidateTerritory = useInvalidateTerritory();
  const invalidateResults = useInvalidateResults();
  const invalidate = () =>
    kind === 'results' || kind === 'area_results' || kind === 'official_turnout'
      ? invalidateResults()
      : invalidateTerritory();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [head, setHead] = useState<FileHead | null>(null);
  const [options, setOptions] = useState<Options | null>(null);
  const [applied, setApplied] = useState<ImportReport | null>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const locale = currentLocale();
  // Fields that vary by election (protocol lines, ballot options) carry their own labels.
  const labels = useMemo(
    () =>
      new Map((preview?.fields ?? []).flatMap((f) => (f.label ? [[f.key, localized(f.label, locale)] as const] : []))),
    [preview, locale],
  );

  // Each step's heading takes focus, so a screen reader hears where the wizard went.
  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    stepHeading.current?.focus();
  }, [step]);

  const upload = useMutation({
    mutationFn: (chosen: File) => {
      if (chosen.size > IMPORT_MAX_BYTES) return Promise.reject(new ApiError(413, 'file_too_large'));
      return importsApi.upload({ kind, electionId: electionId ?? undefined, fileName: chosen.name }, chosen);
    },
    onSuccess: (res) => {
      setPreview(res);
      setHead({ headers: res.headers, sample: res.sample });
      setOptions({ mapping: { ...res.suggestedMapping }, encoding: 'auto', separator: 'auto' });
      setStep('columns');
    },
  });

  const body: ImportOptionsBody | null = options
    ? {
        mapping: options.mapping,
        ...(options.encoding !== 'auto' && { encoding: options.encoding }),
        ...(options.separator !== 'auto' && { separator: options.separator }),
      }
    : null;

  const dryRun = useImportDryRun(preview?.id, body, !applied);

  const apply = useMutation({
    mutationFn: () => importsApi.apply(preview?.id ?? '', body ?? { mapping: {} }),
    onSuccess: (report) => {
      setApplied(report);
      setStep('done');
      void invalidate();
    },
  });

  /** Another encoding or separator: read the head of the file again so that the headers match. */
  async function changeReading(next: Pick<Options, 'encoding' | 'separator'>) {
    if (!preview || !options) return;
    setOptions({ ...options, ...next });
    if (preview.format !== 'csv' || !file) return;
    if (next.encoding === 'auto' && next.separator === 'auto') {
      setHead({ headers: preview.headers, sample: preview.sample });
      setOptions({ ...next, mapping: { ...preview.suggestedMapping } });
      return;
    }
    const encoding = (next.encoding === 'auto' ? knownEncoding(preview.encoding) : next.encoding) ?? 'utf-8';
    const separator =
      next.separator === 'auto' ? (isCsvSeparator(preview.separator) ? preview.separator : null) : next.separator;
    try {
      const reread = await readCsvHead(file, encoding as CsvEncoding, separator);
      setHead({ headers: reread.headers, sample: reread.sample });
      const fields =
        kind === 'stations'
          ? stationImportFields
          : kind === 'applicants'
            ? applicantImportFields
            : kind === 'assignments'
              ? assignmentImportFields
              : areaImportFields;
      const mapping = suggest ? suggest(reread.headers) : suggestMapping(fields, reread.headers);
      setOptions({ ...next, mapping: mapping as Record<string, string | null> });
    } catch {
      // The browser cannot decode it this way either; the dry run will say what is wrong.
    }
  }

  function startOver() {
    setStep('file');
    setPreview(null);
    setHead(null);
    setOptions(null);
    setApplied(null);
    setFile(null);
    upload.reset();
    apply.reset();
  }

  function submitFile(event: FormEvent) {
    event.preventDefault();
    setFileMissing(!file);
    if (file) upload.mutate(file);
  }

  const refusal = reportOfRefusal(apply.error);
  const report = refusal ?? dryRun.data ?? null;

  return (
    <div className="wizard">
      <ol className="steps" aria-label={t('imports.steps.label')}>
        {steps.map((s, index) => (
          <li
            key={s}
            className="step"
            aria-current={s === step ? 'step' : undefined}
            data-state={index < steps.indexOf(step) ? 'done' : s === step ? 'current' : 'todo'}
          >
            <span className="step-number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="step-label">{t(`imports.steps.${s}`)}</span>
          </li>
        ))}
      </ol>

      {step === 'file' && (
        <StepPanel heading={t('imports.steps.file')} headingRef={stepHeading}>
          <form className="form" onSubmit={submitFile} noValidate>
            {upload.error !== null && (
              <Alert>
                <p>{importErrorText(t, upload.error)}</p>
              </Alert>
            )}
            <FileField
              file={file}
              missing={fileMissing}
              onChange={(chosen) => {
                setFile(chosen);
                setFileMissing(false);
                upload.reset();
              }}
            />
            <div className="form-actions">
              <button type="submit" className="button button-primary" data-action="upload" disabled={upload.isPending}>
                {upload.isPending ? t('imports.file.uploading') : t('imports.file.submit')}
              </button>
            </div>
          </form>
        </StepPanel>
      )}

      {step === 'columns' && preview && head && options && (
        <StepPanel heading={t('imports.mapping.title')} headingRef={stepHeading}>
          <ReadingSettings preview={preview} options={options} report={dryRun.data} onChange={changeReading} />
          {dryRun.isError && (
            <Alert>
              <p>{importErrorText(t, dryRun.error)}</p>
            </Alert>
          )}
          <MappingTable
            kind={kind}
            labels={labels}
            preview={preview}
            head={head}
            mapping={options.mapping}
            problems={dryRun.data?.mappingProblems ?? []}
            onChange={(field, header) => setOptions({ ...options, mapping: { ...options.mapping, [field]: header } })}
          />
          <SampleTable head={head} />
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              data-action="check"
              onClick={() => setStep('check')}
            >
              {t('imports.check')}
            </button>
            <button type="button" className="button button-quiet" data-action="start-over" onClick={startOver}>
              {t('imports.startOver')}
            </button>
          </div>
        </StepPanel>
      )}

      {step === 'check' && preview && (
        <StepPanel heading={t('imports.report.title')} headingRef={stepHeading}>
          {dryRun.isError && !refusal ? (
            <Alert>
              <p>{importErrorText(t, dryRun.error)}</p>
            </Alert>
          ) : !report || dryRun.isFetching ? (
            <Loading label={t('imports.checking')} />
          ) : (
            <CheckReport kind={kind} labels={labels} report={report} />
          )}
          {apply.error !== null && !refusal && (
            <Alert>
              <p>{importErrorText(t, apply.error)}</p>
            </Alert>
          )}
          <ApplyButtons
            report={dryRun.isFetching ? null : report}
            pending={apply.isPending}
            onApply={() => apply.mutate()}
            onBack={() => {
              apply.reset();
              setStep('columns');
            }}
            onStartOver={startOver}
          />
        </StepPanel>
      )}

      {step === 'done' && applied && (
        <StepPanel heading={t('imports.done.title')} headingRef={stepHeading}>
          <Alert tone="success">
            <p>
              {t('imports.done.body', {
                added: applied.added,
                changed: applied.changed,
                unchanged: applied.unchanged,
              })}
            </p>
          </Alert>
          <div className="form-actions">
            <Link to={pathsOf(kind).path} className="button button-primary" data-action="to-list">
              {t(pathsOf(kind).done)}
            </Link>
            <button type="button" className="button button-quiet" data-action="start-over" onClick={startOver}>
              {t('imports.done.another')}
            </button>
          </div>
        </StepPanel>
      )}
    </div>
  );
}

function isCsvSeparator(value: string | null): value is CsvSeparator {
  return value === ';' || value === ',' || value === '\t';
}

function StepPanel({
  heading,
  headingRef,
  children,
}: {
  heading: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className="card panel wizard-panel" aria-labelledby={id}>
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      {children}
    </section>
  );
}

function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const language = i18n.language === 'kk' ? 'ru' : i18n.language;
    const mb = new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    const kb = new Intl.NumberFormat(language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
    return (bytes: number) =>
      bytes >= 1024 * 1024 ? mb.format(bytes / 1024 / 1024) : kb.format(Math.max(1, bytes / 1024));
  }, [i18n.language]);
}

function FileField({
  file,
  missing,
  onChange,
}: {
  file: File | null;
  missing: boolean;
  onChange: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const formatSize = useFileSize();
  const id = 'import-file';
  const describedBy = [missing ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ');
  return (
    <div className="field" data-invalid={missing ? 'true' : undefined}>
      <label htmlFor={id}>{t('imports.file.label')}</label>
      <input
        id={id}
        type="file"
        className="file-input"
        accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-invalid={missing || undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
      {missing && (
        <p id={`${id}-error`} className="field-error">
          {t('imports.file.required')}
        </p>
      )}
      <p id={`${id}-hint`} className="field-hint">
        {file ? `${t('imports.file.chosen', { name: file.name, size: formatSize(file.size) })}. ` : ''}
        {t('imports.file.hint')}
      </p>
    </div>
  );
}

function ReadingSettings({
  preview,
  options,
  report,
  onChange,
}: {
  preview: ImportPreview;
  options: Options;
  report: ImportReport | undefined;
  onChange: (next: Pick<Options, 'encoding' | 'separator'>) => void;
}) {
  const { t } = useTranslation();
  const formatSize = useFileSize();
  const encodingName = (value: string | null) => {
    const known = knownEncoding(value);
    return known ? t(`imports.encodings.${known}`) : (value ?? t('common.none'));
  };
  const separatorName = (value: string | null) => {
    const key = separatorKey(value);
    return key ? t(`imports.separators.${key}`) : (value ?? t('common.none'));
  };
  const csv = preview.format === 'csv';
  const detectedEncoding = report?.encoding ?? preview.encoding;
  const detectedSeparator = report?.separator ?? preview.separator;
  return (
    <div className="reading">
      <dl className="summary reading-summary">
        <div>
          <dt>{t('imports.detected.file')}</dt>
          <dd>
            {preview.fileName} ({formatSize(preview.sizeBytes)})
          </dd>
        </div>
        <div>
          <dt>{t('imports.detected.format')}</dt>
          <dd>{preview.format.toUpperCase()}</dd>
        </div>
        {!csv && (
          <div>
            <dt>{t('imports.detected.encoding')}</dt>
            <dd>{t('imports.detected.notApplicable')}</dd>
          </div>
        )}
      </dl>
      {csv && (
        <div className="field-row">
          <SelectField
            id="import-encoding"
            label={t('imports.detected.encoding')}
            value={options.encoding}
            onChange={(e) => {
              if (isImportEncoding(e.target.value))
                onChange({ encoding: e.target.value, separator: options.separator });
            }}
          >
            {importEncodings.map((encoding) => (
              <option key={encoding} value={encoding}>
                {encoding === 'auto'
                  ? t('imports.autoDetected', { value: encodingName(detectedEncoding) })
                  : t(`imports.encodings.${encoding}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="import-separator"
            label={t('imports.detected.separator')}
            value={options.separator}
            onChange={(e) => {
              if (isImportSeparator(e.target.value))
                onChange({ encoding: options.encoding, separator: e.target.value });
            }}
          >
            {importSeparators.map((separator) => (
              <option key={separator.key} value={separator.value}>
                {separator.value === 'auto'
                  ? t('imports.autoDetected', { value: separatorName(detectedSeparator) })
                  : t(`imports.separators.${separator.key}`)}
              </option>
            ))}
          </SelectField>
        </div>
      )}
    </div>
  );
}

function MappingTable({
  kind,
  labels,
  preview,
  head,
  mapping,
  problems,
  onChange,
}: {
  kind: ImportKind;
  labels: ReadonlyMap<string, string>;
  preview: ImportPreview;
  head: FileHead;
  mapping: Record<string, string | null>;
  problems: ImportReport['mappingProblems'];
  onChange: (field: string, header: string | null) => void;
}) {
  const { t } = useTranslation();
  const example = (header: string | null | undefined) => {
    if (!header) return '';
    const index = head.headers.indexOf(header);
    if (index < 0) return '';
    return head.sample.map((row) => row[index]?.trim() ?? '').find(Boolean) ?? '';
  };
  return (
    <>
      <p className="muted">{t('imports.mapping.intro')}</p>
      <div className="table-wrap">
        <table className="table table-cards table-mapping">
          <thead>
            <tr>
              <th scope="col">{t('imports.mapping.field')}</th>
              <th scope="col">{t('imports.mapping.column')}</th>
              <th scope="col">{t('imports.mapping.example')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.fields.map((field) => {
              const label = fieldLabel(t, kind, field.key, labels);
              const selectId = `import-map-${field.key}`;
              const errorId = `${selectId}-error`;
              const fieldProblems = problems.filter((p) => p.field === field.key);
              const header = mapping[field.key] ?? null;
              return (
                <tr key={field.key} data-field={field.key} data-invalid={fieldProblems.length > 0 || undefined}>
                  <th scope="row" className="cell-primary cell-field">
                    {label}
                    {field.required && <span className="tag tag-required">{t('badges.required')}</span>}
                  </th>
                  <td data-label={t('imports.mapping.column')}>
                    <div className="field field-compact" data-invalid={fieldProblems.length > 0 ? 'true' : undefined}>
                      <label htmlFor={selectId} className="visually-hidden">
                        {t('imports.mapping.columnFor', { field: label })}
                      </label>
                      <select
                        id={selectId}
                        value={header ?? ''}
                        aria-invalid={fieldProblems.length > 0 || undefined}
                        aria-describedby={fieldProblems.length > 0 ? errorId : undefined}
                        onChange={(e) => onChange(field.key, e.target.value || null)}
                      >
                        <option value="">{t('imports.mapping.notImported')}</option>
                        {head.headers.map((h, index) => (
                          // Headers may repeat or be empty; the position keeps keys unique.
                          // biome-ignore lint/suspicious/noArrayIndexKey: headers are positional
                          <option key={`${index}:${h}`} value={h}>
                            {h || `#${index + 1}`}
                          </option>
                        ))}
                      </select>
                      {fieldProblems.length > 0 && (
                        <p id={errorId} className="field-error">
                          {fieldProblems.map((p) => mappingProblemText(t, p)).join(' ')}
                        </p>
                      )}
                    </div>
                  </td>
                  <td data-label={t('imports.mapping.example')} className="cell-example">
                    {example(header) || t('common.none')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function SampleTable({ head }: { head: FileHead }) {
  const { t } = useTranslation();
  const id = useId();
  if (head.headers.length === 0) return null;
  return (
    <div className="sample">
      <h3 id={id}>{t('imports.sample.title')}</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-wrap table-scroll" tabIndex={0} aria-labelledby={id}>
        <table className="table table-sample">
          <thead>
            <tr>
              <th scope="col">{t('imports.sample.line')}</th>
              {head.headers.map((h, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <th scope="col" key={index}>
                  {h || `#${index + 1}`}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {head.sample.map((row, rowIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
              <tr key={rowIndex}>
                <td className="cell-number">{rowIndex + 2}</td>
                {head.headers.map((_, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <td key={index}>{row[index] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function CheckReport({
  kind,
  labels,
  report,
}: {
  kind: ImportKind;
  labels: ReadonlyMap<string, string>;
  report: ImportReport;
}) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const problemsId = useId();
  const changesId = useId();
  const counts = [
    { key: 'rows', value: report.rows, label: t('imports.report.rows') },
    { key: 'added', value: report.added, label: t('imports.report.added') },
    { key: 'changed', value: report.changed, label: t('imports.report.changed') },
    { key: 'unchanged', value: report.unchanged, label: t('imports.report.unchanged') },
    { key: 'rejected', value: report.rejected, label: t('imports.report.rejected') },
    ...(report.skipped ? [{ key: 'skipped', value: report.skipped, label: t('imports.report.skipped') }] : []),
  ];
  const problems = report.problems.slice(0, PROBLEMS_SHOWN);
  return (
    <div className="report" aria-live="polite">
      <dl className="counts">
        {counts.map((c) => (
          <div key={c.key} className="count" data-count={c.key} data-nonzero={c.value > 0 || undefined}>
            <dt>{c.label}</dt>
            <dd>{formatNumber(c.value)}</dd>
          </div>
        ))}
      </dl>

      {report.mappingProblems.length > 0 && (
        <Alert>
          <p>{t('imports.report.mappingTitle')}</p>
          <ul className="problem-list">
            {report.mappingProblems.map((p) => (
              <li key={`${p.field}:${p.code}`}>
                {fieldLabel(t, kind, p.field, labels)}: {mappingProblemText(t, p)}
              </li>
            ))}
          </ul>
        </Alert>
      )}

      {report.problems.length > 0 && (
        <section aria-labelledby={problemsId} className="report-section">
          <h3 id={problemsId}>{t('imports.report.problemsTitle')}</h3>
          {report.problems.length > problems.length && (
            <p className="muted">{t('imports.report.firstProblems', { n: problems.length })}</p>
          )}
          <div className="table-wrap">
            <table className="table table-cards table-problems">
              <thead>
                <tr>
                  <th scope="col" className="cell-number">
                    {t('imports.report.line')}
                  </th>
                  <th scope="col">{t('imports.report.field')}</th>
                  <th scope="col">{t('imports.report.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a line may have several problems
                  <tr key={`${p.line}:${index}`}>
                    <th scope="row" className="cell-number">
                      <span className="visually-hidden">{t('imports.report.line')} </span>
                      {p.line}
                    </th>
                    <td data-label={t('imports.report.field')}>
                      {p.field ? fieldLabel(t, kind, p.field, labels) : t('common.none')}
                    </td>
                    <td data-label={t('imports.report.problem')}>{rowProblemText(t, p)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {report.changes.length > 0 && (
        <section aria-labelledby={changesId} className="report-section">
          <h3 id={changesId}>{t('imports.report.changesTitle')}</h3>
          {report.changed > report.changes.length && (
            <p className="muted">{t('imports.report.firstChanges', { n: report.changes.length })}</p>
          )}
          <div className="table-wrap">
            <table className="table table-cards table-changes">
              <thead>
                <tr>
                  <th scope="col" className="cell-number">
                    {t('imports.report.line')}
                  </th>
                  <th scope="col">{t('imports.report.key')}</th>
                  <th scope="col">{t('imports.report.fields')}</th>
                </tr>
              </thead>
              <tbody>
                {report.changes.map((c) => (
                  <tr key={c.line}>
                    <th scope="row" className="cell-number">
                      <span className="visually-hidden">{t('imports.report.line')} </span>
                      {c.line}
                    </th>
                    <td data-label={t('imports.report.key')}>{c.key}</td>
                    <td data-label={t('imports.report.fields')}>
                      {c.fields.map((f) => changeFieldLabel(t, kind, f, labels)).join(', ') || t('common.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {report.problems.length === 0 && report.mappingProblems.length === 0 && (
        <p className="muted">
          {report.added + report.changed === 0 && report.rows > 0
            ? t('imports.report.nothingToDo')
            : t('imports.report.noProblems')}
        </p>
      )}
    </div>
  );
}

function ApplyButtons({
  report,
  pending,
  onApply,
  onBack,
  onStartOver,
}: {
  report: ImportReport | null;
  pending: boolean;
  onApply: () => void;
  onBack: () => void;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const whyId = useId();
  const blocked = !report
    ? null
    : report.mappingProblems.length > 0
      ? t('imports.report.blockedMapping')
      : report.rejected > 0
        ? t('imports.report.blockedRejected')
        : null;
  return (
    <>
      {blocked && (
        <p id={whyId} className="apply-blocked">
          {blocked}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!report || Boolean(blocked) || pending}
          aria-describedby={blocked ? whyId : undefined}
          data-action="apply"
          onClick={onApply}
        >
          {pending ? t('imports.applying') : t('imports.apply')}
        </button>
        <button type="button" className="button button-quiet" data-action="back" onClick={onBack}>
          {t('imports.back')}
        </button>
        <button type="button" className="button button-quiet" data-action="start-over" onClick={onStartOver}>
          {t('imports.startOver')}
        </button>
      </div>
    </>
  );
}
