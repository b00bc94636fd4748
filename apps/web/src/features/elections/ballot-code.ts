import { transliterate as transliterateCyrillic } from '@pollwatch/core';
/**
 * A ballot option's code (`^[a-z][a-z0-9_]{0,39}$`) made from its name when the HQ leaves the code
 * empty: Russian and Kazakh letters transliterated, everything else folded into underscores.
 */
export const BALLOT_CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const MAX = 40;

/** Ballot codes keep the passport spelling (й → i, ю → iu, я → ia) they have always had. */
export function transliterate(text: string): string {
  return transliterateCyrillic(text, 'icao');
}

/** `"Иванов Иван"` → `ivanov_ivan`; `"Қасымов"` → `qasymov`; a name with no letters → `option`. */
export function ballotCodeFrom(name: string): string {
  let code = transliterate(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(code)) code = code ? `option_${code}` : 'option';
  return code.slice(0, MAX).replace(/_+$/, '');
}

/** The first of `base`, `base_2`, `base_3`… not in `taken`, still within 40 characters. */
export function uniqueCode(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Codes for every option in ballot order: the one typed (trimmed, lower-cased), or one derived from
 * the Russian name, kept unique against the others.
 */
export function resolveBallotCodes(options: readonly { code: string; nameRu: string }[]): string[] {
  const typed = new Set(options.map((o) => o.code.trim().toLowerCase()).filter(Boolean));
  const taken = new Set<string>(typed);
  return options.map((o) => {
    const own = o.code.trim().toLowerCase();
    if (own) return own;
    const code = uniqueCode(ballotCodeFrom(o.nameRu), taken);
    taken.add(code);
    return code;
  });
}
