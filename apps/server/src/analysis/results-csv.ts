import type { StationResult } from '@pollwatch/analytics';
import { russiaProtocolTemplate } from '@pollwatch/core';

/**
 * Station results as a CEC-style CSV text: region and station number, the Russian protocol lines
 * under their official names (optionally numbered "1. …"), then one column per option. For the
 * tests and the benchmark; `;`-separated with CRLF, as Russian-locale Excel writes it.
 */
export function russianResultsCsv(rows: readonly StationResult[], options: { numbered?: boolean } = {}): string {
  const lines = russiaProtocolTemplate.lines;
  const optionNames = [...new Set(rows.flatMap((r) => Object.keys(r.options)))];
  const header = [
    'Регион',
    'Номер УИК',
    ...lines.map((l) => (options.numbered ? `${l.number}. ${l.officialName}` : (l.officialName ?? l.key))),
    ...optionNames,
  ];
  const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const out = [header.map(quote).join(';')];
  for (const row of rows) {
    const [region = '', number = ''] = row.stationKey.split(' / ');
    out.push(
      [
        region,
        number,
        ...lines.map((l) => String(row.lines?.[l.key] ?? '')),
        ...optionNames.map((o) => String(row.options[o] ?? 0)),
      ]
        .map(quote)
        .join(';'),
    );
  }
  return `${out.join('\r\n')}\r\n`;
}
