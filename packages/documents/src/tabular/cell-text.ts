// Turns an exceljs cell value into the text a person sees in Excel, so that imports treat
// xlsx and csv alike.

/** Excel shows at most 15 significant digits: 0.1 + 0.2 is "0.3", 150 is "150" (no ".0"). */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value === 0 ? 0 : value);
  return String(Number(value.toPrecision(15)));
}

/**
 * Excel dates have no time zone; exceljs hands them over as UTC. A date alone is `YYYY-MM-DD`,
 * with a time `YYYY-MM-DDTHH:mm:ss` (no zone, rounded to the second as Excel shows it).
 */
export function dateText(value: Date): string {
  const time = value.getTime();
  if (Number.isNaN(time)) return '';
  const iso = new Date(Math.round(time / 1000) * 1000).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return object.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('');
    }
    // a formula without a cached result (never calculated) reads as empty
    if ('formula' in object || 'sharedFormula' in object) return cellText(object.result);
    if ('error' in object) return typeof object.error === 'string' ? object.error : '';
    if ('text' in object) return cellText(object.text); // hyperlink
  }
  return '';
}
