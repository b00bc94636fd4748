import { readFile } from 'node:fs/promises';
import {
  DomainError,
  type XlsFormImport,
  type XlsFormOptions,
  type XlsFormSheets,
  type XlsRow,
  xlsFormToForm,
} from '@pollwatch/core';
import type ExcelJS from 'exceljs';
import { cellText } from '../tabular/cell-text.ts';
import { loadExcelJs } from '../tabular/exceljs.ts';
import { checkZipBuffer } from '../tabular/zip-limits.ts';

/** XLSForm files are small questionnaires; anything larger is not one. */
const MAX_BYTES = 5 * 1024 * 1024;
/** …and inflate to little: a questionnaire of a thousand questions is a few MB of XML. */
const MAX_INFLATED_BYTES = 20 * 1024 * 1024;
const MAX_CELLS = 500_000;

function unreadable(reason: string): DomainError {
  return new DomainError('file_unreadable', 'The XLSForm file cannot be read', { reason });
}

/** Rows of one sheet keyed by the header cell of their column; the header is row 1. */
function sheetRows(worksheet: ExcelJS.Worksheet | undefined): XlsRow[] {
  if (worksheet === undefined) return [];
  const headers: string[] = [];
  const rows: XlsRow[] = [];
  worksheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = row.values as unknown[];
    if (number === 1) {
      for (let i = 1; i < values.length; i++) headers[i] = cellText(values[i]).trim();
      return;
    }
    const record: XlsRow = {};
    for (let i = 1; i < headers.length; i++) {
      const header = headers[i];
      if (header === undefined || header === '') continue;
      record[header] = cellText(values[i]);
    }
    // Keep blank rows so row numbers in `unmapped` match what the spreadsheet shows.
    rows[number - 2] = record;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= {};
  return rows;
}

/**
 * Reads an XLSForm workbook (`survey`, `choices`, optional `settings` sheets, in any case: `SURVEY`
 * works) and maps it with the core mapper. Everything the mapper could not carry over is in
 * `unmapped`, what it chose on its own (languages, code from `fileName`…) in `notes`.
 */
export async function readXlsForm(
  source: Uint8Array | string,
  options: XlsFormOptions = {},
): Promise<XlsFormImport & { sheets: XlsFormSheets }> {
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  if (bytes.byteLength > MAX_BYTES) throw new DomainError('file_too_large', 'The XLSForm file is too large');
  // The zip is inflated (bounded, off the request thread) before exceljs loads it into memory.
  await checkZipBuffer(bytes, { maxInflatedBytes: MAX_INFLATED_BYTES });
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('corrupt');
  }
  let cells = 0;
  for (const worksheet of workbook.worksheets) cells += worksheet.rowCount * worksheet.columnCount;
  if (cells > MAX_CELLS) throw new DomainError('file_too_large', 'The XLSForm file has too many cells');
  const byName = (name: string) => workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name);
  const survey = byName('survey');
  if (survey === undefined) throw unreadable('no_survey_sheet');
  const sheets: XlsFormSheets = {
    survey: sheetRows(survey),
    choices: sheetRows(byName('choices')),
    settings: sheetRows(byName('settings')),
  };
  return { ...xlsFormToForm(sheets, options), sheets };
}
