import type { Readable } from 'node:stream';
import { DomainError } from '@pollwatch/core';
import { cellText } from './cell-text.ts';
import { isBlankRecord } from './csv-reader.ts';
import { loadExcelJs } from './exceljs.ts';
import type { TableRow } from './table-types.ts';
import { openZipEntry, type ZipEntry, zipFileEntries } from './zip-limits.ts';

/**
 * The parts of exceljs's streaming WorkbookReader (4.x) this reader drives itself. Its own walk,
 * one streaming pass over the zip (unzipper's Parse), now and then ends before the last entries:
 * exceljs writes xl/workbook.xml last, and a warm process lost it about once in 50-100 reads
 * ("Cannot read properties of undefined (reading 'sheets')", exceljs issue 3064), which surfaced
 * as a valid upload being file_unreadable. So each part is read here from the zip's central
 * directory, the workbook, relationships, shared strings and styles before the one sheet wanted;
 * no other sheet is read, and no sheet is parked in a temporary file.
 */
interface ExcelJsWorkbookReader {
  model?: { sheets?: { name?: string; rId?: string }[] };
  workbookRels?: { Id?: string; Target?: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJsRow> }>;
}

interface ExcelJsRow {
  number: number;
  values: unknown;
}

interface SheetPart {
  name: string;
  path: string;
}

function unreadable(reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('file_unreadable', 'The XLSX file cannot be read', { reason, ...details });
}

/** The workbook's worksheets in tab order, each with the zip entry that holds it. */
function sheetParts(reader: ExcelJsWorkbookReader, entries: Map<string, ZipEntry>): SheetPart[] {
  const rels = new Map((reader.workbookRels ?? []).map((rel) => [rel.Id, rel.Target ?? '']));
  const tabs = (reader.model?.sheets ?? []).flatMap((tab) => {
    const target = rels.get(tab.rId);
    if (!target) return [];
    // relative to xl/, or absolute within the package
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    return [{ name: tab.name ?? '', path }];
  });
  if (tabs.length > 0) return tabs;
  // No usable xl/workbook.xml: the worksheets in the order of their numbers, without names.
  return [...entries.keys()]
    .flatMap((path) => {
      const n = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(path)?.[1];
      return n === undefined ? [] : [{ n: Number(n), path }];
    })
    .sort((a, b) => a.n - b.n)
    .map(({ path }) => ({ name: '', path }));
}

/** Cells read from one worksheet at most: past this a workbook is not a table anyone imports. */
export const MAX_XLSX_CELLS = 20_000_000;

/**
 * Streams one worksheet's rows (default: the first in the workbook's tab order). Rows keep
 * their Excel row number; cells become the text Excel shows; blank rows are skipped.
 */
export async function* readXlsxRows(path: string, sheet?: string | number): AsyncGenerator<TableRow> {
  const ExcelJS = await loadExcelJs();
  let entries = new Map<string, ZipEntry>();
  // every entry stream opened, destroyed however the read ends (a preview stops after 20 rows)
  const opened: Readable[] = [];
  const part = (name: string): Readable | undefined => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    const stream = openZipEntry(path, entry);
    opened.push(stream);
    return stream;
  };
  let parts: SheetPart[] = [];
  let chosen: SheetPart | undefined;
  try {
    entries = await zipFileEntries(path);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      // styles tell dates from numbers
      styles: 'cache',
      entries: 'ignore',
    }) as unknown as ExcelJsWorkbookReader;
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await reader._parseRels(rels);
    const workbook = part('xl/workbook.xml');
    if (workbook) await reader._parseWorkbook(workbook);
    const sharedStrings = part('xl/sharedStrings.xml');
    if (sharedStrings) {
      for await (const _ of reader._parseSharedStrings(sharedStrings)) {
        // cached on the reader ('cache'): nothing is emitted
      }
    }
    const styles = part('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    parts = sheetParts(reader, entries);
    chosen =
      sheet === undefined
        ? parts[0]
        : typeof sheet === 'number'
          ? parts[sheet - 1]
          : parts.find((p) => p.name.trim().toLowerCase() === sheet.trim().toLowerCase());
    const stream = chosen && part(chosen.path);
    if (chosen && stream) {
      const sheetNo = /sheet(\d+)\.xml$/.exec(chosen.path)?.[1] ?? '1';
      const [emitted] = [...reader._parseWorksheet(stream, sheetNo)];
      if (!emitted) throw unreadable('corrupt');
      let cellsRead = 0;
      for await (const row of emitted.value) {
        const values = row.values as unknown[];
        cellsRead += values.length;
        if (cellsRead > MAX_XLSX_CELLS) {
          throw new DomainError('file_too_large', 'The worksheet has too many cells', { limitCells: MAX_XLSX_CELLS });
        }
        const cells: string[] = [];
        // exceljs row values are 1-based; holes are empty cells
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (isBlankRecord(cells)) continue;
        yield { line: row.number, cells };
      }
    } else if (chosen) {
      // the workbook names a sheet the zip does not hold
      throw unreadable('corrupt');
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadable('corrupt');
  } finally {
    for (const stream of opened) stream.destroy();
  }
  if (!chosen) {
    throw sheet === undefined ? unreadable('no_worksheet') : unreadable('sheet_not_found', { sheet });
  }
}
