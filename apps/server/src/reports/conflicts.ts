import { DomainError } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';

/** Stations whose observers sent different protocol copies, with the HQ's choice if made. */
export async function listConflicts(store: Store, electionId: string) {
  const flagged = (await store.reports.list({ electionId, flagged: true, limit: 10_000 })).filter(
    (r) => r.formKind === 'protocol' && r.flags.some((f) => f.code === 'protocol_conflict'),
  );
  const byStation = new Map<string, typeof flagged>();
  for (const r of flagged) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
  const records = await store.reports.records([...byStation.keys()]);
  return [...byStation.entries()]
    .map(([stationId, reports]) => ({
      stationId,
      stationNumber: reports[0]?.stationNumber ?? 0,
      formKind: 'protocol',
      reports,
      chosenReportId: records.get(`${stationId}:protocol`) ?? null,
    }))
    .sort((a, b) => a.stationNumber - b.stationNumber);
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
