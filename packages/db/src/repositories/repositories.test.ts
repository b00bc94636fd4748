import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { Store } from '../store.ts';
import { describeEachDialect } from '../testing/test-database.ts';

const now = new Date('2026-11-20T03:00:00.000Z');

describeEachDialect('repositories', (db) => {
  it('rolls many sessions forward at once, each to its own time, and leaves the others alone', async () => {
    const store = Store.over(db());
    const users = [randomUUID(), randomUUID()];
    for (const id of users) {
      await store.users.create(
        { id, role: 'observer', email: null, passwordHash: null, displayName: 'Наблюдатель', locale: 'ru' },
        now,
      );
    }
    const day = 24 * 3600_000;
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    const hashes = ['h-a', 'h-b', 'h-c'];
    for (const [i, h] of hashes.entries()) {
      await store.sessions.create(h, users[i % 2] as string, now, new Date(now.getTime() + day));
    }
    await store.transaction((tx) =>
      tx.sessions.extendMany([
        { tokenHash: 'h-c', at: at(7), expiresAt: new Date(at(7).getTime() + 2 * day) },
        { tokenHash: 'h-a', at: at(5), expiresAt: new Date(at(5).getTime() + 2 * day) },
        { tokenHash: 'h-gone', at: at(9), expiresAt: new Date(at(9).getTime() + 2 * day) },
      ]),
    );
    const a = (await store.users.withSession('h-a', now))?.session;
    const b = (await store.users.withSession('h-b', now))?.session;
    const c = (await store.users.withSession('h-c', now))?.session;
    expect(a).toMatchObject({ lastSeenAt: at(5), expiresAt: new Date(at(5).getTime() + 2 * day) });
    expect(c).toMatchObject({ lastSeenAt: at(7), expiresAt: new Date(at(7).getTime() + 2 * day) });
    expect(b).toMatchObject({ lastSeenAt: now, expiresAt: new Date(now.getTime() + day) });
    expect(await store.users.withSession('h-gone', now)).toBeUndefined();
  });

  it('maps users between rows and domain objects, keeping Cyrillic and Kazakh letters', async () => {
    const store = Store.over(db());
    const id = randomUUID();
    const created = await store.users.create(
      { id, role: 'observer', email: null, passwordHash: null, displayName: 'Әсем Ғалымқызы Үмбетова', locale: 'kk' },
      now,
    );
    expect(created).toEqual({
      id,
      role: 'observer',
      email: null,
      displayName: 'Әсем Ғалымқызы Үмбетова',
      locale: 'kk',
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    const later = new Date(now.getTime() + 1000);
    const updated = await store.users.update(id, { status: 'disabled' }, later);
    expect(updated).toMatchObject({ status: 'disabled', updatedAt: later, createdAt: now });
  });

  it('consumes an invite exactly once even when two redemptions race', async () => {
    const store = Store.over(db());
    const userId = randomUUID();
    await store.users.create(
      { id: userId, role: 'observer', email: null, passwordHash: null, displayName: 'N', locale: 'ru' },
      now,
    );
    await store.invites.create(
      { id: randomUUID(), userId, codeHash: 'h', createdBy: null, expiresAt: new Date(now.getTime() + 60_000) },
      now,
    );
    const results = await Promise.all([store.invites.consume('h', now), store.invites.consume('h', now)]);
    expect(results.filter((r) => r === userId)).toHaveLength(1);
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
  });

  it('rolls a transaction back completely when any part fails', async () => {
    const store = Store.over(db());
    await expect(
      store.transaction(async (tx) => {
        await tx.users.create(
          {
            id: randomUUID(),
            role: 'editor',
            email: 'e@example.org',
            passwordHash: 'x',
            displayName: 'E',
            locale: 'en',
          },
          now,
        );
        await tx.users.create(
          {
            id: randomUUID(),
            role: 'editor',
            email: 'e@example.org',
            passwordHash: 'x',
            displayName: 'F',
            locale: 'en',
          },
          now,
        );
      }),
    ).rejects.toMatchObject({ code: 'email_taken' });
    expect(await store.users.count()).toBe(0);
  });

  it('counts sign-in failures within a window', async () => {
    const store = Store.over(db());
    for (let i = 0; i < 3; i++) await store.signInFailures.record('ip', 'k', new Date(now.getTime() + i * 60_000));
    const since = await store.signInFailures.since('ip', 'k', new Date(now.getTime() + 30_000));
    expect(since).toEqual({ count: 2, oldest: new Date(now.getTime() + 60_000) });
    await store.signInFailures.clear('ip', 'k');
    expect((await store.signInFailures.since('ip', 'k', now)).count).toBe(0);
  });
});
