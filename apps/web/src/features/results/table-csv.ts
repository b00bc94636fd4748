/** A cell of a table the browser turns into CSV: numbers stay numbers, text is guarded. */
export type CsvCell = string | number | boolean | null | undefined;

/** What Excel and LibreOffice would run as a formula (also the fullwidth forms they accept). */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * One cell as CSV text. Text that a spreadsheet would take for a formula gets a leading `'` (CSV
 * injection: station names and headers come from files anyone could have written). Numbers are
 * written as they are, so −5 stays a number.
 */
export function csvCell(value: CsvCell, separator = ';'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A whole table as CSV: `;`-separated with CRLF line ends and a BOM, as Excel in a Russian or
 * Kazakh locale opens by a double click (the server's exports are written the same way).
 */
export function tableCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [headers, ...rows].map((row) => row.map((cell) => csvCell(cell)).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Lets the browser save the text as a file; nothing leaves the machine. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rounds for display and export alike, so a table and its CSV agree. */
export function round(value: number | null | undefined, digits: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
