import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@pollwatch/core';
import { Store } from '@pollwatch/db';
import { createTestWorld, describeEachDialect } from '@pollwatch/db/testing';
import { expect, it, vi } from 'vitest';
import type { PhotoWrite } from './photo-writes.ts';
import type { BatchOutcome, PreparedReport } from './report-batch.ts';
import { writeRound } from './writer-round.ts';

// Issue 23: on SQLite the report writer's thread committed the photo row changes that queued up
// in a transaction of their own, then the group of reports in another: two flushes to disk per
// turn of its loop. Now one transaction, and a failing change still fails nothing else.

describeEachDialect('a round of the report writer', (db) => {
  const t0 = new Date('2026-12-06T10:00:00.000Z');
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');
  const quota = { since: new Date(t0.getTime() - 86_400_000), count: 100, bytes: 100_000_000 };

  async function world() {
    const store = Store.over(db());
    const w = await createTestWorld(store, t0, { stations: 2, observers: 2, formKinds: ['voting'] });
    const report = (i: number, photos: string[] = []): PreparedReport => {
      const stationId = w.stations[i] as string;
      return {
        observerId: w.observers[i] as string,
        electionId: w.election,
        station: { id: stationId, registeredVoters: null, number: i + 1 },
        body: { id: randomUUID(), revision: 1, stationId, formId: w.forms.get('voting') as string, formVersion: 1 },
        answersJson: canonicalJson({ note: `r${i}`, photos }),
        channel: 'app',
        formKind: 'voting',
        result: { problems: [], flags: [] },
        photos,
        insideWindow: true,
        receivedAt: t0,
      };
    };
    const announce = (sha256: string, uploadedBy = w.observers[0] as string): PhotoWrite => ({
      op: 'create',
      sha256,
      sizeBytes: 10,
      uploadedBy,
      at: t0,
      quota,
    });
    return { store, w, report, announce };
  }

  const photoRows = async () =>
    (await db().kysely.selectFrom('photos').select(['sha256', 'completed_at']).orderBy('sha256').execute()).map(
      (r) => `${r.sha256.slice(0, 8)} ${r.completed_at === null ? 'open' : 'complete'}`,
    );
  const reportIds = async () =>
    (await db().kysely.selectFrom('reports').select('id').orderBy('id').execute()).map((r) => r.id);
  const receipts = (outcomes: BatchOutcome[] | Error) => {
    if (outcomes instanceof Error) throw outcomes;
    return outcomes.map((o) => {
      if (!('receipt' in o)) throw new Error(`refused: ${o.refused.message}`);
      return o.receipt;
    });
  };

  it('commits the photo changes and the group of reports that queued up in one transaction', async () => {
    const { store, report, announce } = await world();
    const photo = hash('one');
    const transactions = vi.spyOn(store, 'transaction');
    const r = report(0, [photo]);
    const outcome = await writeRound(store, {
      photos: [
        announce(photo),
        { op: 'progress', sha256: photo, receivedBytes: 10, complete: { contentType: 'image/jpeg', at: t0 } },
      ],
      reports: [r, report(1)],
    });
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(outcome.photos).toEqual(['created', 'done']);
    // The report sees the photo finished before it, as when the photos committed first.
    expect(receipts(outcome.reports).map((x) => x.missingPhotos)).toEqual([[], []]);
    expect(await photoRows()).toEqual([`${photo.slice(0, 8)} complete`]);
    expect((await reportIds()).length).toBe(2);
  });

  it('fails neither the reports nor the other photo changes when one photo change fails', async () => {
    const { store, report, announce } = await world();
    const [a, b, c] = [hash('a'), hash('b'), hash('c')].sort();
    const outcome = await writeRound(store, {
      // An uploader who does not exist: the insert breaks its foreign key.
      photos: [announce(a as string), announce(b as string, randomUUID()), announce(c as string)],
      reports: [report(0), report(1)],
    });
    expect(outcome.photos[0]).toBe('created');
    expect(outcome.photos[1]).toBeInstanceOf(Error);
    expect(outcome.photos[2]).toBe('created');
    expect(receipts(outcome.reports)).toHaveLength(2);
    expect(await photoRows()).toEqual([`${a?.slice(0, 8)} open`, `${c?.slice(0, 8)} open`]);
    expect((await reportIds()).length).toBe(2);
  });

  it('fails none of the photo changes when the group of reports fails', async () => {
    const { store, report, announce } = await world();
    const photo = hash('kept');
    // An observer who does not exist: the report's insert breaks its foreign key.
    const broken = { ...report(0), observerId: randomUUID() };
    const outcome = await writeRound(store, { photos: [announce(photo)], reports: [broken, report(1)] });
    expect(outcome.photos).toEqual(['created']);
    expect(outcome.reports).toBeInstanceOf(Error);
    expect(await photoRows()).toEqual([`${photo.slice(0, 8)} open`]);
    expect(await reportIds()).toEqual([]);
  });
  it('writes the reports that join once the chain head is taken in the same transaction, after the group', async () => {
    const { store, report, announce } = await world();
    const transactions = vi.spyOn(store, 'transaction');
    // The transaction's repositories are its own: the head is taken through their class.
    const heads = vi.spyOn(Object.getPrototypeOf(store.reports), 'lockChainHead');
    const late = [report(1), report(0)];
    let headsWhenAsked = -1;
    const join = vi.fn(() => {
      headsWhenAsked = heads.mock.calls.length;
      return late.splice(0);
    });
    const first = report(0);
    const outcome = await writeRound(
      store,
      { photos: [announce(hash('j'))], reports: [first] },
      undefined,
      join,
    ).finally(() => heads.mockRestore());
    // Asked once the head is taken, not before.
    expect(headsWhenAsked).toBe(1);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(join).toHaveBeenCalledTimes(1);
    const written = receipts(outcome.reports);
    expect(written).toHaveLength(3);
    expect(written[0]?.id).toBe(first.body.id);
    // One chain, in the order written.
    expect(written.map((r) => r.chainSeq)).toEqual([1, 2, 3].map((n) => (written[0]?.chainSeq ?? 0) + n - 1));
    expect((await reportIds()).length).toBe(3);
  });

  it('keeps the reports that joined when the round is written apart after an error', async () => {
    const { store, report, announce } = await world();
    const photo = hash('apart');
    const late = [report(1)];
    const join = () => late.splice(0);
    // A photo change that breaks its foreign key fails the joint transaction: the round is written
    // again apart, and the report that had joined is in it.
    const outcome = await writeRound(
      store,
      { photos: [announce(photo, randomUUID())], reports: [report(0)] },
      undefined,
      join,
    );
    expect(outcome.photos[0]).toBeInstanceOf(Error);
    expect(receipts(outcome.reports)).toHaveLength(2);
    expect((await reportIds()).length).toBe(2);
  });
});
