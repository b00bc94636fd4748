import { createHash } from 'node:crypto';
import { CHAIN_GENESIS, type ChainedRevision, chainPayload } from '@pollwatch/core';
import type { ChainRow, Store } from '@pollwatch/db';

/** hash = SHA-256(previous hash ‖ canonical JSON of the revision), as hex. */
export function nextChainHash(previous: string, revision: ChainedRevision): string {
  return chainHashOf(previous, chainPayload(revision));
}

/** The same from the revision's payload already made (`chainPayloadOf`). */
export function chainHashOf(previous: string, payload: string): string {
  return createHash('sha256').update(previous).update(payload).digest('hex');
}

export function chainedRevisionOf(row: ChainRow): ChainedRevision {
  return {
    reportId: row.reportId,
    revision: row.revision,
    electionId: row.electionId,
    stationId: row.stationId,
    formId: row.formId,
    formVersion: row.formVersion,
    observerId: row.observerId,
    answers: row.answers,
    photos: row.photos,
    receivedAt: row.receivedAt.toISOString(),
  };
}

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | {
      ok: false;
      entries: number;
      /** The first entry that does not hold: its position, report and revision, and what is wrong. */
      first: {
        seq: number;
        reportId: string | null;
        revision: number | null;
        problem: 'altered' | 'missing' | 'inserted' | 'head_mismatch';
      };
    };

/**
 * Recomputes the chain from the first revision. An edited revision no longer hashes to what was
 * stored; a deleted one leaves a gap in the sequence; an inserted or reordered one breaks the link
 * to its predecessor; removing entries at the end leaves the recorded head pointing past them.
 */
export async function verifyChain(store: Store, pageSize = 5000): Promise<ChainVerdict> {
  let previous = CHAIN_GENESIS;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const page = await store.reports.chainPage(expectedSeq - 1, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      if (row.chainSeq !== expectedSeq) {
        return {
          ok: false,
          entries,
          first: {
            seq: expectedSeq,
            reportId: null,
            revision: null,
            problem: row.chainSeq > expectedSeq ? 'missing' : 'inserted',
          },
        };
      }
      const computed = nextChainHash(previous, chainedRevisionOf(row));
      if (computed !== row.chainHash) {
        // The stored hash still links to the previous entry's hash only if this row's content was
        // changed after the fact; otherwise the row itself was put here (inserted or moved).
        return {
          ok: false,
          entries,
          first: { seq: row.chainSeq, reportId: row.reportId, revision: row.revision, problem: 'altered' },
        };
      }
      previous = computed;
      expectedSeq += 1;
      entries += 1;
    }
  }
  const head = await store.reports.chainHead();
  if (head.seq !== entries || head.hash !== previous) {
    return {
      ok: false,
      entries,
      first: { seq: entries + 1, reportId: null, revision: null, problem: 'head_mismatch' },
    };
  }
  return { ok: true, entries, head: previous };
}
