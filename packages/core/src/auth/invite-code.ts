/**
 * Observer invite codes are read aloud and typed on cheap phones: no 0/O, 1/I/L, case-insensitive,
 * grouped by four. 12 symbols of a 31-symbol alphabet give 59 bits, far beyond what the per-IP
 * sign-in limit lets anyone guess.
 */
export const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const INVITE_LENGTH = 12;

/** `random` must return uniformly distributed bytes (crypto.getRandomValues on either side). */
export function makeInviteCode(randomBytes: (n: number) => Uint8Array): string {
  const out: string[] = [];
  // Rejection sampling keeps every symbol equally likely (256 is not a multiple of 31).
  const limit = 256 - (256 % INVITE_ALPHABET.length);
  while (out.length < INVITE_LENGTH) {
    for (const byte of randomBytes(INVITE_LENGTH * 2)) {
      if (byte < limit && out.length < INVITE_LENGTH) out.push(INVITE_ALPHABET[byte % INVITE_ALPHABET.length] ?? '');
    }
  }
  return formatInviteCode(out.join(''));
}

/** Upper-cases and drops spaces and dashes; the result is compared by hash on the server. */
export function normaliseInviteCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-\u2010-\u2015]/g, '');
}

export function isWellFormedInviteCode(normalised: string): boolean {
  return normalised.length === INVITE_LENGTH && [...normalised].every((c) => INVITE_ALPHABET.includes(c));
}

export function formatInviteCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
