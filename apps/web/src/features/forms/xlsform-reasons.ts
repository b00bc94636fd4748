import type { ImportNote, Unmapped } from '@pollwatch/core';

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

/** What an XLSForm import decided by itself (core's `ImportNote['kind']`), as a list the locales must cover. */
export const xlsFormNoteKinds = [
  'language_mapped',
  'type_alias',
  'other_choice_added',
  'repeat_group',
  'loop_simplified',
  'code_from_file_name',
  'code_normalized',
  'code_default',
  'code_made_unique',
  'title_from_file_name',
] as const satisfies readonly ImportNote['kind'][];

export type XlsFormNoteKind = (typeof xlsFormNoteKinds)[number];

export function isNoteKind(value: string): value is XlsFormNoteKind {
  return (xlsFormNoteKinds as readonly string[]).includes(value);
}
