/**
 * The IIN (individual identification number) of Kazakhstan: 12 digits, YYMMDD of birth, a digit
 * for the century and sex (1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s; odd for men), four serial
 * digits and a check digit. The check digit is the sum of the first 11 digits weighted 1…11, mod
 * 11; when that is 10, the weights 3…11, 1, 2 are used instead, and a second 10 means the number
 * is never issued.
 */
export type IinProblem = 'iin_invalid';

const WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first 11 digits, or null when no valid IIN can start with them. */
export function iinCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const sum = (weights: number[]) => digits.reduce((s, d, i) => s + d * (weights[i] ?? 0), 0) % 11;
  let check = sum(WEIGHTS_1);
  if (check === 10) check = sum(WEIGHTS_2);
  return check === 10 ? null : check;
}

const CENTURY: Record<string, number> = { '1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000 };

/** The birth date an IIN encodes (`YYYY-MM-DD`), or null when the date part is not a real date. */
export function iinBirthDate(iin: string): string | null {
  if (!/^\d{12}$/.test(iin)) return null;
  const century = CENTURY[iin[6] as string];
  if (century === undefined) return null;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** Spaces are forgiven; anything else that is not 12 digits with a real date and check digit is not. */
export function normaliseIin(input: string): { ok: true; iin: string } | { ok: false; code: IinProblem } {
  const iin = input.replace(/\s+/g, '');
  if (!/^\d{12}$/.test(iin) || iinBirthDate(iin) === null) return { ok: false, code: 'iin_invalid' };
  const check = iinCheckDigit(iin.slice(0, 11));
  if (check === null || check !== Number(iin[11])) return { ok: false, code: 'iin_invalid' };
  return { ok: true, iin };
}
