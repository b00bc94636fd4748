import type { User } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache.ts';

const at = (iso: string) => new Date(iso);
const user = (id: string): User => ({
  id,
  role: 'observer',
  email: null,
  displayName: 'Наблюдатель',
  locale: 'ru',
  status: 'active',
  createdAt: at('2026-11-01T00:00:00Z'),
  updatedAt: at('2026-11-01T00:00:00Z'),
});
const session = (userId: string, expiresAt = '2026-11-21T00:00:00Z') => ({
  userId,
  createdAt: at('2026-11-01T00:00:00Z'),
  lastSeenAt: at('2026-11-20T06:00:00Z'),
  expiresAt: at(expiresAt),
});

describe('SessionCache', () => {
  it('answers for a second after the read, then asks the database again', () => {
    const cache = new SessionCache(1000);
    cache.set('t1', user('u1'), session('u1'), at('2026-11-20T06:00:00.000Z'));
    expect(cache.get('t1', at('2026-11-20T06:00:00.999Z'))?.user.id).toBe('u1');
    expect(cache.get('t1', at('2026-11-20T06:00:01.000Z'))).toBeUndefined();
    // Gone, not merely stale.
    expect(cache.get('t1', at('2026-11-20T06:00:00.500Z'))).toBeUndefined();
  });

  it('never serves an expired session, nor an entry from the future when the clock goes back', () => {
    const cache = new SessionCache(60_000);
    cache.set('t1', user('u1'), session('u1', '2026-11-20T06:00:00.500Z'), at('2026-11-20T06:00:00.000Z'));
    expect(cache.get('t1', at('2026-11-20T06:00:00.500Z'))).toBeUndefined();
    cache.set('t2', user('u2'), session('u2'), at('2026-11-20T06:00:10.000Z'));
    expect(cache.get('t2', at('2026-11-20T06:00:09.000Z'))).toBeUndefined();
  });

  it('forgets one token, or every session of an account', () => {
    const cache = new SessionCache(60_000);
    const now = at('2026-11-20T06:00:00Z');
    cache.set('phone', user('u1'), session('u1'), now);
    cache.set('laptop', user('u1'), session('u1'), now);
    cache.set('other', user('u2'), session('u2'), now);
    cache.forgetToken('phone');
    expect(cache.get('phone', now)).toBeUndefined();
    expect(cache.get('laptop', now)).toBeDefined();
    cache.forgetUser('u1');
    expect(cache.get('laptop', now)).toBeUndefined();
    expect(cache.get('other', now)?.user.id).toBe('u2');
  });
});
