import { type Locale, locales } from './locales.ts';

/** One text in every language, side by side: `{ ru, kk, en }`. A text may also be a function. */
export type InLanguages<V = string> = { readonly [L in Locale]: V };

/** A table of texts: `{ ru, kk, en }` leaves, in objects and arrays as deep as needed. */
export type TextTable = InLanguages<unknown> | readonly TextTable[] | { readonly [key: string]: TextTable };

/** The side-by-side shape of a one-language text set: each string or function a `{ ru, kk, en }`. */
export type SideBySide<T> = T extends string | ((...args: never[]) => string)
  ? InLanguages<T>
  : T extends readonly (infer E)[]
    ? readonly SideBySide<E>[]
    : { readonly [K in keyof T]: SideBySide<T[K]> };

/** The table in one language: each `{ ru, kk, en }` leaf becomes its text. */
export type InLanguage<T> =
  T extends InLanguages<infer V>
    ? V
    : T extends readonly (infer E)[]
      ? InLanguage<E>[]
      : { [K in keyof T]: InLanguage<T[K]> };

const isLeaf = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && locales.some((l) => l in v);

/** Throws, naming the place, where a text lacks a language, is empty, or has one we do not know. */
function checkComplete(tree: unknown, path: string): void {
  if (isLeaf(tree)) {
    for (const locale of locales) {
      const text = tree[locale];
      const ok = typeof text === 'function' || (typeof text === 'string' && text.trim() !== '');
      if (!ok) throw new Error(`texts: ${path || '(root)'} has no ${locale} text`);
    }
    const extra = Object.keys(tree).filter((k) => !(locales as readonly string[]).includes(k));
    if (extra.length > 0) throw new Error(`texts: ${path || '(root)'} has unknown languages ${extra.join(', ')}`);
    return;
  }
  if (typeof tree !== 'object' || tree === null) {
    throw new Error(`texts: ${path || '(root)'} is a bare value, not a { ru, kk, en } text`);
  }
  for (const [key, value] of Object.entries(tree)) checkComplete(value, path ? `${path}.${key}` : key);
}

function pick(tree: unknown, locale: Locale): unknown {
  if (isLeaf(tree)) return tree[locale];
  if (Array.isArray(tree)) return tree.map((v) => pick(v, locale));
  return Object.fromEntries(Object.entries(tree as object).map(([k, v]) => [k, pick(v, locale)]));
}

/**
 * The server-side document texts (report documents, the resolution, course-folder problems) are
 * written once with their three languages side by side, so a missing translation shows where it
 * is written; this turns such a table into one table per language. Complete by type (every leaf
 * needs ru, kk and en) and checked again when the module loads: an empty text, a missing language
 * (through a cast) or a stray value throws at once, naming its place, instead of printing a blank
 * in a document.
 */
export function texts<T extends TextTable>(table: T): Record<Locale, InLanguage<T>> {
  checkComplete(table, '');
  return Object.fromEntries(locales.map((l) => [l, pick(table, l)])) as Record<Locale, InLanguage<T>>;
}
