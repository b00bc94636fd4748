import { newReportId } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

export interface BulkReportsOptions {
  electionId: string;
  stations: readonly string[];
  form: { formId: string; version: number; kind: string };
  observerId: string;
  revisions: number;
  /** Answers of the i-th revision (about 1 KB is what a voting visit weighs). */
  answers: (i: number) => Record<string, unknown>;
  /** Chain positions start here (placeholders: a fixture's chain is never verified). */
  seqFrom?: number;
  /** Revisions written per transaction. */
  batch?: number;
  at?: Date;
  /** The i-th revision's client time (default: when it was made, ISO-8601). */
  clientTime?: (i: number) => string | null;
  onBatch?: (written: number) => void;
}

/**
 * Many reports with three revisions each, written straight through the repositories in a few big
 * transactions (not through HTTP): for the export test and `npm run bench -- export`.
 */
export async function bulkReports(store: Store, o: BulkReportsOptions): Promise<number> {
  const batch = o.batch ?? 30_000;
  const start = (o.at ?? new Date()).getTime();
  let seq = o.seqFrom ?? 10_000_000;
  let written = 0;
  let report = 0;
  while (written < o.revisions) {
    const size = Math.min(batch, o.revisions - written);
    const reports: Parameters<Store['reports']['insertReports']>[0] = [];
    const revisions: Parameters<Store['reports']['insertRevisions']>[0] = [];
    let n = 0;
    while (n < size) {
      const count = Math.min(3, size - n);
      const ms = start + report * 1000;
      const id = newReportId(ms);
      const stationId = o.stations[report % o.stations.length] as string;
      const flags = report % 17 === 0 ? [{ code: 'missing_required' as const, ref: 'visit_time' }] : [];
      reports.push({
        id,
        electionId: o.electionId,
        stationId,
        formId: o.form.formId,
        formKind: o.form.kind as never,
        observerId: o.observerId,
        channel: 'web',
        latestRevision: count,
        flags,
        createdAt: new Date(ms),
      });
      for (let r = 1; r <= count; r++) {
        revisions.push({
          reportId: id,
          revision: r,
          formVersion: o.form.version,
          answersJson: JSON.stringify(o.answers(written + n + r - 1)),
          photos: [],
          flags: r === count ? flags : [],
          clientTime: o.clientTime ? o.clientTime(written + n + r - 1) : new Date(ms).toISOString(),
          receivedAt: new Date(ms + r * 1000),
          chainSeq: seq++,
          chainHash: '0'.repeat(64),
        });
      }
      n += count;
      report += 1;
    }
    await store.transaction(async (tx) => {
      await tx.reports.insertReports(reports);
      await tx.reports.insertRevisions(revisions);
    });
    written += size;
    o.onBatch?.(written);
  }
  return written;
}
