import { formCodePattern } from '../form-definition.ts';

/** Russian and Kazakh Cyrillic in plain Latin letters: a form code is `[a-z0-9_-]` (formCodePattern). */
const cyrillic: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ә: 'a',
  ғ: 'g',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/**
 * A form code from free text (an XLSForm `form_id`, a file name): lower case, Cyrillic
 * transliterated, accents dropped, anything else `_`, at most 64 characters. Empty when nothing is left.
 */
export function formCodeFrom(text: string): string {
  const latin = [...text.trim().toLowerCase()].map((c) => cyrillic[c] ?? c).join('');
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
