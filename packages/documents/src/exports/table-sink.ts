import type { Writable } from 'node:stream';
import { loadExcelJs } from '../tabular/exceljs.ts';
import { escapeFormulaText } from '../tabular/formula-escape.ts';
import { safeSheetName } from '../tabular/xlsx-writer.ts';

/** A cell of an export: text (formula-escaped on writing) or a number (a numeric cell in XLSX). */
export type SinkCell = string | number | null | undefined;

/**
 * Rows written page by page into a stream (a file, a response): each `write` resolves once the
 * stream has taken the page, so at most one page is ever held in memory.
 */
export interface TableSink {
  write(rows: readonly (readonly SinkCell[])[]): Promise<void>;
  /** Writes what is left (XLSX: the workbook's end) and ends the stream. */
  end(): Promise<void>;
}

/** Waits while the stream's buffer is full (one pair of listeners, removed after: no leak per page). */
async function drained(out: Writable): Promise<void> {
  while (out.writableNeedDrain && !out.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  }
  if (out.destroyed) throw out.errored ?? new Error('the export stream was closed');
}

async function ended(out: Writable): Promise<void> {
  if (out.writableFinished) return;
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    out.end();
  });
}

export interface CsvSinkOptions {
  /** Default `;` (Excel in a Russian or Kazakh locale). */
  separator?: ';' | ',' | '\t';
  /** Default true: Excel needs the BOM to read UTF-8. */
  bom?: boolean;
}

/**
 * CSV written by hand rather than through csv-stringify: a million-row export spends its time in
 * per-cell work, and this is a regular-expression test and a join per row (CRLF, quotes only where
 * needed, also around a lone CR). Text cells are formula-escaped like every writer here.
 */
export function csvSink(out: Writable, headers: readonly string[], options: CsvSinkOptions = {}): TableSink {
  const separator = options.separator ?? ';';
  const needsQuotes = new RegExp(`["\\r\\n${separator === '\t' ? '\\t' : separator}]`);
  const cell = (v: SinkCell): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
    if (v === '') return v;
    const text = escapeFormulaText(v);
    return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  // map skips the holes of a sparse row and join writes them as empty cells
  const line = (row: readonly SinkCell[]) => `${row.map(cell).join(separator)}\r\n`;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    out.write(`${options.bom === false ? '' : '\uFEFF'}${line(headers)}`);
  };
  return {
    async write(rows) {
      start();
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) chunk += line(row);
      out.write(chunk);
      await drained(out);
    },
    async end() {
      start();
      await ended(out);
    },
  };
}

/** Excel's limit is 1,048,576 rows a sheet: a longer export continues on the next sheet. */
export const XLSX_ROWS_PER_SHEET = 1_000_000;

/**
 * XLSX through exceljs's streaming WorkbookWriter (inline strings, no styles): rows are committed as
 * they come, the headers repeat on each further sheet (`name`, `name 2`, …).
 */
export function xlsxSink(
  out: Writable,
  headers: readonly string[],
  options: { sheetName?: string; rowsPerSheet?: number } = {},
): TableSink {
  const perSheet = options.rowsPerSheet ?? XLSX_ROWS_PER_SHEET;
  const baseName = safeSheetName(options.sheetName).slice(0, 24);
  const cell = (v: SinkCell): string | number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    return escapeFormulaText(v).replace(/\r\n?/g, '\n');
  };
  type Book = InstanceType<Awaited<ReturnType<typeof loadExcelJs>>['stream']['xlsx']['WorkbookWriter']>;
  let book: Book | undefined;
  let sheet: ReturnType<Book['addWorksheet']> | undefined;
  let sheets = 0;
  let inSheet = 0;
  const open = async () => {
    if (!book) {
      const ExcelJS = await loadExcelJs();
      book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    }
    if (!sheet || inSheet >= perSheet) {
      sheet?.commit();
      sheets += 1;
      sheet = book.addWorksheet(sheets === 1 ? baseName : `${baseName} ${sheets}`);
      sheet.addRow(headers.map(cell)).commit();
      inSheet = 0;
    }
    return sheet;
  };
  return {
    async write(rows) {
      for (const row of rows) {
        const s = await open();
        s.addRow(Array.from(row, cell)).commit();
        inSheet += 1;
      }
      await drained(out);
    },
    async end() {
      await open();
      sheet?.commit();
      await new Promise<void>((resolve, reject) => {
        out.once('finish', resolve);
        out.once('error', reject);
        (book as Book).commit().catch(reject);
      });
    },
  };
}
