import { type ImportKind, type ImportReport, isErrorCode } from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/api-client.ts';
import { problemMessage } from '../../errors/problem-text.ts';
import {
  isApplicantField,
  isAreaField,
  isAssignmentField,
  isMappingProblemCode,
  isOfficialTotalsField,
  isStationField,
} from './import-labels.ts';

type RowProblem = ImportReport['problems'][number];
type MappingProblem = ImportReport['mappingProblems'][number];

/**
 * A column of the file as the mapping step names it: "Номер участка", "Название на казахском".
 * `labels` holds the server's own labels of fields that vary by election (protocol lines, ballot
 * options of a results import), already in the UI language.
 */
export function fieldLabel(t: TFunction, kind: ImportKind, key: string, labels?: ReadonlyMap<string, string>): string {
  const own = labels?.get(key);
  if (own) return own;
  if ((kind === 'stations' || kind === 'results') && isStationField(key)) return t(`imports.fields.stations.${key}`);
  if (kind === 'areas' && isAreaField(key)) return t(`imports.fields.areas.${key}`);
  if (kind === 'applicants' && isApplicantField(key)) return t(`imports.fields.applicants.${key}`);
  if (kind === 'assignments' && isAssignmentField(key)) return t(`imports.fields.assignments.${key}`);
  if ((kind === 'area_results' || kind === 'official_turnout') && isOfficialTotalsField(key))
    return t(`imports.fields.official.${key}`);
  return key;
}

/** A field the dry run says will change (the stored record's names, not the file's columns). */
export function changeFieldLabel(
  t: TFunction,
  kind: ImportKind,
  field: string,
  labels?: ReadonlyMap<string, string>,
): string {
  if (
    kind === 'results' ||
    kind === 'applicants' ||
    kind === 'assignments' ||
    kind === 'area_results' ||
    kind === 'official_turnout'
  )
    return fieldLabel(t, kind, field, labels);
  if (kind === 'stations') {
    if (field === 'areaId') return t('imports.fields.stations.area');
    if (field === 'commission') return t('stations.form.commission');
    return fieldLabel(t, kind, field);
  }
  switch (field) {
    case 'level':
      return t('areas.form.level');
    case 'name':
      return t('areas.columns.name');
    case 'commission':
      return t('areas.form.commission');
    case 'parent':
      return t('areas.form.parent');
    default:
      return fieldLabel(t, kind, field);
  }
}

/** One row problem in words, with its numbers ("Повторяет строку 4", "не более 500 символов"). */
export function rowProblemText(t: TFunction, problem: RowProblem): string {
  const params = problem.params ?? {};
  const text = t(`imports.problems.${problem.code}`, {
    max: params.max ?? '',
    firstLine: params.firstLine ?? '',
  });
  // Roster rows name the precise reason (e.g. a landline instead of a mobile) as an error code.
  return problem.error && isErrorCode(problem.error) ? `${text} ${t(`errors.${problem.error}`)}` : text;
}

export function mappingProblemText(t: TFunction, problem: MappingProblem): string {
  if (!isMappingProblemCode(problem.code)) return t('validation.invalid');
  return t(`imports.mappingProblems.${problem.code}`, { header: problem.header ?? '' });
}

/** Upload and dry-run failures; an encoding that breaks on a line names the line. */
export function importErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.code === 'encoding_mismatch') {
    const line = (error.details as { line?: unknown } | undefined)?.line;
    if (typeof line === 'number') return t('imports.encodingMismatchAt', { line });
  }
  return problemMessage(t, error);
}

/** A refused apply carries the report that explains it. */
export function reportOfRefusal(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code !== 'import_rejected' && error.code !== 'import_columns_missing') return null;
  const report = (error.details as { report?: unknown } | undefined)?.report;
  return report && typeof report === 'object' && 'rejected' in report ? (report as ImportReport) : null;
}
