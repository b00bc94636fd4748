/**
 * Kazakhstan mobile numbers, stored as E.164 (`+77011234567`). People type them every way there
 * is: `+7 701 123 45 67`, `8 (701) 123-45-67`, `87011234567`, `701 123 4567`. Kazakhstan shares
 * the country code 7 with Russia; its numbers are the ones whose national part starts with 6 or 7,
 * and of those the mobile ranges start with 70, 74, 75, 76 or 77 (71x and 72x are city lines).
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; code: 'phone_invalid' | 'phone_not_kz_mobile' };

const SEPARATORS = /[\s\u00a0\-‐-―().]/g;
const KZ_MOBILE = /^7[04567]\d{8}$/;

export function normaliseKzMobile(input: string): PhoneResult {
  const compact = input.trim().replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, code: 'phone_invalid' };
  let national: string;
  if (compact.startsWith('+')) {
    // Another country code: a valid number perhaps, but not one of ours.
    if (!compact.startsWith('+7'))
      return compact.length >= 8 ? { ok: false, code: 'phone_not_kz_mobile' } : { ok: false, code: 'phone_invalid' };
    national = compact.slice(2);
  } else if (compact.length === 11 && (compact.startsWith('8') || compact.startsWith('7'))) {
    national = compact.slice(1);
  } else if (compact.length === 10) {
    national = compact;
  } else {
    return { ok: false, code: 'phone_invalid' };
  }
  if (national.length !== 10) return { ok: false, code: 'phone_invalid' };
  if (!KZ_MOBILE.test(national)) return { ok: false, code: 'phone_not_kz_mobile' };
  return { ok: true, e164: `+7${national}` };
}

/** `+77011234567` → `+7 701 123 45 67`, for letters and the console. */
export function formatKzPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}
