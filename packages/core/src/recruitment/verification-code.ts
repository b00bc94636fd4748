import { INVITE_ALPHABET } from '../auth/invite-code.ts';

/**
 * The code printed on a referral letter: 16 symbols of the invite alphabet (no 0/O, 1/I/L), about
 * 79 bits, grouped by four. Anyone may check it at /verify/<code>, so it must be unguessable.
 */
export const VERIFICATION_CODE_LENGTH = 16;

export function makeVerificationCode(randomBytes: (n: number) => Uint8Array): string {
  const out: string[] = [];
  const limit = 256 - (256 % INVITE_ALPHABET.length);
  while (out.length < VERIFICATION_CODE_LENGTH) {
    for (const byte of randomBytes(VERIFICATION_CODE_LENGTH * 2)) {
      if (byte < limit && out.length < VERIFICATION_CODE_LENGTH) {
        out.push(INVITE_ALPHABET[byte % INVITE_ALPHABET.length] ?? '');
      }
    }
  }
  return out.join('').match(/.{4}/g)?.join('-') ?? out.join('');
}

/** Case, spaces and dashes are forgiven; null when it cannot be a code at all. */
export function normaliseVerificationCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-‐-―]/g, '');
  if (compact.length !== VERIFICATION_CODE_LENGTH || ![...compact].every((c) => INVITE_ALPHABET.includes(c))) {
    return null;
  }
  return compact.match(/.{4}/g)?.join('-') ?? compact;
}
