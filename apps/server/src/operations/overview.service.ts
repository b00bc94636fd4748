import { type ApplicantStatus, applicantStatuses, assignmentShifts, type Overview } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, scopeOf } from '../auth/actor.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import { AlertsService } from './alerts.service.ts';
import { localDay } from './local-day.ts';

/**
 * The campaign dashboard: recruitment, observers ready, readiness visits, coverage per shift and
 * reports today, for one election in the actor's area. Counts only, each an indexed query.
 * The verification queue and the alerts add their figures here (null until they do).
 */
export class OverviewService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  async overview(actor: Actor, electionId: string): Promise<Overview> {
    const election = await this.elections.get(electionId);
    const scope = scopeOf(actor);
    const today = localDay(this.now(), election.timeZone);
    const repo = this.store.overview;
    // Counts only: the per-area counts the schema's triggers keep (stations, visited, covered per
    // shift, reports per quarter hour) and a few grouped queries.
    const [byStatus, assigned, marks, plans, reportsToday, verification, alertsOpen] = await Promise.all([
      repo.applicantsByStatus(electionId, scope),
      repo.assignedObservers(electionId, scope),
      repo.marks(electionId, scope),
      this.store.stationReadiness.visitProgress(electionId, today.date, scope),
      repo.reportsSince(electionId, today.start, scope),
      this.store.verification.openCounts(electionId, scope, this.now()),
      new AlertsService(this.store, this.elections, this.now).openCount(actor, election),
    ]);
    const observersReady = { applicants: repo.readyOf(byStatus), assigned };
    const stations = marks.get('station') ?? 0;
    const visited = marks.get('r:readiness') ?? 0;
    const covered = [...marks]
      .filter(([mark]) => mark.startsWith('a:'))
      .map(([mark, n]) => ({ shift: mark.slice(2), stations: n }));
    const countOf = new Map(byStatus.map((r) => [r.status, r.count]));
    const coveredOf = new Map(covered.map((r) => [r.shift, r.stations]));
    return {
      electionId,
      today: today.date,
      recruitment: {
        byStatus: applicantStatuses.map((status: ApplicantStatus) => ({ status, count: countOf.get(status) ?? 0 })),
        total: byStatus.reduce((sum, r) => sum + r.count, 0),
      },
      observersReady,
      stations,
      readiness: {
        monitoringFrom: election.monitoringFrom,
        votingDate: election.votingDate,
        visited,
        total: stations,
        plans,
      },
      coverage: assignmentShifts.map((shift) => ({ shift, covered: coveredOf.get(shift) ?? 0, total: stations })),
      reportsToday,
      verification,
      alerts: { open: alertsOpen },
    };
  }
}
