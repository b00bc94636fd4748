import { open, stat } from 'node:fs/promises';
import { DomainError } from '@pollwatch/core';
import { readCsvRows } from './csv-reader.ts';
import { chooseEncoding, SAMPLE_BYTES } from './encoding-detection.ts';
import { unescapeFormulaText } from './formula-escape.ts';
import { detectSeparator } from './separator-detection.ts';
import {
  DEFAULT_MAX_BYTES,
  type OpenedTable,
  type OpenTableOptions,
  type SniffTableOptions,
  type TableFormat,
  type TableRow,
  type TableSeparator,
  type TableSniff,
} from './table-types.ts';
import { decodeBytes } from './text-decoding.ts';
import { readXlsxRows } from './xlsx-reader.ts';
import { checkZipFile } from './zip-limits.ts';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The old binary .xls (OLE2 compound file). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(head: Buffer, magic: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}

/**
 * Opens a CSV or XLSX file for streaming: detects format, encoding and separator (unless given),
 * reads the header record and hands out the remaining rows. See the package README for the rules.
 */
export async function openTable(path: string, options: OpenTableOptions = {}): Promise<OpenedTable> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new DomainError('file_too_large', 'The file is larger than allowed', {
      limitBytes: maxBytes,
      sizeBytes: size,
    });
  }
  const head = await readHead(path, Math.min(size, SAMPLE_BYTES));
  if (startsWith(head, OLE_MAGIC)) {
    throw new DomainError('file_unreadable', 'Old binary .xls files are not supported; save as .xlsx or CSV', {
      reason: 'xls',
    });
  }
  const format: TableFormat =
    options.format === undefined || options.format === 'auto'
      ? startsWith(head, ZIP_MAGIC)
        ? 'xlsx'
        : 'csv'
      : options.format;

  let rows: AsyncGenerator<TableRow>;
  let described: Pick<OpenedTable, 'format' | 'encoding' | 'separator'>;
  if (format === 'xlsx') {
    if (!startsWith(head, ZIP_MAGIC)) {
      throw new DomainError('file_unreadable', 'The file is not an XLSX workbook', { reason: 'not_xlsx' });
    }
    // A zip bomb is refused before the XLSX reader inflates anything (see zip-limits.ts).
    await checkZipFile(path);
    rows = readXlsxRows(path, options.sheet);
    described = { format };
  } else {
    const { encoding, bomLength } = await chooseEncoding(path, head, size, options.encoding ?? 'auto');
    let separator: TableSeparator;
    if (options.separator === undefined || options.separator === 'auto') {
      const truncated = head.length < size;
      const body = head.subarray(bomLength);
      // an odd byte at the end of a UTF-16 sample is half a character
      const sample = encoding === 'utf-16le' ? body.subarray(0, body.length - (body.length % 2)) : body;
      // Excel's "Unicode text" is tab-separated; everything else ties to the Russian-locale `;`
      const preference: TableSeparator[] = encoding === 'utf-16le' ? ['\t', ';', ','] : [';', ',', '\t'];
      separator = detectSeparator(decodeBytes(sample, encoding), truncated, preference);
    } else {
      separator = options.separator;
    }
    rows = readCsvRows(path, { encoding, separator, start: bomLength });
    described = { format, encoding, separator };
  }

  const first = await rows.next();
  const headers = first.done
    ? []
    : first.value.cells.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
  const headerLine = first.done ? 0 : first.value.line;
  let handedOut = false;
  return {
    ...described,
    headers,
    headerLine,
    rows(): AsyncIterable<TableRow> {
      if (handedOut) throw new Error('OpenedTable.rows() can be consumed only once');
      handedOut = true;
      // cells our own exports escaped against spreadsheet formulas read back as they were
      const source = rows;
      async function* unescaped(): AsyncGenerator<TableRow> {
        for await (const row of { [Symbol.asyncIterator]: () => source }) {
          yield row.cells.some((cell) => cell.charCodeAt(0) === 0x27)
            ? { ...row, cells: row.cells.map(unescapeFormulaText) }
            : row;
        }
      }
      if (options.unescapeFormulas === false) return { [Symbol.asyncIterator]: () => rows };
      return { [Symbol.asyncIterator]: () => unescaped() };
    },
    async close(): Promise<void> {
      await rows.return(undefined);
    },
  };
}

/** The same detection as openTable, plus the first rows, for a preview and column-mapping step. */
export async function sniffTable(path: string, options: SniffTableOptions = {}): Promise<TableSniff> {
  const { size } = await stat(path);
  const table = await openTable(path, options);
  const limit = options.sampleRows ?? 20;
  const sample: TableRow[] = [];
  try {
    if (limit > 0) {
      for await (const row of table.rows()) {
        sample.push(row);
        if (sample.length >= limit) break;
      }
    }
  } finally {
    await table.close();
  }
  const { format, encoding, separator, headers, headerLine } = table;
  return {
    format,
    ...(encoding ? { encoding } : {}),
    ...(separator ? { separator } : {}),
    headers,
    headerLine,
    sample,
    sizeBytes: size,
  };
}
