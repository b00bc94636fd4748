/**
 * The first rows of a CSV file read in the browser, for the mapping step after the person chose a
 * different encoding or separator than the server detected: the server's preview describes the file
 * as it first read it, and its header texts are what the mapping refers to.
 */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'windows-1251';
export type CsvSeparator = ',' | ';' | '\t';

const HEAD_BYTES = 256 * 1024;

/** Splits CSV text into rows (RFC 4180 quotes, CRLF or LF); stops after `limit` rows. */
export function parseCsvRows(text: string, separator: CsvSeparator, limit: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < limit; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if ((cell !== '' || row.length > 0) && rows.length < limit) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** The separator that splits the first line into the most columns; ties go to ";" (Excel in ru/kk). */
export function guessSeparator(firstLine: string): CsvSeparator {
  const candidates: CsvSeparator[] = [';', ',', '\t'];
  let best: CsvSeparator = ';';
  let bestCount = 0;
  for (const sep of candidates) {
    const count = firstLine.split(sep).length - 1;
    if (count > bestCount) {
      best = sep;
      bestCount = count;
    }
  }
  return best;
}

export function decodeHead(bytes: Uint8Array, encoding: CsvEncoding): string {
  const text = new TextDecoder(encoding).decode(bytes);
  return text.replace(/^\uFEFF/, '');
}

/** Headers and the sample rows of the file's start, decoded and split as asked. */
export async function readCsvHead(
  file: Blob,
  encoding: CsvEncoding,
  separator: CsvSeparator | null,
  sampleRows = 10,
): Promise<{ headers: string[]; sample: string[][]; separator: CsvSeparator }> {
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const text = decodeHead(bytes, encoding);
  const sep = separator ?? guessSeparator(text.split(/\r?\n/, 1)[0] ?? '');
  const [headers = [], ...sample] = parseCsvRows(text, sep, sampleRows + 1);
  return { headers: headers.map((h) => h.trim()), sample, separator: sep };
}
