import {
  buildProtocolTemplate,
  describeResultsColumns,
  type ImportKind,
  type ImportMappingWarning,
  protocolTemplates,
} from '@pollwatch/core';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { fieldLabel } from './import-text.ts';

type Mapping = Record<string, string | null>;
/** The headers and first rows of the file as the wizard read them (ImportWizard's FileHead). */
type FileHead = { headers: readonly string[]; sample: readonly (readonly string[])[] };

/**
 * Official results, columns step: how each column of the file reads (the field, how sure the match
 * is, or why it is not imported), so that no automatic choice is silent; and the dry run's warnings
 * when the protocol's own arithmetic says the mapping is likely wrong, with the fix to apply.
 */
export function ResultsColumnNotes({
  head,
  mapping,
  labels,
  warnings,
  onMappingChange,
}: {
  head: FileHead;
  mapping: Mapping;
  labels: ReadonlyMap<string, string>;
  warnings: readonly ImportMappingWarning[] | undefined;
  onMappingChange: (mapping: Mapping) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { election } = useCurrentElection();
  const columns = useMemo(() => {
    if (!election) return [];
    const template = buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions);
    return describeResultsColumns(template, head.headers, head.sample);
  }, [election, head]);
  const label = (key: string) => fieldLabel(t, 'results', key, labels);
  const fieldOf = new Map(Object.entries(mapping).flatMap(([field, header]) => (header ? [[header, field]] : [])));
  return (
    <>
      <MappingWarnings kind="results" labels={labels} warnings={warnings} mapping={mapping} onApply={onMappingChange} />
      <section className="report-section" aria-labelledby={id} data-testid="results-column-notes">
        <h3 id={id}>{t('imports.columnNotes.title')}</h3>
        <p className="muted">{t('imports.columnNotes.intro')}</p>
        <ul className="problem-list">
          {columns.map((column) => {
            const field = fieldOf.get(column.header);
            const auto = column.role === 'line' || column.role === 'station' ? column.key : undefined;
            let reading: string;
            if (field !== undefined) {
              const confidence = field === auto && column.confidence ? column.confidence : 'given';
              reading = `${label(field)} — ${t(`imports.columnNotes.confidence.${confidence}`)}`;
            } else if (auto !== undefined) reading = t('imports.columnNotes.notImportedByYou');
            else {
              const reason = column.reason ?? 'unmatched';
              const lines = (column.candidates ?? []).map(label).join(', ');
              reading = t('imports.columnNotes.ignored', {
                reason: t(`imports.columnNotes.reasons.${reason}`, { lines }),
              });
            }
            const weak = field !== undefined && field === auto && column.confidence === 'weak';
            return (
              <li
                key={`${column.index}:${column.header}`}
                data-column={column.header}
                data-role={field !== undefined ? 'mapped' : 'ignored'}
                data-weak={weak || undefined}
              >
                <strong>{column.header || `#${column.index + 1}`}</strong>: {reading}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

/** The dry run's mapping warnings: which relation fails where, the columns to check, the fix. */
export function MappingWarnings({
  kind,
  labels,
  warnings,
  mapping,
  onApply,
}: {
  kind: ImportKind;
  labels: ReadonlyMap<string, string>;
  warnings: readonly ImportMappingWarning[] | undefined;
  mapping?: Mapping;
  onApply?: (mapping: Mapping) => void;
}) {
  const { t } = useTranslation();
  if (!warnings || warnings.length === 0) return null;
  const label = (key: string) => fieldLabel(t, kind, key, labels);
  const relation = (id: string) => t(`imports.mappingWarnings.relations.${id}`, { defaultValue: id });
  const column = (field: string) => mapping?.[field] ?? label(field);
  const fixed = (fix: NonNullable<ImportMappingWarning['fix']>): Mapping | null => {
    if (!mapping) return null;
    const next = { ...mapping };
    const targets = new Set(fix.flatMap((m) => (m.to === null ? [] : [m.to])));
    for (const m of fix) {
      if (m.to !== null) next[m.to] = mapping[m.from] ?? null;
      if (!targets.has(m.from)) next[m.from] = null;
    }
    return next;
  };
  return (
    <Alert>
      <p>{t('imports.mappingWarnings.title')}</p>
      <ul className="problem-list" data-testid="mapping-warnings">
        {warnings.map((w) => {
          const next = w.fix ? fixed(w.fix) : null;
          const moves = (w.fix ?? [])
            .map((m) =>
              m.to === null
                ? t('imports.mappingWarnings.moveOut', { column: column(m.from), from: label(m.from) })
                : t('imports.mappingWarnings.move', { column: column(m.from), from: label(m.from), to: label(m.to) }),
            )
            .join('; ');
          return (
            <li key={w.relationId} data-relation={w.relationId}>
              {t('imports.mappingWarnings.failing', {
                relation: relation(w.relationId),
                failing: w.failing,
                judged: w.judged,
              })}{' '}
              {w.fix
                ? t('imports.mappingWarnings.fix', {
                    moves,
                    share: Math.round((w.holdsAfterFix ?? 0) * 1000) / 10,
                  })
                : t('imports.mappingWarnings.noFix', { fields: w.fields.map(label).join(', ') })}
              {next && onApply && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button-quiet"
                    data-action="apply-mapping-fix"
                    onClick={() => onApply(next)}
                  >
                    {t('imports.mappingWarnings.applyFix')}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </Alert>
  );
}
