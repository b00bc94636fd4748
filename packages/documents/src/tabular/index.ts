export { cellText } from './cell-text.ts';
export { type WriteCsvOptions, writeCsv } from './csv-writer.ts';
export { openTable, sniffTable } from './open-table.ts';
export type {
  OpenedTable,
  OpenTableOptions,
  SniffTableOptions,
  TableCellValue,
  TableEncoding,
  TableFormat,
  TableRow,
  TableSeparator,
  TableSniff,
} from './table-types.ts';
export { DEFAULT_MAX_BYTES } from './table-types.ts';
export { escapeFormulaText, type WriteXlsxOptions, writeXlsx } from './xlsx-writer.ts';
