import type { ImportKind, ImportPreview, ImportReport } from '@pollwatch/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/FormField.tsx';
import { useFileSize } from './FileStep.tsx';
import {
  importEncodings,
  importSeparators,
  isImportEncoding,
  isImportSeparator,
  knownEncoding,
  separatorKey,
} from './import-labels.ts';
import { fieldLabel, mappingProblemText } from './import-text.ts';
import type { FileHead, Options } from './import-wizard-types.ts';

export function ReadingSettings({
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

export function MappingTable({
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

export function SampleTable({ head }: { head: FileHead }) {
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
