import { DomainError } from '@pollwatch/core';
import type { Store, ThrottleScope } from '@pollwatch/db';
import { sha256 } from './tokens.ts';

/**
 * How many failures a key may have in the window before it must wait. The per-IP limits are
 * generous because observers' phones share carrier NAT addresses on election morning; guessing an
 * invite code (59 bits) or a password at 50 tries per 15 minutes gets nowhere.
 */
export const throttleLimits: Record<ThrottleScope, number> = {
  account: 5,
  device: 5,
  ip: 50,
  'invite-ip': 50,
  // Messages from one phone or chat that fail (not on the roster, unreadable) before it must wait.
  'message-sender': 10,
};
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export interface ThrottleKey {
  scope: ThrottleScope;
  /** An email or an IP address; only its hash is stored. */
  value: string;
}

const hashOf = (key: ThrottleKey) => sha256(`${key.scope}:${key.value}`);

/** Throws `rate_limited` with `retryAfterSeconds` if any key has used up its failures. */
export async function assertNotThrottled(store: Store, keys: ThrottleKey[], now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  let wait = 0;
  for (const key of keys) {
    const { count, oldest } = await store.signInFailures.since(key.scope, hashOf(key), since);
    if (count >= throttleLimits[key.scope] && oldest) {
      wait = Math.max(wait, oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime());
    }
  }
  if (wait > 0) {
    throw new DomainError('rate_limited', 'too many failed attempts', {
      retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
    });
  }
}

export async function recordFailure(store: Store, keys: ThrottleKey[], now: Date): Promise<void> {
  for (const key of keys) await store.signInFailures.record(key.scope, hashOf(key), now);
}

/** A successful sign-in forgives the account's earlier failures (not the IP's). */
export async function forgiveAccount(store: Store, email: string): Promise<void> {
  await store.signInFailures.clear('account', hashOf({ scope: 'account', value: email }));
}
