import { describe, expect, it } from 'vitest';
import { decodeHead, guessSeparator, parseCsvRows, readCsvHead } from './csv-head.ts';

describe('parseCsvRows', () => {
  it('handles quotes, doubled quotes, separators inside quotes and CRLF', () => {
    const text = 'номер;адрес\r\n12;"ул. Абая, 1; корпус ""А"""\r\n\r\n13;Жандосова 5\n';
    expect(parseCsvRows(text, ';', 10)).toEqual([
      ['номер', 'адрес'],
      ['12', 'ул. Абая, 1; корпус "А"'],
      ['13', 'Жандосова 5'],
    ]);
    expect(parseCsvRows(text, ';', 2)).toHaveLength(2);
  });
});

describe('guessSeparator', () => {
  it('prefers the separator that splits the header most', () => {
    expect(guessSeparator('a;b;c')).toBe(';');
    expect(guessSeparator('a,b,c')).toBe(',');
    expect(guessSeparator('a\tb')).toBe('\t');
    expect(guessSeparator('one column')).toBe(';');
  });
});

describe('readCsvHead', () => {
  it('decodes Windows-1251 and drops a UTF-8 byte-order mark', async () => {
    // "Адрес;Номер" in Windows-1251.
    const cp1251 = new Uint8Array([
      0xc0, 0xe4, 0xf0, 0xe5, 0xf1, 0x3b, 0xcd, 0xee, 0xec, 0xe5, 0xf0, 0x0a, 0x31, 0x3b, 0x32,
    ]);
    const head = await readCsvHead(new Blob([cp1251]), 'windows-1251', null);
    expect(head).toEqual({ headers: ['Адрес', 'Номер'], sample: [['1', '2']], separator: ';' });
    const bom = new TextEncoder().encode('\uFEFFкод,уровень\n1,регион');
    expect(decodeHead(bom, 'utf-8')).toBe('код,уровень\n1,регион');
    expect((await readCsvHead(new Blob([bom]), 'utf-8', ',')).headers).toEqual(['код', 'уровень']);
  });
});
