import { createHash, randomBytes } from 'node:crypto';

/** 256-bit random token for cookies; only its hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
