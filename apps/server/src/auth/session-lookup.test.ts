import { Store } from '@pollwatch/db';
import { countingStore, createTestObserver, describeEachDialect } from '@pollwatch/db/testing';
import { expect, it } from 'vitest';
import { AuthService } from './auth.service.ts';
import { sha256 } from './tokens.ts';

// A request whose session is not in the server's cache (in the kz protocol window nearly every
// request: each observer's first request of a while, or one on the other process) reads the
// session and its user in one round trip, with those of the requests that arrived together
// (issue 23: two per request were two statements' work for PostgreSQL's backend and for the
// server), and still refuses an expired session or a disabled account.

describeEachDialect('session look-up', (db) => {
  const now = new Date('2026-12-06T15:00:00.000Z');
  const policy = { staffSessionHours: 12, observerSessionDays: 3, inviteDays: 7 };

  async function setup() {
    const plain = Store.over(db());
    const { store, statements } = countingStore(db());
    const observer = await createTestObserver(plain, now);
    const token = `token-${observer}`;
    await plain.sessions.create(sha256(token), observer, now, new Date(now.getTime() + 3600_000));
    return { plain, store, observer, token, count: () => statements.length };
  }

  it('reads the session and its user in one statement', async () => {
    const s = await setup();
    const auth = new AuthService(s.store, policy, () => now);
    const found = await auth.userForToken(s.token);
    expect(found?.user.id).toBe(s.observer);
    expect(s.count()).toBe(1);
    expect(await auth.stillSignedIn(sha256(s.token))).toBe(true);
    expect(s.count()).toBe(2);
  });

  it('reads the sessions of requests that arrive together in one statement', async () => {
    const s = await setup();
    const other = await createTestObserver(s.plain, now);
    await s.plain.sessions.create(sha256('other'), other, now, new Date(now.getTime() + 3600_000));
    const auth = new AuthService(s.store, policy, () => now);
    const found = await Promise.all([
      auth.userForToken(s.token),
      auth.userForToken('other'),
      auth.userForToken('not-a-token'),
      auth.userForToken(s.token),
    ]);
    expect(found.map((f) => f?.user.id)).toEqual([s.observer, other, undefined, s.observer]);
    // One per request before (two before the previous change).
    expect(s.count()).toBe(1);
  });

  it('refuses an expired session, an unknown token and a disabled account', async () => {
    const s = await setup();
    const later = new AuthService(s.store, policy, () => new Date(now.getTime() + 2 * 3600_000));
    expect(await later.userForToken(s.token)).toBeUndefined();
    const auth = new AuthService(s.store, policy, () => now);
    expect(await auth.userForToken('not-a-token')).toBeUndefined();
    await s.plain.users.update(s.observer, { status: 'disabled' }, now);
    expect(await auth.userForToken(s.token)).toBeUndefined();
    expect(await auth.stillSignedIn(sha256(s.token))).toBe(false);
  });
});
