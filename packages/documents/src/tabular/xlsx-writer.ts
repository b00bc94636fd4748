import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { loadExcelJs } from './exceljs.ts';
import { escapeFormulaText } from './formula-escape.ts';
import type { TableCellValue } from './table-types.ts';

export interface WriteXlsxOptions {
  /** Default `Sheet1`; characters Excel forbids are replaced and the name cut to 31 characters. */
  sheetName?: string;
  /**
   * Default true: prefix `'` to text cells starting with = + - @, a tab or a CR (plain numbers such
   * as `-5` excepted), as writeCsv does: cells are written as text, but a user who edits one and
   * presses Enter would otherwise run it as a formula. `false` only for files never opened by people.
   */
  escapeFormulas?: boolean;
}

export { escapeFormulaText } from './formula-escape.ts';

export function safeSheetName(name: string | undefined): string {
  const cleaned = (name ?? '')
    .replace(/[[\]:*?/\\]/g, '_')
    .trim()
    .slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/** XML turns CRLF into LF on reading anyway; Excel's own in-cell line break is LF. */
function cellValue(value: TableCellValue): string | number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value;
}

async function drained(out: PassThrough): Promise<void> {
  // wait while the reader is slower than the writer, so rows do not pile up in memory
  while (out.writableNeedDrain && !out.destroyed) {
    await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}

/**
 * Streams an XLSX workbook with one sheet (exceljs streaming writer, inline strings, no styles).
 * Strings stay strings (never formulas); numbers become numeric cells; line breaks become LF.
 */
export function writeXlsx(
  headers: readonly string[],
  rows: AsyncIterable<readonly TableCellValue[]> | Iterable<readonly TableCellValue[]>,
  options: WriteXlsxOptions = {},
): Readable {
  const out = new PassThrough();
  const cell =
    (options.escapeFormulas ?? true)
      ? (value: TableCellValue) => (typeof value === 'string' ? cellValue(escapeFormulaText(value)) : cellValue(value))
      : cellValue;
  const write = async (): Promise<void> => {
    const ExcelJS = await loadExcelJs();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet(safeSheetName(options.sheetName));
    sheet.addRow(headers.map(cell)).commit();
    let count = 0;
    for await (const row of rows) {
      sheet.addRow(row.map(cell)).commit();
      if (++count % 1000 === 0) await drained(out);
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
