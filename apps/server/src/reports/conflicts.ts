import { DomainError } from '@pollwatch/core';
import type { Store, StoredRevision } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';
import { answerLines, type FormVersions, receivedPhotosOf } from './answer-lines.ts';

type ListedReport = Awaited<ReturnType<Store['reports']['list']>>[number];

/** How many stations have conflicting protocol copies. */
export async function countConflicts(store: Store, electionId: string): Promise<number> {
  return (await conflictingReports(store, electionId)).size;
}

/**
 * Stations whose observers sent different protocol copies: each copy, the copies' latest answers
 * line by line (which lines disagree) and the HQ's choice if made.
 */
export async function listConflicts(store: Store, electionId: string) {
  const byStation = await conflictingReports(store, electionId);
  const records = await store.reports.records([...byStation.keys()]);
  const conflicts = [];
  const versions: FormVersions = new Map();
  for (const [stationId, reports] of byStation) {
    const revisions = (await Promise.all(reports.map((r) => store.reports.findRevision(r.id, r.revision)))).filter(
      (r): r is StoredRevision => r !== undefined,
    );
    const formId = reports[0]?.formId;
    // Copies of one station are compared on the first copy's form (protocol forms share their ids).
    const comparison =
      formId && revisions.length === reports.length ? await answerLines(store, formId, revisions, versions) : [];
    conflicts.push({
      stationId,
      stationNumber: reports[0]?.stationNumber ?? 0,
      formKind: 'protocol',
      reports,
      chosenReportId: records.get(`${stationId}:protocol`) ?? null,
      comparison,
      receivedPhotos: await receivedPhotosOf(store, comparison),
    });
  }
  return conflicts.sort((a, b) => a.stationNumber - b.stationNumber);
}

async function conflictingReports(store: Store, electionId: string): Promise<Map<string, ListedReport[]>> {
  const flagged = (await store.reports.list({ electionId, flagged: true, limit: 10_000 })).filter(
    (r) => r.formKind === 'protocol' && r.flags.some((f) => f.code === 'protocol_conflict'),
  );
  const byStation = new Map<string, ListedReport[]>();
  for (const r of flagged) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
  return byStation;
}

/** The HQ decides which copy is the station's record; the decision is audited. */
export async function chooseRecord(
  store: Store,
  actor: Actor,
  stationId: string,
  kind: string,
  reportId: string,
  now: Date,
) {
  await store.transaction(async (tx) => {
    const report = await tx.reports.findReport(reportId);
    if (!report || report.stationId !== stationId || report.formKind !== kind) {
      throw new DomainError('validation_failed', 'the report is not a report of this kind at this station', [
        { in: 'body', path: '/reportId', keyword: 'not_found' },
      ]);
    }
    await tx.reports.chooseRecord(stationId, kind, reportId, actor.user.id, now);
    await audit(
      tx,
      actor,
      { action: 'report.record_chosen', entityType: 'report', entityId: reportId, details: { stationId, kind } },
      now,
    );
  });
}
