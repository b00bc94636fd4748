import type { ImportReport, ImportRowProblem } from '@pollwatch/core';

/** The report keeps the first changes; counts cover every row. */
export const REPORT_LIMIT = 1000;

export interface ParsedRow<V> {
  value?: V | undefined;
  skipped?: true | undefined;
  problems: readonly ImportRowProblem[];
}

/** Where an upsert import counts its rows: the report, its problem list, the keys seen so far. */
export interface RowTally {
  report: ImportReport;
  addProblems: (list: readonly ImportRowProblem[]) => void;
  seen: Map<string, number>;
}

/**
 * Counts one parsed row of an upsert import (official results, area totals, turnout): a skipped
 * totals row, a rejected row, a key the file already had, or added / changed / unchanged against
 * what is stored. Returns the value to write, or undefined when there is nothing to write.
 */
export function tallyRow<V>(
  tally: RowTally,
  line: number,
  parsed: ParsedRow<V>,
  row: {
    key: (value: V) => string;
    keyField: string;
    /** Undefined: new. Empty: unchanged. Otherwise the fields that change. */
    changedFields: (value: V) => string[] | undefined;
    changeKey: (value: V) => string;
  },
): V | undefined {
  const { report, addProblems, seen } = tally;
  if (parsed.skipped) {
    report.skipped = (report.skipped ?? 0) + 1;
    addProblems(parsed.problems);
    return undefined;
  }
  const value = parsed.value;
  if (value === undefined) {
    report.rejected += 1;
    addProblems(parsed.problems);
    return undefined;
  }
  const key = row.key(value);
  const firstLine = seen.get(key);
  if (firstLine !== undefined) {
    report.rejected += 1;
    addProblems([{ line, field: row.keyField, code: 'duplicate_in_file', params: { firstLine } }]);
    return undefined;
  }
  seen.set(key, line);
  const fields = row.changedFields(value);
  if (fields === undefined) {
    report.added += 1;
  } else if (fields.length === 0) {
    report.unchanged += 1;
    return undefined;
  } else {
    report.changed += 1;
    if (report.changes.length < REPORT_LIMIT) report.changes.push({ line, key: row.changeKey(value), fields });
  }
  return value;
}

/** The protocol lines that differ between a stored row and a new one; undefined when none is stored. */
/**
 * A protocol's lines after an import: the file's lines over the stored ones. A line the file has no
 * column for keeps its stored figure (a file of candidates' votes erases no turnout line).
 */
export function mergedLines(
  before: Record<string, number> | undefined,
  fromFile: Record<string, number>,
): Record<string, number> {
  return before ? { ...before, ...fromFile } : fromFile;
}

export function changedLines(
  before: Record<string, number> | undefined,
  after: Record<string, number>,
): string[] | undefined {
  if (!before) return undefined;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
}
