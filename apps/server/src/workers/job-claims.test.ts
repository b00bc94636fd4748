import { randomUUID } from 'node:crypto';
import { Store } from '@pollwatch/db';
import { describeEachDialect } from '@pollwatch/db/testing';
import { expect, it } from 'vitest';

const now = new Date('2026-12-20T08:00:00.000Z');
const name = (ru: string) => ({ ru, kk: ru, en: ru });

/** Background jobs are claimed through the database, safely from any number of processes (issue 23). */
describeEachDialect('job claims across processes (issue 23)', (db) => {
  async function queue(count: number) {
    const store = Store.over(db());
    const user = randomUUID();
    await store.users.create(
      { id: user, role: 'admin', email: null, passwordHash: null, displayName: 'HQ', locale: 'ru' },
      now,
    );
    const election = randomUUID();
    await store.elections.create(
      election,
      {
        name: name('E'),
        kind: 'presidential',
        votingDate: '2026-12-20',
        timeZone: 'Asia/Almaty',
        pollsOpen: '07:00',
        pollsClose: '20:00',
        monitoringFrom: '2026-12-10',
        turnoutCheckpoints: ['10:00'],
        ballotOptions: [],
        protocolTemplate: 'kz',
        isDemo: false,
      },
      now,
    );
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      ids.push(id);
      await store.exports.create(
        {
          id,
          electionId: election,
          kind: 'reports',
          format: 'csv',
          shape: 'wide',
          areaId: null,
          formId: null,
          requestedBy: user,
        },
        new Date(now.getTime() + i),
      );
    }
    return { store, ids };
  }

  it('hands every queued job to exactly one of several claimers racing for them', async () => {
    const { store, ids } = await queue(6);
    // Four "processes" claim at once until the queue is empty (on PostgreSQL over four connections).
    const claimer = async (runner: string) => {
      const mine: string[] = [];
      for (;;) {
        const job = await store.exports.claimNext(runner, now);
        if (!job) return mine;
        expect(job).toMatchObject({ status: 'running', runner, attempts: 1 });
        mine.push(job.id);
      }
    };
    const taken = (await Promise.all(['a', 'b', 'c', 'd'].map(claimer))).flat();
    expect(taken.sort()).toEqual([...ids].sort());
  });

  it('takes over a job whose lease ran out (its process crashed), never one that is still beating', async () => {
    const { store, ids } = await queue(2);
    const [first, second] = ids as [string, string];
    expect((await store.exports.claimNext('crashed', now))?.id).toBe(first);
    expect((await store.exports.claimNext('alive', now))?.id).toBe(second);
    const later = new Date(now.getTime() + 40_000);
    // "alive" beats; "crashed" does not.
    expect(await store.exports.beat(second, 'alive', { rowsDone: 1 }, later)).toBe(true);
    const staleBefore = new Date(later.getTime() - 30_000);
    const rescued = await store.exports.claimNext('rescuer', later, staleBefore);
    expect(rescued).toMatchObject({ id: first, runner: 'rescuer', status: 'running', attempts: 2 });
    expect(await store.exports.claimNext('rescuer', later, staleBefore)).toBeUndefined();
    // The crashed runner, if it comes back, learns the job is no longer its own.
    expect(await store.exports.beat(first, 'crashed', { rowsDone: 5 }, later)).toBe(false);
  });
});
