import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { DomainError } from '@pollwatch/core';
import { CsvError, parse } from 'csv-parse';
import type { TableEncoding, TableRow, TableSeparator } from './table-types.ts';
import { createDecoder, Utf8ValidatingStream } from './text-decoding.ts';

/** Refuse records longer than this (characters), e.g. after a quote that never closes. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

export interface CsvReadOptions {
  encoding: TableEncoding;
  separator: TableSeparator;
  /** Byte offset to start at (after the BOM). */
  start: number;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Line breaks inside a record's (quoted) fields: all of them, and how many are CRLF pairs. */
function breaksInside(cells: readonly string[]): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const cell of cells) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === 0x0d) {
        breaks++;
        if (cell.charCodeAt(i + 1) === 0x0a) {
          crlf++;
          i++;
        }
      } else if (c === 0x0a) {
        breaks++;
      }
    }
  }
  return { breaks, crlf };
}

/** Streams the records of a CSV file with the physical line each starts on; skips blank ones. */
export async function* readCsvRows(path: string, options: CsvReadOptions): AsyncGenerator<TableRow> {
  const parser = parse({
    delimiter: options.separator,
    quote: '"',
    escape: '"',
    // LF, CRLF and CR all end a record, even when a file mixes them.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // `ООО "Ромашка"` unquoted is common in hand-made files: keep the quotes as text.
    relax_quotes: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const decoder = createDecoder(options.encoding);
  // set when the file stops being UTF-8; thrown after the rows before that line
  const encodingFailure = () => (decoder instanceof Utf8ValidatingStream ? decoder.failure : undefined);
  // 64 KB at a time: csv-parse turns a chunk into rows in one go, and a 256 KB chunk of a CEC file
  // (~4,000 rows) held the server's event loop for over 100 ms.
  pipeline(createReadStream(path, { start: options.start, highWaterMark: 64 * 1024 }), decoder, parser, () => {
    // errors reach the consumer through the parser's iterator
  });

  // csv-parse counts a CRLF inside quotes as two lines; `drift` undoes that.
  let drift = 0;
  let lastEnd = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      const { breaks, crlf } = breaksInside(record);
      drift += crlf;
      const end = info.lines - drift;
      lastEnd = end;
      if (isBlankRecord(record)) continue;
      yield { line: end - breaks, cells: record };
    }
  } catch (error) {
    const failure = encodingFailure();
    if (failure) throw failure;
    if (error instanceof CsvError) {
      throw new DomainError('file_unreadable', 'The CSV file cannot be parsed', {
        reason: error.code,
        line: lastEnd + 1,
      });
    }
    throw error;
  } finally {
    parser.destroy();
  }
  const failure = encodingFailure();
  if (failure) throw failure;
}
