import { describe, expect, it } from 'vitest';
import { csvCell, round, tableCsv } from './table-csv.ts';

describe('csvCell', () => {
  it('guards text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+7 701')).toBe("'+7 701");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('＝1+1')).toBe("'＝1+1");
  });

  it('keeps numbers as numbers, negative ones too', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('Алматы; Бостандыкский')).toBe('"Алматы; Бостандыкский"');
    expect(csvCell('«Школа» "12"')).toBe('"«Школа» ""12"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('ALA / 12')).toBe('ALA / 12');
  });
});

describe('tableCsv', () => {
  it('writes a BOM, the header and CRLF-separated rows', () => {
    expect(tableCsv(['Участок', 'Разница'], [['ALA / 1', -100]])).toBe('\uFEFFУчасток;Разница\r\nALA / 1;-100\r\n');
  });
});

describe('round', () => {
  it('rounds and keeps missing values missing', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(null, 2)).toBeNull();
    expect(round(Number.POSITIVE_INFINITY, 2)).toBeNull();
  });
});
