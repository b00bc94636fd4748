import { createWriteStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from './csv-writer.ts';
import { KAZAKH_TEXTS, makeTempDir, RUSSIAN_TEXTS } from './fixtures/fixture-files.ts';
import { escapeFormulaText } from './formula-escape.ts';
import { openTable } from './open-table.ts';
import type { OpenedTable, TableRow, TableSeparator } from './table-types.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function readAll(table: OpenedTable): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

let fileNo = 0;
async function written(stream: NodeJS.ReadableStream): Promise<string> {
  const path = `${dir.path}/w-${fileNo++}.csv`;
  await pipeline(stream, createWriteStream(path));
  return path;
}

function lineBreaks(cells: readonly string[]): number {
  // per cell: a CR ending one cell and an LF starting the next are two line breaks
  return cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

describe('writeCsv → openTable', () => {
  it.each([';', ',', '\t'] as const)('round-trips exactly with %j, line numbers included', async (separator) => {
    const headers = ['Регион', 'Адрес', 'Примечание'];
    const rows = [
      [...KAZAKH_TEXTS.slice(0, 3)],
      [...RUSSIAN_TEXTS.slice(0, 3)],
      [`${KAZAKH_TEXTS[3]};\t,`, 'в "кавычках"\nи с переносом\r\nстрок', ' пробелы '],
      [KAZAKH_TEXTS[4], KAZAKH_TEXTS[5], ''],
    ];
    const path = await written(writeCsv(headers, rows, { separator }));
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = await openTable(path);
    expect(table).toMatchObject({ encoding: 'utf-8', separator, headers });
    expect(await readAll(table)).toEqual([
      { line: 2, cells: rows[0] },
      { line: 3, cells: rows[1] },
      { line: 4, cells: rows[2] },
      { line: 7, cells: rows[3] },
    ]);
  });

  it('writes ; and CRLF by default, no BOM on request, numbers and empty values as text', async () => {
    async function* rows() {
      yield ['Өскемен', 12.5, null, undefined];
    }
    const path = await written(writeCsv(['a', 'b', 'c', 'd'], rows(), { bom: false }));
    expect(readFileSync(path, 'utf8')).toBe('a;b;c;d\r\nӨскемен;12.5;;\r\n');
  });

  it('escapes formula-looking cells by default, and only then', async () => {
    const path = await written(writeCsv(['x'], [['=1+2'], ['@SUM(A1)']], { bom: false }));
    expect(readFileSync(path, 'utf8')).toBe("x\r\n'=1+2\r\n'@SUM(A1)\r\n");
    const raw = await written(writeCsv(['x'], [['=1+2']], { bom: false, escapeFormulas: false }));
    expect(readFileSync(raw, 'utf8')).toBe('x\r\n=1+2\r\n');
  });

  it('round-trips any table: cells of Kazakh letters, separators, quotes and line breaks', async () => {
    const alphabet = fc.constantFrom(...'әғқңөұүһіӘҒҚҢӨҰҮҺІаЯё aZ09;,\t"\'\n\r='.split(''), '\r\n');
    const cell = fc.array(alphabet, { maxLength: 8 }).map((chars) => chars.join(''));
    const separator = fc.constantFrom<TableSeparator>(';', ',', '\t');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 12 }),
        separator,
        async (rows, sep) => {
          const headers = ['Бір', 'Екі', 'Үш'];
          const path = await written(
            writeCsv(headers, rows, { separator: sep, lineEnding: 'lf', escapeFormulas: false }),
          );
          const table = await openTable(path, { separator: sep, unescapeFormulas: false });
          const expected: TableRow[] = [];
          // escaped, a cell of only a tab or CR is no longer blank: its row is read
          const expectedEscaped: TableRow[] = [];
          let line = 2;
          for (const cells of rows) {
            if (cells.some((c) => c.trim() !== '')) expected.push({ line, cells });
            if (cells.some((c) => escapeFormulaText(c).trim() !== '')) expectedEscaped.push({ line, cells });
            line += 1 + lineBreaks(cells);
          }
          expect(table.headers).toEqual(headers);
          expect(await readAll(table)).toEqual(expected);
          // written escaped (the default) and read back unescaped (the default): the same cells
          const escaped = await written(writeCsv(headers, rows, { separator: sep, lineEnding: 'lf' }));
          expect(await readAll(await openTable(escaped, { separator: sep }))).toEqual(expectedEscaped);
        },
      ),
      { numRuns: 300 },
    );
  });
});
