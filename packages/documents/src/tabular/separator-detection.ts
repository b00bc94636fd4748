import type { TableSeparator } from './table-types.ts';

const MAX_RECORDS = 50;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Field count of each of the first non-blank records of `text` when split by `separator`,
 * honouring double quotes (separators and line breaks inside quotes do not count).
 * With `truncated`, the last record may be cut short and is dropped.
 */
export function fieldCounts(text: string, separator: TableSeparator, truncated: boolean): number[] {
  const sep = separator.charCodeAt(0);
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let atFieldStart = true;
  let blank = true;
  for (let i = 0; i < text.length && counts.length < MAX_RECORDS; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === LF || c === CR) {
      if (!blank) counts.push(fields);
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      fields = 1;
      atFieldStart = true;
      blank = true;
    } else if (c === sep) {
      fields++;
      atFieldStart = true;
      blank = false;
    } else if (c === QUOTE && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
      blank = false;
    } else {
      atFieldStart = false;
      if (c !== 0x20 && c !== 0x09) blank = false;
    }
  }
  if (!truncated && !blank && counts.length < MAX_RECORDS) counts.push(fields);
  return counts;
}

/**
 * The separator that splits the sample into the most consistent number (> 1) of columns.
 * Ties go to the first of `preference`; with no candidate at all, the first of `preference`.
 */
export function detectSeparator(
  text: string,
  truncated: boolean,
  preference: readonly TableSeparator[] = [';', ',', '\t'],
): TableSeparator {
  let best: TableSeparator | undefined;
  let bestScore = 0;
  for (const separator of preference) {
    const counts = fieldCounts(text, separator, truncated);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeCount = 0;
    let modeFrequency = 0;
    for (const [count, times] of frequency) {
      if (times > modeFrequency || (times === modeFrequency && count > modeCount)) {
        modeCount = count;
        modeFrequency = times;
      }
    }
    if (modeCount < 2) continue;
    const score = modeFrequency / counts.length;
    if (score > bestScore) {
      best = separator;
      bestScore = score;
    }
  }
  return best ?? preference[0] ?? ';';
}
