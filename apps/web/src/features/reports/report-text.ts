import { formKinds, type ReportFlag, type ReportFlagCode, reportFlagCodes } from '@pollwatch/core';
import type { TFunction } from 'i18next';

export function isReportFlagCode(value: unknown): value is ReportFlagCode {
  return typeof value === 'string' && (reportFlagCodes as readonly string[]).includes(value);
}

/** The values each detailed sentence needs; a flag without them gets the short label alone. */
const detailNeeds = {
  protocol_relation: ['ref', 'left', 'op', 'right'],
  missing_required: ['ref'],
  turnout_over_100: ['voters', 'registered'],
  turnout_decreasing: ['voters', 'earlier', 'at'],
} as const satisfies Partial<Record<ReportFlagCode, readonly string[]>>;

type Detailed = keyof typeof detailNeeds;

function isDetailed(code: ReportFlagCode): code is Detailed {
  return Object.hasOwn(detailNeeds, code);
}

/** A flag's short name ("Протокол не сходится"), for badges. */
export function flagLabel(t: TFunction, flag: Pick<ReportFlag, 'code'>): string {
  return isReportFlagCode(flag.code) ? t(`reportFlags.${flag.code}`) : String(flag.code);
}

/**
 * The flag with its particulars ("Проверка «x»: 590 = 600"), or null when the flag carries none
 * or not all of them. `ref` names the check or question concerned: a missing answer's question by
 * its label when `questionLabel` knows it, else by its id.
 */
export function flagDetail(
  t: TFunction,
  flag: ReportFlag,
  questionLabel?: (id: string) => string | undefined,
): string | null {
  if (!isReportFlagCode(flag.code) || !isDetailed(flag.code)) return null;
  const values: Record<string, string | number> = { ...(flag.params ?? {}) };
  if (flag.ref !== undefined) {
    values.ref = (flag.code === 'missing_required' && questionLabel?.(flag.ref)) || flag.ref;
  }
  const needs: readonly string[] = detailNeeds[flag.code];
  if (!needs.every((name) => values[name] !== undefined && values[name] !== '')) return null;
  // Every sentence's names, so that the typed `t` accepts any of them; only the needed ones are set.
  const named = { ref: '', left: '', op: '', right: '', voters: '', registered: '', earlier: '', at: '', ...values };
  return t(`reportFlags.details.${flag.code}`, named);
}

/** A form kind as the forms screen names it ("Копия протокола"); an unknown kind as it is. */
export function formKindLabel(t: TFunction, kind: string): string {
  return (formKinds as readonly string[]).includes(kind)
    ? t(`forms.kinds.${kind as (typeof formKinds)[number]}`)
    : kind;
}
