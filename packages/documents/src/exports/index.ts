export { type PhotoZip, photoZip } from './photo-zip.ts';
export {
  type CsvSinkOptions,
  csvSink,
  type SinkCell,
  type TableSink,
  XLSX_ROWS_PER_SHEET,
  xlsxSink,
} from './table-sink.ts';
