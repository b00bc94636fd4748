import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@pollwatch/core';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cellText, dateText, numberText } from './cell-text.ts';
import { KAZAKH_TEXTS, makeTempDir } from './fixtures/fixture-files.ts';
import { openTable, sniffTable } from './open-table.ts';
import type { OpenedTable, TableRow } from './table-types.ts';
import { safeSheetName, writeXlsx } from './xlsx-writer.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function readAll(table: OpenedTable): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

/** A workbook as Excel users make them: two sheets, numbers, dates, rich text, formulas, gaps. */
async function excelWorkbook(name: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Заметки');
  notes.addRow(['не эта страница']);
  const sheet = workbook.addWorksheet('Участки');
  sheet.addRow(['  УИК ', 'Адрес', 'Избирателей', 'Доля', 'Дата', 'Открыт', 'ИИН', 'Итого', 'Ссылка']);
  sheet.addRow([
    150,
    KAZAKH_TEXTS[0],
    1234,
    0.1 + 0.2,
    new Date(Date.UTC(2024, 2, 17)),
    new Date(Date.UTC(2024, 2, 17, 7, 30)),
    '012345678901',
    { formula: 'C2*2', result: 2468 },
    { text: 'Ұлы Дала', hyperlink: 'https://example.kz' },
  ]);
  sheet.getCell('E2').numFmt = 'dd.mm.yyyy';
  sheet.getCell('F2').numFmt = 'dd.mm.yyyy hh:mm';
  sheet.addRow([]); // row 3 blank
  sheet.getRow(4).values = [
    151,
    { richText: [{ text: 'Шымкент, ' }, { font: { bold: true }, text: 'Қаратау ауданы' }] },
    -0,
    1.5,
    null,
    true,
  ];
  sheet.getCell('A6').value = KAZAKH_TEXTS[5];
  sheet.getCell('C6').value = 'Өскемен\nсол жақ';
  const path = `${dir.path}/${name}`;
  await workbook.xlsx.writeFile(path);
  return path;
}

describe('reading XLSX', () => {
  it('reads the first tab by default, cells as the text Excel shows, row numbers as lines', async () => {
    const path = await excelWorkbook('excel.xlsx');
    const table = await openTable(path, { sheet: 'участки' });
    expect(table.format).toBe('xlsx');
    expect(table.encoding).toBeUndefined();
    expect(table.headers).toEqual(['УИК', 'Адрес', 'Избирателей', 'Доля', 'Дата', 'Открыт', 'ИИН', 'Итого', 'Ссылка']);
    expect(await readAll(table)).toEqual([
      {
        line: 2,
        cells: [
          '150',
          KAZAKH_TEXTS[0],
          '1234',
          '0.3',
          '2024-03-17',
          '2024-03-17T07:30:00',
          '012345678901',
          '2468',
          'Ұлы Дала',
        ],
      },
      { line: 4, cells: ['151', 'Шымкент, Қаратау ауданы', '0', '1.5', '', 'TRUE'] },
      { line: 6, cells: [KAZAKH_TEXTS[5], '', 'Өскемен\nсол жақ'] },
    ]);
    const first = await openTable(path);
    expect(first.headers).toEqual(['не эта страница']);
    await first.close();
    const second = await openTable(path, { sheet: 2 });
    expect(second.headers[0]).toBe('УИК');
    await second.close();
  });

  it('reads each part from the zip directory: exceljs workbooks (workbook.xml last) read every time, nothing parked in temp files', async () => {
    // exceljs's own walk of the zip lost the last entries now and then in a warm process (about 1
    // read in 50-100: a valid upload was file_unreadable), and parked every sheet that came before
    // the shared strings in a temp file with an open descriptor, kept until the process exits
    // whenever a read stopped early (every preview).
    const path = await excelWorkbook('repeated.xlsx');
    const temp = mkdtempSync(join(tmpdir(), 'pollwatch-xlsx-temp-'));
    try {
      vi.stubEnv('TMPDIR', temp);
      for (let i = 0; i < 30; i++) {
        const first = await openTable(path);
        expect(first.headers).toEqual(['не эта страница']);
        await first.close();
        const second = await openTable(path, { sheet: 'Участки' });
        expect((await readAll(second)).map((row) => row.line)).toEqual([2, 4, 6]);
      }
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('a missing sheet, a non-zip "xlsx" and a corrupt workbook are file_unreadable', async () => {
    const path = await excelWorkbook('for-errors.xlsx');
    expect((await domainError(openTable(path, { sheet: 'Нет такой' }))).details).toEqual({
      reason: 'sheet_not_found',
      sheet: 'Нет такой',
    });
    expect((await domainError(openTable(path, { sheet: 3 }))).code).toBe('file_unreadable');
    const notZip = dir.file('fake.xlsx', 'Регион;Адрес\r\n');
    expect((await domainError(openTable(notZip, { format: 'xlsx' }))).details).toEqual({ reason: 'not_xlsx' });
    const bytes = readFileSync(path);
    const truncated = dir.file('truncated.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await domainError(openTable(truncated))).code).toBe('file_unreadable');
    const garbage = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]);
    const error = await domainError(openTable(dir.file('garbage.xlsx', garbage)));
    expect(error.code).toBe('file_unreadable');
  });
});

describe('writeXlsx', () => {
  it('round-trips Kazakh text, numbers, line breaks and (unescaped on request) formula-looking text through openTable', async () => {
    const headers = ['Аймақ', 'Мекенжай', 'Саны'];
    const rows = [
      ...KAZAKH_TEXTS.map((text, i) => [`Аймақ ${i}`, text, i * 10 + 0.5]),
      ['=1+2', '+7 701 123 45 67', '-5'],
      ['көп\r\nжолды', '', null],
    ];
    const path = `${dir.path}/written.xlsx`;
    await pipeline(
      writeXlsx(headers, rows, { sheetName: 'Учаскелер: [1]', escapeFormulas: false }),
      createWriteStream(path),
    );
    const sniff = await sniffTable(path, { sheet: 'Учаскелер_ _1_' });
    expect(sniff.headers).toEqual(headers);
    const table = await openTable(path);
    expect(await readAll(table)).toEqual(
      rows.map((row, i) => ({
        line: i + 2,
        // CRLF inside a cell comes back as LF, Excel's own in-cell line break
        cells: row
          .map((v) => (v === null ? '' : String(v).replace('\r\n', '\n')))
          .filter((v, k, all) => v !== '' || k < all.length - 1),
      })),
    );
  });

  it('cleans sheet names the way Excel requires', () => {
    expect(safeSheetName('a/b\\c?d*e[f]g:h')).toBe('a_b_c_d_e_f_g_h');
    expect(safeSheetName('  ')).toBe('Sheet1');
    expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
  });
});

describe('cell text', () => {
  it('numbers without trailing .0 and float noise, dates ISO, everything else as shown', () => {
    expect(numberText(150)).toBe('150');
    expect(numberText(1.1000000000000001)).toBe('1.1');
    expect(numberText(123456789012)).toBe('123456789012');
    expect(numberText(-0)).toBe('0');
    expect(numberText(Number.NaN)).toBe('');
    expect(dateText(new Date(Date.UTC(2024, 0, 5, 23, 59, 59, 700)))).toBe('2024-01-06');
    expect(dateText(new Date(Date.UTC(2024, 0, 5, 10, 29, 59, 999)))).toBe('2024-01-05T10:30:00');
    expect(cellText({ formula: 'A1', result: { error: '#DIV/0!' } })).toBe('#DIV/0!');
    expect(cellText({ formula: 'A1' })).toBe('');
    expect(cellText({ sharedFormula: 'A1', result: 'Ә' })).toBe('Ә');
    expect(cellText(false)).toBe('FALSE');
  });
});
