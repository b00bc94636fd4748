import type { ImportKind, ImportReport } from '@pollwatch/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { PROBLEMS_SHOWN } from './import-kinds.ts';
import { changeFieldLabel, fieldLabel, mappingProblemText, rowProblemText } from './import-text.ts';
import { MappingWarnings } from './ResultsColumnNotes.tsx';

export function CheckReport({
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

      <MappingWarnings kind={kind} labels={labels} warnings={report.mappingWarnings} />

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

export function ApplyButtons({
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
