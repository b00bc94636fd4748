export type TableFormat = 'csv' | 'xlsx';
/** `kz-1048` (Kazakh Windows code page) is never guessed, only used when asked for explicitly. */
export type TableEncoding = 'utf-8' | 'utf-16le' | 'windows-1251' | 'kz-1048';
export type TableSeparator = ',' | ';' | '\t';

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export interface OpenTableOptions {
  /** `auto`: PK\x03\x04 (a zip) is xlsx, anything else csv. */
  format?: TableFormat | 'auto';
  /** csv only. */
  encoding?: TableEncoding | 'auto';
  /** csv only. */
  separator?: TableSeparator | 'auto';
  /** xlsx only: a sheet name, or a 1-based position in the workbook; default the first sheet. */
  sheet?: string | number;
  /** Larger files are refused with `file_too_large` before any byte is read. */
  maxBytes?: number;
  /**
   * Read a cell that an export escaped against spreadsheet formulas (`'=…`, `'+7 701…`) as the
   * text it was, so an export imports back unchanged. Default true; false reads every cell raw.
   */
  unescapeFormulas?: boolean;
}

export interface TableRow {
  /** 1-based physical line where a csv record starts; the row number in xlsx. */
  line: number;
  cells: string[];
}

export interface OpenedTable {
  format: TableFormat;
  /** csv only. */
  encoding?: TableEncoding;
  /** csv only. */
  separator?: TableSeparator;
  /** The first non-blank record, trimmed, BOM removed; empty for an empty file. */
  headers: string[];
  /** Line of the header record (0 when there is none). */
  headerLine: number;
  /** Streams the records after the headers, skipping blank ones. Can be consumed once. */
  rows(): AsyncIterable<TableRow>;
  /** Releases the file when the rows are not (fully) consumed; safe to call more than once. */
  close(): Promise<void>;
}

export interface SniffTableOptions extends OpenTableOptions {
  /** How many data rows to return; default 20. */
  sampleRows?: number;
}

export interface TableSniff {
  format: TableFormat;
  encoding?: TableEncoding;
  separator?: TableSeparator;
  headers: string[];
  headerLine: number;
  sample: TableRow[];
  sizeBytes: number;
}

/** What the writers accept in a cell; numbers become numeric cells in xlsx. */
export type TableCellValue = string | number | null | undefined;
