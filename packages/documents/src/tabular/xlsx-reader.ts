import { createReadStream } from 'node:fs';
import { DomainError } from '@pollwatch/core';
import { cellText } from './cell-text.ts';
import { isBlankRecord } from './csv-reader.ts';
import { loadExcelJs } from './exceljs.ts';
import type { TableRow } from './table-types.ts';

interface WorkbookModel {
  sheets?: { name?: string }[];
}

function unreadable(reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('file_unreadable', 'The XLSX file cannot be read', { reason, ...details });
}

/** Cells read from one worksheet at most: past this a workbook is not a table anyone imports. */
export const MAX_XLSX_CELLS = 20_000_000;

/**
 * Streams one worksheet's rows (default: the first in the workbook's tab order). Rows keep
 * their Excel row number; cells become the text Excel shows; blank rows are skipped.
 */
export async function* readXlsxRows(path: string, sheet?: string | number): AsyncGenerator<TableRow> {
  const ExcelJS = await loadExcelJs();
  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // styles tell dates from numbers
    styles: 'cache',
    entries: 'ignore',
  });
  let found = false;
  try {
    let emitted = 0;
    for await (const worksheet of reader) {
      emitted++;
      const name = (worksheet as unknown as { name?: string }).name ?? '';
      const tabs = ((reader as unknown as { model?: WorkbookModel }).model?.sheets ?? []).map((s) => s.name);
      // zip order can differ from tab order when tabs were moved
      const position = tabs.includes(name) ? tabs.indexOf(name) + 1 : emitted;
      const wanted =
        sheet === undefined
          ? position === 1
          : typeof sheet === 'number'
            ? position === sheet
            : name.trim().toLowerCase() === sheet.trim().toLowerCase();
      if (!wanted) {
        // Read it through anyway: exceljs may have parked this sheet in a temp file, and deletes
        // that file as soon as we move on — before the sheet's own stream has opened it, which
        // surfaced as an uncaught ENOENT.
        for await (const _row of worksheet) {
          // skipped
        }
        continue;
      }
      found = true;
      let cellsRead = 0;
      for await (const row of worksheet) {
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
      break;
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadable('corrupt');
  } finally {
    input.destroy();
  }
  if (!found) {
    throw sheet === undefined ? unreadable('no_worksheet') : unreadable('sheet_not_found', { sheet });
  }
}
