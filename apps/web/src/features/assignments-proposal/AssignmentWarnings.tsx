import { type AssignmentWarningsDetails, type ImportReport, overridableAssignmentWarnings } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client.ts';
import { ImportChoice } from '../imports/ImportChoice.tsx';

/** The warnings of a refused manual assignment (409 `assignment_warnings`), or null for any other error. */
export function warningsOf(error: unknown): AssignmentWarningsDetails | null {
  if (!(error instanceof ApiError) || error.code !== 'assignment_warnings') return null;
  const details = error.details as Partial<AssignmentWarningsDetails> | undefined;
  return { codes: details?.codes ?? [], overridable: details?.overridable === true };
}

/**
 * What the server warned of when the coordinator assigned by hand: each warning in their language
 * and, when every one is a judgement call, "assign anyway" (the override is audited) or cancel.
 */
export function AssignmentWarnings({
  warnings,
  pending,
  onOverride,
  onCancel,
}: {
  warnings: AssignmentWarningsDetails;
  pending: boolean;
  onOverride: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-error assignment-warnings" role="alert" data-warnings={warnings.codes.join(' ')}>
      <p>
        <strong>{warnings.overridable ? t('assignmentWarnings.decide') : t('assignmentWarnings.refused')}</strong>
      </p>
      <ul>
        {warnings.codes.map((code) => (
          <li key={code} data-warning={code}>
            {t(`assignmentWarnings.code.${code}`)}
          </li>
        ))}
      </ul>
      {warnings.overridable && (
        <>
          <p className="muted">{t('assignmentWarnings.auditNote')}</p>
          <div className="header-buttons">
            <button
              type="button"
              className="button button-primary button-small"
              data-action="assign-anyway"
              disabled={pending}
              onClick={onOverride}
            >
              {t('assignmentWarnings.assignAnyway')}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={onCancel}>
              {t('assignmentWarnings.cancel')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

const overridableProblems: readonly string[] = overridableAssignmentWarnings;

/**
 * The choice an assignments file may need before it imports: take the rows whose observer is
 * outside the station's area or not certified anyway. Shown once the dry run rejects such rows (or
 * while the choice is on).
 */
export function OverrideWarningsChoice({
  report,
  checked,
  onChange,
}: {
  report: ImportReport | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useTranslation();
  if (!checked && !report?.problems.some((p) => overridableProblems.includes(p.code))) return null;
  return (
    <ImportChoice
      name="overrideWarnings"
      choice="override-warnings"
      label={t('assignmentWarnings.importOverride')}
      hint={t('assignmentWarnings.importOverrideHint')}
      checked={checked}
      onChange={onChange}
    />
  );
}
