import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { TableCellValue, TableSeparator } from './table-types.ts';

export interface WriteCsvOptions {
  /** Default `;`: Excel in a Russian or Kazakh locale splits columns on it when opening by double-click. */
  separator?: TableSeparator;
  /** Default true: without a BOM Excel reads UTF-8 as the ANSI code page and garbles Cyrillic. */
  bom?: boolean;
  /** Default `crlf`, as Excel writes. */
  lineEnding?: 'crlf' | 'lf';
  /**
   * Prefix `'` to cells starting with = + - @, a tab or a CR (and their fullwidth forms) so Excel
   * does not run them as formulas (CSV injection). Off by default because it changes values such
   * as `-5`.
   */
  escapeFormulas?: boolean;
}

function toText(value: TableCellValue): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Streams a CSV file (UTF-8): header record, then the rows; quotes only where needed. */
export function writeCsv(
  headers: readonly string[],
  rows: AsyncIterable<readonly TableCellValue[]> | Iterable<readonly TableCellValue[]>,
  options: WriteCsvOptions = {},
): Readable {
  const stringifier = stringify({
    delimiter: options.separator ?? ';',
    bom: options.bom ?? true,
    record_delimiter: options.lineEnding === 'lf' ? 'unix' : 'windows',
    escape_formulas: options.escapeFormulas ?? false,
    // csv-stringify quotes LF and CRLF but not a lone CR, which readers take as a line end
    quoted_match: /[\r\n]/,
  });
  async function* records(): AsyncGenerator<string[]> {
    yield [...headers];
    for await (const row of rows) yield row.map(toText);
  }
  pipeline(Readable.from(records()), stringifier, () => {
    // an error destroys the stringifier, and its reader sees it
  });
  return stringifier;
}
