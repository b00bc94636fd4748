import {
  type ApplicantImportField,
  type AreaImportField,
  type AssignmentImportField,
  applicantImportFields,
  areaImportFields,
  assignmentImportFields,
  type ImportKind,
  type StationImportField,
  stationImportFields,
} from '@pollwatch/core';

/** What the mapping step can say is wrong (core's MappingProblem codes). */
export const mappingProblemCodes = ['unknown_field', 'unknown_header', 'required_column', 'header_used_twice'] as const;
export type MappingProblemCode = (typeof mappingProblemCodes)[number];

export function isMappingProblemCode(code: string): code is MappingProblemCode {
  return (mappingProblemCodes as readonly string[]).includes(code);
}

export const importEncodings = ['auto', 'utf-8', 'utf-16le', 'windows-1251'] as const;
export type ImportEncoding = (typeof importEncodings)[number];

/** Separators by the name their label has in the locales (a key cannot be ";"). */
export const importSeparators = [
  { value: 'auto', key: 'auto' },
  { value: ';', key: 'semicolon' },
  { value: ',', key: 'comma' },
  { value: '\t', key: 'tab' },
] as const;
export type ImportSeparator = (typeof importSeparators)[number]['value'];
export type SeparatorKey = (typeof importSeparators)[number]['key'];

export function separatorKey(separator: string | null): SeparatorKey | null {
  return importSeparators.find((s) => s.value === separator && s.value !== 'auto')?.key ?? null;
}

export function isImportEncoding(value: string): value is ImportEncoding {
  return (importEncodings as readonly string[]).includes(value);
}

export function isImportSeparator(value: string): value is ImportSeparator {
  return importSeparators.some((s) => s.value === value);
}

/** The encoding the server reports, as one of the choices (it may spell it "UTF-8" or "windows-1251"). */
export function knownEncoding(encoding: string | null): ImportEncoding | null {
  const lower = encoding?.toLowerCase().replace(/^cp/, 'windows-') ?? '';
  return isImportEncoding(lower) && lower !== 'auto' ? lower : null;
}

/** The fixed columns of the official turnout and area totals files (protocol lines carry their own labels). */
export const officialTotalsFieldKeys = ['region', 'area', 'number', 'checkpoint', 'voters'] as const;
export type OfficialTotalsField = (typeof officialTotalsFieldKeys)[number];

export function isOfficialTotalsField(key: string): key is OfficialTotalsField {
  return (officialTotalsFieldKeys as readonly string[]).includes(key);
}

export function isImportKind(value: string | null): value is ImportKind {
  return (
    value === 'stations' ||
    value === 'areas' ||
    value === 'results' ||
    value === 'applicants' ||
    value === 'assignments' ||
    value === 'area_results' ||
    value === 'official_turnout'
  );
}

export function isApplicantField(key: string): key is ApplicantImportField {
  return applicantImportFields.some((f) => f.key === key);
}

export function isAssignmentField(key: string): key is AssignmentImportField {
  return assignmentImportFields.some((f) => f.key === key);
}

export function isStationField(key: string): key is StationImportField {
  return stationImportFields.some((f) => f.key === key);
}

export function isAreaField(key: string): key is AreaImportField {
  return areaImportFields.some((f) => f.key === key);
}
