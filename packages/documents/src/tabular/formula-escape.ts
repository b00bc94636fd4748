/**
 * CSV/XLSX injection: a cell a spreadsheet program would run as a formula gets a leading `'`.
 * Every writer in this package applies it to text cells (OWASP "CSV injection"): station names,
 * observers' answers and applicants' names are typed by people outside the HQ.
 */

/** What spreadsheet programs take for the start of a formula (fullwidth forms included). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain number such as `-5`, `+7`, `-12.5` or `1e-3`: read as a number, never run; left as it is. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/** First characters that can start a formula: = + - @ tab CR and their fullwidth forms. */
const STARTS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0xff1d, 0xff0b, 0xff0d, 0xff20]);

export function isFormulaLike(value: string): boolean {
  // the first character decides for almost every cell: no regular expression per cell of a
  // million-row export
  if (value === '' || !STARTS.has(value.charCodeAt(0))) return false;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value);
}

/**
 * Formula-like once its leading apostrophes are set aside: such a cell gets one more `'`, so that
 * `unescapeFormulaText` is its exact inverse (a value that already began `'=` is not mistaken for
 * an escaped `=` when it is read back).
 */
function needsEscape(value: string): boolean {
  if (value.charCodeAt(0) !== 0x27) return isFormulaLike(value);
  let i = 1;
  while (value.charCodeAt(i) === 0x27) i++;
  return isFormulaLike(value.slice(i));
}

export function escapeFormulaText(value: string): string {
  return needsEscape(value) ? `'${value}` : value;
}

/**
 * The inverse, for imports: a cell our writers escaped (`'` + formula-like text) reads back as the
 * text it was, so an export imports back unchanged. A leading `'` before anything else is kept.
 */
export function unescapeFormulaText(value: string): string {
  return value.charCodeAt(0) === 0x27 && needsEscape(value.slice(1)) ? value.slice(1) : value;
}
