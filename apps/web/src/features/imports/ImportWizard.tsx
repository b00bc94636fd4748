import {
  applicantImportFields,
  areaImportFields,
  assignmentImportFields,
  type ImportKind,
  type ImportOptionsBody,
  type ImportPreview,
  type ImportReport,
  localized,
  stationImportFields,
  suggestMapping,
} from '@pollwatch/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, type RefObject, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { OverrideWarningsChoice } from '../assignments-proposal/AssignmentWarnings.tsx';
import { useInvalidateResults } from '../results/results-queries.ts';
import { useInvalidateTerritory } from '../territory/territory-queries.ts';
import { ApplyButtons, CheckReport } from './CheckStep.tsx';
import { MappingTable, ReadingSettings, SampleTable } from './ColumnsStep.tsx';
import { type CsvEncoding, type CsvSeparator, readCsvHead } from './csv-head.ts';
import { FileField } from './FileStep.tsx';
import { IMPORT_MAX_BYTES, pathsOf } from './import-kinds.ts';
import { knownEncoding } from './import-labels.ts';
import { importErrorText, reportOfRefusal } from './import-text.ts';
import type { FileHead, Options } from './import-wizard-types.ts';
import { importsApi } from './imports-api.ts';
import { useImportDryRun } from './imports-queries.ts';
import { ResultsColumnNotes } from './ResultsColumnNotes.tsx';
import { CreateAreasChoice, StationListNotes } from './StationListNotes.tsx';

type Step = 'file' | 'columns' | 'check' | 'done';

const steps: readonly Step[] = ['file', 'columns', 'check', 'done'];

export function ImportWizard({
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
  // Stations: create the regions and districts the file names that the tree lacks.
  const [createAreas, setCreateAreas] = useState(false);
  // Assignments: import rows outside the observer's area or of an uncertified observer anyway (audited).
  const [overrideWarnings, setOverrideWarnings] = useState(false);
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
        ...(kind === 'stations' && createAreas && { createAreas: true }),
        ...(kind === 'assignments' && overrideWarnings && { overrideWarnings: true }),
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
    setCreateAreas(false);
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
          {kind === 'results' && (
            <ResultsColumnNotes
              head={head}
              mapping={options.mapping}
              labels={labels}
              warnings={dryRun.data?.mappingWarnings}
              onMappingChange={(mapping) => setOptions({ ...options, mapping })}
            />
          )}
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
            <>
              <CheckReport kind={kind} labels={labels} report={report} />
              {kind === 'stations' && <StationListNotes report={report} createAreas={createAreas} />}
            </>
          )}
          {kind === 'stations' && <CreateAreasChoice report={report} checked={createAreas} onChange={setCreateAreas} />}
          {kind === 'assignments' && (
            <OverrideWarningsChoice report={report} checked={overrideWarnings} onChange={setOverrideWarnings} />
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
              {applied.areasCreated ? ` ${t('imports.stationList.created', { n: applied.areasCreated })}` : ''}
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
