import { DomainError, inAreaScope, type ReportStats, subtreeIds } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import type { AnswerLines } from './answer-lines.ts';
import type { ConflictsService } from './conflicts.ts';
import type { ReportAcceptedEvent, ReportEvents } from './report-events.ts';

export interface ReportsQuery {
  stationId?: string | undefined;
  flagged?: boolean | undefined;
  limit?: number | undefined;
}

/**
 * What the HQ reads of the reports: lists, counts, one report's revisions, conflicting protocol
 * copies and the live stream, each within the actor's area (`scopeOf`), filtered in SQL.
 */
export class ReportsService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly events: ReportEvents,
    private readonly conflictsService: ConflictsService,
    private readonly answerLines: AnswerLines,
  ) {}

  list(actor: Actor, electionId: string, query: ReportsQuery) {
    return this.store.reports.list({
      electionId,
      stationId: query.stationId,
      flagged: query.flagged,
      limit: query.limit ?? 100,
      scope: scopeOf(actor),
    });
  }

  /** A report with every revision, newest first, line by line; one outside the actor's area answers 404. */
  async get(actor: Actor, id: string) {
    const report = await this.store.reports.findReport(id);
    if (!report) throw new DomainError('not_found', 'no such report');
    const summary = await this.store.reports.summary(id, scopeOf(actor));
    if (!summary) throw new OutOfScopeError('report', id);
    const revisions = await this.store.reports.revisions(id);
    // What each correction changed, line by line, with the questions' labels.
    const lines = await this.answerLines.lines(report.formId, revisions);
    // Whether the HQ chose this copy as its station's record (a copy from an unassigned observer
    // counts only then): the report page shows it instead of offering the choice again.
    const records = await this.store.reports.records([summary.stationId]);
    const isStationRecord = records.get(`${summary.stationId}:${summary.formKind}`) === id;
    return {
      report: summary,
      isStationRecord,
      revisions,
      lines,
      receivedPhotos: await this.answerLines.receivedPhotos(lines),
    };
  }

  /** Counts by kind, flagged reports and stations with conflicting copies, all counted in SQL. */
  async stats(actor: Actor, electionId: string): Promise<ReportStats> {
    const scope = scopeOf(actor);
    return {
      byKind: await this.store.reports.countsByKind(electionId, scope),
      flagged: await this.store.reports.countFlagged(electionId, scope),
      conflicts: await this.conflictsService.count(scope, electionId),
    };
  }

  conflicts(actor: Actor, electionId: string) {
    return this.conflictsService.list(actor, electionId);
  }

  chooseRecord(actor: Actor, stationId: string, kind: string, reportId: string): Promise<void> {
    return this.conflictsService.chooseRecord(actor, stationId, kind, reportId);
  }

  chainHead(): Promise<{ seq: number; hash: string }> {
    return this.store.reports.chainHead();
  }

  /**
   * Listens to the election's accepted reports, each as a server-sent-events frame. National
   * staff hear every one; a regional coordinator only those of stations in their area's subtree
   * (the subtree and the stations' areas are read when the stream opens; a station unknown then,
   * e.g. added later, is looked up again when its first report arrives). Returns the unsubscribe.
   */
  async subscribe(actor: Actor, electionId: string, listener: (frame: string) => void): Promise<() => void> {
    await this.elections.get(electionId);
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return this.events.subscribe(electionId, (_event, frame) => listener(frame));
    if (scope.kind === 'none') return () => {};
    const subtree = subtreeIds(scope.areaId, await this.store.areas.list());
    const areaOf = new Map<string, string>();
    const load = async () => {
      for (const s of await this.store.stations.listAll(electionId)) areaOf.set(s.id, s.areaId);
    };
    await load();
    let closed = false;
    // Events stay in order: once one waits for a lookup, those after it wait behind it.
    let pending: Promise<void> | undefined;
    const deliver = (event: ReportAcceptedEvent, frame: string) => {
      if (!closed && inAreaScope(scope, subtree, [areaOf.get(event.stationId)])) listener(frame);
    };
    const unsubscribe = this.events.subscribe(electionId, (event, frame) => {
      if (!pending && areaOf.has(event.stationId)) return deliver(event, frame);
      const next = (pending ?? Promise.resolve()).then(async () => {
        if (!areaOf.has(event.stationId)) await load().catch(() => undefined);
        deliver(event, frame);
      });
      pending = next;
      void next.finally(() => {
        if (pending === next) pending = undefined;
      });
    });
    return () => {
      closed = true;
      unsubscribe();
    };
  }
}
