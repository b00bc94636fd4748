import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  isRetryable,
  nextRevision,
  type OutboxEntry,
  outboxCounts,
  photoHashes,
  RETRY_MAX_MS,
  sendable,
  unchangedRevision,
} from './outbox-model.ts';

let n = 0;
function entry(patch: Partial<OutboxEntry>): OutboxEntry {
  n++;
  return {
    key: `k${n}`,
    id: 'r1',
    revision: 1,
    userId: 'u',
    electionId: 'e',
    stationId: 's',
    formId: 'f',
    formVersion: 1,
    formKind: 'opening',
    answers: {},
    clientTime: `2026-11-10T06:00:${String(n).padStart(2, '0')}.000Z`,
    photos: [],
    state: 'queued',
    attempts: 0,
    nextAttemptAt: 0,
    ...patch,
  };
}

describe('outbox rules', () => {
  it('backs off exponentially with jitter, within the upper half, up to five minutes', () => {
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(1, () => 1)).toBe(2_000);
    expect(backoffDelay(3, () => 1)).toBe(8_000);
    expect(backoffDelay(30, () => 1)).toBe(RETRY_MAX_MS);
    expect(backoffDelay(30, () => 0)).toBe(RETRY_MAX_MS / 2);
  });

  it('retries lost connections, server errors, throttling and ended sessions; not refusals', () => {
    expect(isRetryable({ code: 'network', status: 0 })).toBe(true);
    expect(isRetryable({ code: 'internal', status: 503 })).toBe(true);
    expect(isRetryable({ code: 'rate_limited', status: 429 })).toBe(true);
    expect(isRetryable({ code: 'unauthenticated', status: 401 })).toBe(true);
    for (const code of ['report_invalid', 'report_conflict', 'election_closed', 'validation_failed']) {
      expect(
        isRetryable({ code, status: code === 'report_invalid' ? 422 : code === 'validation_failed' ? 400 : 409 }),
      ).toBe(false);
    }
  });

  it('numbers corrections after the last revision; a refused revision is fixed under its own number', () => {
    expect(nextRevision([], 'r1')).toBe(1);
    expect(nextRevision([entry({ state: 'accepted' })], 'r1')).toBe(2);
    expect(nextRevision([entry({ state: 'queued' })], 'r1')).toBe(2);
    expect(nextRevision([entry({ state: 'accepted' }), entry({ revision: 2, state: 'attention' })], 'r1')).toBe(2);
    expect(nextRevision([entry({ state: 'attention', supersededBy: 'x' }), entry({ state: 'accepted' })], 'r1')).toBe(
      2,
    );
  });

  it('follows the receipt when the server acknowledged an unchanged revision with the previous one', () => {
    const receipt = { revision: 1 } as NonNullable<OutboxEntry['receipt']>;
    const accepted = [entry({ state: 'accepted' }), entry({ revision: 2, state: 'accepted', receipt })];
    expect(nextRevision(accepted, 'r1')).toBe(2);
  });

  it('finds a save that changes nothing, whatever the order of its answers', () => {
    const sent = [entry({ state: 'accepted', formVersion: 1, answers: { a: 1, b: [2, 3] } })];
    expect(unchangedRevision(sent, 'r1', 1, { b: [2, 3], a: 1 })).toBe(sent[0]);
    expect(unchangedRevision(sent, 'r1', 1, { a: 1, b: [3, 2] })).toBeUndefined();
    expect(unchangedRevision(sent, 'r1', 2, { a: 1, b: [2, 3] })).toBeUndefined();
    expect(unchangedRevision([{ ...sent[0], state: 'attention' } as OutboxEntry], 'r1', 1, { a: 1, b: [2, 3] })).toBe(
      undefined,
    );
  });

  it('sends revisions of a report in order, and waits out the back-off', () => {
    const first = entry({ state: 'queued' });
    const second = entry({ revision: 2, state: 'queued' });
    const other = entry({ id: 'r2', nextAttemptAt: 5_000 });
    expect(sendable([second, first, other], 1_000).map((e) => e.key)).toEqual([first.key]);
    expect(sendable([{ ...first, state: 'accepted' }, second, other], 6_000).map((e) => e.key)).toEqual([
      second.key,
      other.key,
    ]);
    // Behind a refused revision nothing of that report goes until it is fixed.
    expect(sendable([{ ...first, state: 'attention' }, second], 6_000)).toEqual([]);
    expect(sendable([{ ...first, state: 'attention', supersededBy: second.key }, second], 6_000)).toEqual([second]);
  });

  it('counts each report once, by its newest revision', () => {
    const counts = outboxCounts([
      entry({ state: 'accepted' }),
      entry({ revision: 2, state: 'queued' }),
      entry({ id: 'r2', state: 'accepted' }),
      entry({ id: 'r3', state: 'attention' }),
    ]);
    expect(counts).toEqual({ queued: 1, accepted: 1, attention: 1 });
  });

  it('finds the photo hashes a report refers to', () => {
    const h = 'a'.repeat(64);
    expect(photoHashes({ protocol_photos: [h, h], remarks: 'no', visit: [{ p: 'b'.repeat(64) }] })).toEqual([
      h,
      'b'.repeat(64),
    ]);
  });
});
