import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { Store } from '../store.ts';
import { describeEachDialect } from '../testing/test-database.ts';

const now = new Date('2026-11-20T03:00:00.000Z');

describeEachDialect('repositories', (db) => {
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
