import { DomainError } from '@pollwatch/core';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildCsv,
  encodeText,
  type FileEncoding,
  type FixtureRecord,
  KAZAKH_TEXTS,
  makeTempDir,
  RUSSIAN_TEXTS,
} from './fixtures/fixture-files.ts';
import { openTable, sniffTable } from './open-table.ts';
import type { OpenedTable, TableEncoding, TableRow, TableSeparator } from './table-types.ts';

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

/** Headers, tricky quoting (separators, line breaks, doubled quotes) and blank lines. */
function tableRecords(texts: readonly string[], separator: TableSeparator, eol: string): FixtureRecord[] {
  const [a = '', b = '', c = ''] = texts;
  return [
    ['Регион', 'Адрес', 'Примечание'],
    [a, b, c],
    'blank',
    [`${a}${separator} "${b}"`, `первая строка${eol}вторая строка${eol}третья`, '12,5'],
    ['', `одна${separator}две`, ''],
    'blank',
    'blank',
    [...texts.slice(3, 6), ...(texts.length < 4 ? ['x'] : [])],
    [`многострочный\n"${c}"\r\nконец`, '', 'последняя'],
  ];
}

const cases: { file: FileEncoding; expect: TableEncoding; texts: readonly string[]; forced?: TableEncoding }[] = [
  { file: 'utf-8-bom', expect: 'utf-8', texts: [...KAZAKH_TEXTS, ...RUSSIAN_TEXTS] },
  { file: 'utf-8', expect: 'utf-8', texts: [...KAZAKH_TEXTS, ...RUSSIAN_TEXTS] },
  { file: 'utf-16le-bom', expect: 'utf-16le', texts: [...KAZAKH_TEXTS, ...RUSSIAN_TEXTS] },
  { file: 'windows-1251', expect: 'windows-1251', texts: RUSSIAN_TEXTS },
  { file: 'kz-1048', expect: 'kz-1048', texts: [...KAZAKH_TEXTS, ...RUSSIAN_TEXTS], forced: 'kz-1048' },
];

describe.each(cases)('CSV in $file', ({ file, expect: encoding, texts, forced }) => {
  describe.each([';', ',', '\t'] as const)('separated by %j', (separator) => {
    it.each(['\r\n', '\n'] as const)(
      'with %j line ends: exact cells and the line each record starts on',
      async (eol) => {
        const { text, expected } = buildCsv(tableRecords(texts, separator, eol), separator, eol);
        const path = dir.file(`t-${file}-${separator.charCodeAt(0)}-${eol.length}.csv`, encodeText(text, file));
        const table = await openTable(path, forced ? { encoding: forced } : {});
        expect(table.format).toBe('csv');
        expect(table.encoding).toBe(encoding);
        expect(table.separator).toBe(separator);
        expect(table.headers).toEqual(expected[0]?.cells);
        expect(table.headerLine).toBe(1);
        expect(await readAll(table)).toEqual(expected.slice(1));
      },
    );
  });
});

describe('Kazakh letters and code pages', () => {
  it('Windows-1251 cannot hold the Kazakh-specific letters, but has і and І', () => {
    for (const letter of 'әғқңөұүһӘҒҚҢӨҰҮҺ') {
      expect(iconv.decode(iconv.encode(letter, 'win1251'), 'win1251')).not.toBe(letter);
    }
    expect(iconv.decode(iconv.encode('іІ', 'win1251'), 'win1251')).toBe('іІ');
  });

  it('KZ-1048 holds all of them, and auto-detection reads such a file as Windows-1251', async () => {
    const all = KAZAKH_TEXTS.join(' ');
    expect(iconv.decode(iconv.encode(all, 'rk1048'), 'rk1048')).toBe(all);
    const path = dir.file(
      'kz.csv',
      encodeText(`Адрес;Город\r\n${KAZAKH_TEXTS[0]};"${KAZAKH_TEXTS[2]}"\r\n`, 'kz-1048'),
    );
    const auto = await openTable(path);
    expect(auto.encoding).toBe('windows-1251');
    await auto.close();
    const explicit = await openTable(path, { encoding: 'kz-1048' });
    expect(await readAll(explicit)).toEqual([{ line: 2, cells: [KAZAKH_TEXTS[0], KAZAKH_TEXTS[2]] }]);
  });
});

describe('files larger than the 64 KB sample', () => {
  it('reads UTF-8 Kazakh text exactly across chunk and sample boundaries', async () => {
    const records: string[][] = [['№', 'Адрес']];
    for (let i = 1; i <= 6000; i++) records.push([String(i), KAZAKH_TEXTS[i % KAZAKH_TEXTS.length] ?? '']);
    const { text, expected } = buildCsv(records, ';', '\r\n');
    const table = await openTable(dir.file('big-utf8.csv', encodeText(text, 'utf-8')));
    expect(table.encoding).toBe('utf-8');
    expect(await readAll(table)).toEqual(expected.slice(1));
  });

  it('detects Windows-1251 when the first 64 KB are plain ASCII and Cyrillic comes later', async () => {
    const records: string[][] = [['id', 'name']];
    for (let i = 1; i <= 8000; i++) records.push([String(i), `station ${i}`]);
    records.push(['8001', RUSSIAN_TEXTS[1]]);
    const { text, expected } = buildCsv(records, ';', '\r\n');
    expect(text.length).toBeGreaterThan(64 * 1024);
    const table = await openTable(dir.file('late-cyrillic.csv', encodeText(text, 'windows-1251')));
    expect(table.encoding).toBe('windows-1251');
    const rows = await readAll(table);
    expect(rows.at(-1)).toEqual(expected.at(-1));
  });

  it('a file forced to UTF-8 that is not fails with encoding_mismatch and the line, also past the sample', async () => {
    const records: string[][] = [['id', 'name']];
    for (let i = 1; i <= 8000; i++) records.push([String(i), `station ${i}`]);
    records.push(['8001', 'Москва']);
    const { text } = buildCsv(records, ';', '\n');
    const table = await openTable(dir.file('late-1251.csv', encodeText(text, 'windows-1251')), { encoding: 'utf-8' });
    const delivered: TableRow[] = [];
    const error = await domainError(
      (async () => {
        for await (const row of table.rows()) delivered.push(row);
      })(),
    );
    expect(error.code).toBe('encoding_mismatch');
    expect(error.details).toEqual({ encoding: 'utf-8', line: 8002 });
    // every row before the bad line comes out first, whatever the chunk sizes
    expect(delivered).toHaveLength(8000);
    expect(delivered.at(-1)).toEqual({ line: 8001, cells: ['8000', 'station 8000'] });
  });
});

describe('errors', () => {
  it('forced UTF-8 on a Windows-1251 file fails at the first line already in openTable', async () => {
    const path = dir.file('ru-1251.csv', encodeText('Регион;Адрес\r\nМосква;Тверская\r\n', 'windows-1251'));
    const error = await domainError(openTable(path, { encoding: 'utf-8' }));
    expect(error.code).toBe('encoding_mismatch');
    expect(error.details).toEqual({ encoding: 'utf-8', line: 1 });
  });

  it('a BOM that contradicts the requested encoding is an encoding_mismatch on line 1', async () => {
    const path = dir.file('bom-vs-1251.csv', encodeText('Регион;Адрес\r\n', 'utf-8-bom'));
    const error = await domainError(openTable(path, { encoding: 'windows-1251' }));
    expect(error.code).toBe('encoding_mismatch');
    expect(error.details).toMatchObject({ line: 1, detected: 'utf-8' });
  });

  it('a file over maxBytes is file_too_large, decided from its size alone', async () => {
    const path = dir.file('small.csv', 'a;b\r\n1;2\r\n');
    const error = await domainError(openTable(path, { maxBytes: 5 }));
    expect(error.code).toBe('file_too_large');
    expect(error.details).toEqual({ limitBytes: 5, sizeBytes: 10 });
  });

  it('the default limit is 200 MiB: a sparse 300 MB file is refused at once', async () => {
    const { truncateSync } = await import('node:fs');
    const path = dir.file('huge.csv', '');
    truncateSync(path, 300 * 1024 * 1024);
    const error = await domainError(openTable(path));
    expect(error.code).toBe('file_too_large');
    expect(error.details).toEqual({ limitBytes: 200 * 1024 * 1024, sizeBytes: 300 * 1024 * 1024 });
  });

  it('binary garbage is file_unreadable', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    const error = await domainError(openTable(dir.file('garbage.bin', bytes)));
    expect(error.code).toBe('file_unreadable');
    expect(error.details).toEqual({ reason: 'binary' });
  });

  it('an old binary .xls is file_unreadable with a reason the UI can explain', async () => {
    const bytes = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512, 1)]);
    const error = await domainError(openTable(dir.file('old.xls', bytes)));
    expect(error.code).toBe('file_unreadable');
    expect(error.details).toEqual({ reason: 'xls' });
  });

  it('a quote that never closes is file_unreadable after the last good record, without echoing cells', async () => {
    const path = dir.file('unclosed.csv', 'ФИО;Телефон\r\nИванов Иван;+77011234567\r\n"Петров Пётр;+77017654321\r\n');
    const table = await openTable(path);
    const error = await domainError(readAll(table));
    expect(error.code).toBe('file_unreadable');
    expect(error.details).toEqual({ reason: 'CSV_QUOTE_NOT_CLOSED', line: 3 });
    expect(JSON.stringify(error.details)).not.toMatch(/Петров|7701/);
  });
});

describe('real-file quirks', () => {
  it('skips blank and separator-only lines, keeps stray quotes in unquoted fields, allows ragged rows', async () => {
    const text =
      '\r\n  \r\nНаименование;ИНН;Адрес\r\n;;\r\nООО "Ромашка";123;г. Алматы\r\n\r\nТОО "Ұлы Дала";456\r\n;;;\r\nИП;7;8;9\r\n';
    const table = await openTable(dir.file('quirks.csv', encodeText(text, 'utf-8-bom')));
    expect(table.headers).toEqual(['Наименование', 'ИНН', 'Адрес']);
    expect(table.headerLine).toBe(3);
    expect(await readAll(table)).toEqual([
      { line: 5, cells: ['ООО "Ромашка"', '123', 'г. Алматы'] },
      { line: 7, cells: ['ТОО "Ұлы Дала"', '456'] },
      { line: 9, cells: ['ИП', '7', '8', '9'] },
    ]);
  });

  it('trims headers and removes a stray second BOM, but never trims cells', async () => {
    const text = '\uFEFF  Регион ;\tАдрес \n  Алматы ; x \n';
    const table = await openTable(dir.file('spaces.csv', encodeText(text, 'utf-8-bom')));
    expect(table.headers).toEqual(['Регион', 'Адрес']);
    expect(await readAll(table)).toEqual([{ line: 2, cells: ['  Алматы ', ' x '] }]);
  });

  it('counts lines right with CRLF inside quotes, LF inside quotes, and lone CR line ends', async () => {
    const text = 'a;b\r\n"1\r\n2\r\n3";x\r\n"4\n5";y\r\nz;w\rq;"r\rs"\rend;e';
    const table = await openTable(dir.file('breaks.csv', text));
    expect(await readAll(table)).toEqual([
      { line: 2, cells: ['1\r\n2\r\n3', 'x'] },
      { line: 5, cells: ['4\n5', 'y'] },
      { line: 7, cells: ['z', 'w'] },
      { line: 8, cells: ['q', 'r\rs'] },
      { line: 10, cells: ['end', 'e'] },
    ]);
  });

  it('an empty file has no headers and no rows', async () => {
    const table = await openTable(dir.file('empty.csv', ''));
    expect(table.headers).toEqual([]);
    expect(table.headerLine).toBe(0);
    expect(await readAll(table)).toEqual([]);
  });

  it('honours a given separator over detection, and rows() can be consumed once', async () => {
    const table = await openTable(dir.file('given.csv', 'a,b;c\n1,2;3\n'), { separator: ',' });
    expect(table.headers).toEqual(['a', 'b;c']);
    expect(await readAll(table)).toEqual([{ line: 2, cells: ['1', '2;3'] }]);
    expect(() => table.rows()).toThrow(/once/);
  });

  it('sniffTable returns the detection and the first rows, and releases the file', async () => {
    const records: string[][] = [['Округ', 'УИК']];
    for (let i = 1; i <= 100; i++) records.push([KAZAKH_TEXTS[i % KAZAKH_TEXTS.length] ?? '', String(i)]);
    const { text, expected } = buildCsv(records, '\t', '\r\n');
    const sniff = await sniffTable(dir.file('sniff.txt', encodeText(text, 'utf-16le-bom')), { sampleRows: 5 });
    expect(sniff).toMatchObject({ format: 'csv', encoding: 'utf-16le', separator: '\t', headers: ['Округ', 'УИК'] });
    expect(sniff.sample).toEqual(expected.slice(1, 6));
  });
});
