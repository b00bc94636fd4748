import { transliterate } from '../../text/transliterate.ts';
import { formCodePattern } from '../form-definition.ts';

/**
 * A form code from free text (an XLSForm `form_id`, a file name): lower case, Cyrillic
 * transliterated, accents dropped, anything else `_`, at most 64 characters. Empty when nothing is left.
 */
export function formCodeFrom(text: string): string {
  const latin = transliterate(text.trim());
  const code = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[_-]+$/, '');
  return formCodePattern.test(code) ? code : '';
}

/** `file.xlsx`, `C:\forms\Анкета 2024.XLSX` → the name without folders and extension. */
export function fileBaseName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(xlsx|xlsm|xls)$/i, '').trim();
}

/** `code`, else `code-2`, `code-3`… — the first not in `taken`, still at most 64 characters. */
export function uniqueFormCode(code: string, taken: ReadonlySet<string>): string {
  if (!taken.has(code)) return code;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${code.slice(0, 64 - suffix.length).replace(/[_-]+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
