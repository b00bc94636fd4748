import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { escapeFormulaText } from './formula-escape.ts';
import type { TableCellValue, TableSeparator } from './table-types.ts';

export interface WriteCsvOptions {
  /** Default `;`: Excel in a Russian or Kazakh locale splits columns on it when opening by double-click. */
  separator?: TableSeparator;
  /** Default true: without a BOM Excel reads UTF-8 as the ANSI code page and garbles Cyrillic. */
  bom?: boolean;
  /** Default `crlf`, as Excel writes. */
  lineEnding?: 'crlf' | 'lf';
  /**
   * Default true: prefix `'` to cells starting with = + - @, a tab or a CR (and their fullwidth
   * forms) so Excel does not run them as formulas (CSV injection). Plain numbers such as `-5` are
   * left alone (Excel reads them as numbers). `false` only for files never opened by people.
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
    // csv-stringify quotes LF and CRLF but not a lone CR, which readers take as a line end
    quoted_match: /[\r\n]/,
  });
  const cell = (options.escapeFormulas ?? true) ? (v: TableCellValue) => escapeFormulaText(toText(v)) : toText;
  async function* records(): AsyncGenerator<string[]> {
    yield headers.map(cell);
    for await (const row of rows) yield row.map(cell);
  }
  pipeline(Readable.from(records()), stringifier, () => {
    // an error destroys the stringifier, and its reader sees it
  });
  return stringifier;
}
