import { type AreaScope, DomainError } from '@pollwatch/core';
import type { Store, StoredRevision } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { AnswerLines, FormVersions } from './answer-lines.ts';

type ListedReport = Awaited<ReturnType<Store['reports']['conflictingCopies']>>[number];

/**
 * Conflicting protocol copies: stations whose observers sent different protocols (ingest flags
 * them `protocol_conflict`), found by a query within the actor's area, and the HQ's choice of the
 * station's record.
 */
export class ConflictsService {
  constructor(
    private readonly store: Store,
    private readonly answerLines: AnswerLines,
    private readonly now: () => Date,
  ) {}

  /** How many stations in the scope have conflicting protocol copies. */
  count(scope: AreaScope, electionId: string): Promise<number> {
    return this.store.reports.countConflictStations(electionId, scope);
  }

  /**
   * Stations whose observers sent different protocol copies: each copy, the copies' latest answers
   * line by line (which lines disagree) and the HQ's choice if made.
   */
  async list(actor: Actor, electionId: string) {
    const byStation = new Map<string, ListedReport[]>();
    for (const r of await this.store.reports.conflictingCopies(electionId, scopeOf(actor))) {
      byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
    }
    const records = await this.store.reports.records([...byStation.keys()]);
    const conflicts = [];
    const versions: FormVersions = new Map();
    for (const [stationId, reports] of byStation) {
      const revisions = (
        await Promise.all(reports.map((r) => this.store.reports.findRevision(r.id, r.revision)))
      ).filter((r): r is StoredRevision => r !== undefined);
      const formId = reports[0]?.formId;
      // Copies of one station are compared on the first copy's form (protocol forms share their ids).
      const comparison =
        formId && revisions.length === reports.length ? await this.answerLines.lines(formId, revisions, versions) : [];
      conflicts.push({
        stationId,
        stationNumber: reports[0]?.stationNumber ?? 0,
        formKind: 'protocol',
        reports,
        chosenReportId: records.get(`${stationId}:protocol`) ?? null,
        comparison,
        receivedPhotos: await this.answerLines.receivedPhotos(comparison),
      });
    }
    return conflicts.sort((a, b) => a.stationNumber - b.stationNumber);
  }

  /** The HQ decides which copy is the station's record; the decision is audited. */
  async chooseRecord(actor: Actor, stationId: string, kind: string, reportId: string): Promise<void> {
    const now = this.now();
    const scope = scopeOf(actor);
    await this.store.transaction(async (tx) => {
      if (scope.kind !== 'all' && !(await tx.reports.stationVisible(stationId, scope))) {
        if (await tx.stations.findById(stationId)) throw new OutOfScopeError('station', stationId);
      }
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
}
