import type { Unmapped } from '@pollwatch/core';

/** Why an XLSForm cell was not mapped (core's `Unmapped['reason']`), as a list the locales must cover. */
export const xlsFormUnmappedReasons = [
  'unknown_type',
  'metadata',
  'unknown_column',
  'unknown_language',
  'unsupported_expression',
  'bad_name',
  'bad_choice',
  'missing_choices',
  'unbalanced_group',
  'nested_group_flattened',
] as const satisfies readonly Unmapped['reason'][];

export type XlsFormUnmappedReason = (typeof xlsFormUnmappedReasons)[number];

export function isUnmappedReason(value: string): value is XlsFormUnmappedReason {
  return (xlsFormUnmappedReasons as readonly string[]).includes(value);
}
