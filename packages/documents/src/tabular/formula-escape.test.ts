import { createWriteStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from './csv-writer.ts';
import { makeTempDir } from './fixtures/fixture-files.ts';
import { openTable } from './open-table.ts';
import { escapeFormulaText, writeXlsx } from './xlsx-writer.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

const DANGEROUS = ['=1+1', '+7 701 123 45 67', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x")'];

let n = 0;
async function saved(stream: NodeJS.ReadableStream, ext: string): Promise<string> {
  const path = `${dir.path}/f-${n++}.${ext}`;
  await pipeline(stream, createWriteStream(path));
  return path;
}

describe('formula-safe exports', () => {
  it('CSV: every cell starting with = + - @ tab or CR gets a leading apostrophe', async () => {
    const path = await saved(
      writeCsv(
        ['a'],
        DANGEROUS.map((v) => [v]),
        { escapeFormulas: true },
      ),
      'csv',
    );
    const table = await openTable(path);
    const cells: string[] = [];
    for await (const row of table.rows()) cells.push(row.cells[0] ?? '');
    await table.close();
    // the file holds every value escaped; the import side reads our escaping back
    expect(cells).toEqual(DANGEROUS);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/[;\n]=/);
    for (const v of DANGEROUS) expect(text).toContain(`'${v.replace(/"/g, '""')}`);
  });

  it('XLSX: text cells are escaped the same way and never become formulas', async () => {
    const path = await saved(
      writeXlsx(
        ['a'],
        DANGEROUS.map((v) => [v]),
        { escapeFormulas: true },
      ),
      'xlsx',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0];
    const values: unknown[] = [];
    sheet?.eachRow((row, i) => {
      if (i > 1) values.push(row.getCell(1).value);
    });
    expect(values).toEqual(DANGEROUS.map((v) => `'${v.replace(/\r/g, '\n')}`));
  });

  it('leaves harmless text and plain numbers alone and escapes any other text starting with a formula character', () => {
    const plainNumber = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^'{0,2}[-+=@][0-9.,e+-]{0,6}$/)), (s) => {
        const out = escapeFormulaText(s);
        // leading apostrophes set aside (so that unescaping is the exact inverse)
        const bare = s.replace(/^'+/, '');
        if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(bare) && !plainNumber.test(bare)) expect(out).toBe(`'${s}`);
        else expect(out).toBe(s);
      }),
    );
    for (const n of ['-5', '+7', '-12.5', '-0,25', '1e-3', '-1E+5']) expect(escapeFormulaText(n)).toBe(n);
    for (const f of ['-5+1', '+7 701', '=5', '-1e', '@5']) expect(escapeFormulaText(f)).toBe(`'${f}`);
    // a random run once drew this: text that already begins with an apostrophe before a formula
    for (const f of ["'=", "''=1+1", "'@x"]) expect(escapeFormulaText(f)).toBe(`'${f}`);
    for (const n of ["'-5", "'plain"]) expect(escapeFormulaText(n)).toBe(n);
  });

  it('escapes by default: a writer called without options writes no formula', async () => {
    const csv = readFileSync(
      await saved(writeCsv(['=h', 'b', 'c'], [['=cmd|A1', -5, '-5']], { bom: false }), 'csv'),
      'utf8',
    );
    expect(csv).toBe("'=h;b;c\r\n'=cmd|A1;-5;-5\r\n");
    const path = await saved(writeXlsx(['a'], [['=cmd|A1'], ['-5']]), 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets[0]?.getCell('A2').value).toBe("'=cmd|A1");
    expect(book.worksheets[0]?.getCell('A3').value).toBe('-5');
  });

  it('reads its own escaping back: an exported phone such as +7 701 imports as it was, in CSV and XLSX', async () => {
    const values = ['+7 701 000 00 00', '=cmd|A1', "'quoted", "'5", '-5', 'plain'];
    for (const [written, format] of [
      [
        writeCsv(
          ['v'],
          values.map((v) => [v]),
          { bom: false },
        ),
        'csv',
      ],
      [
        writeXlsx(
          ['v'],
          values.map((v) => [v]),
        ),
        'xlsx',
      ],
    ] as const) {
      const table = await openTable(await saved(written, format));
      const read: string[] = [];
      for await (const row of table.rows()) read.push(row.cells[0] ?? '');
      expect(read).toEqual(values);
    }
  });
});
