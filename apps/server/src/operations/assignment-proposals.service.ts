import { randomUUID } from 'node:crypto';
import {
  type AssignmentShift,
  availableFor,
  type ConfirmProposalBody,
  type ConfirmProposalResult,
  DEFAULT_PER_STATION_CAP,
  DomainError,
  isCertified,
  overridableConflicts,
  type ProposalBody,
  type ProposalDto,
  type ProposalObserver,
  type ProposalRowConflicts,
  type ProposalStation,
  proposalConflicts,
  proposeAssignments,
  signedUpElsewhere,
} from '@pollwatch/core';
import type { ProposalObserverFacts, ProposalStationFacts, Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import type { ElectionsService } from '../elections/elections.service.ts';
import { outsideArea } from '../territory/outside-area.ts';

/** Where the quick count keeps its sample (see analysis/quick-count.service.ts). */
const sampleKey = (electionId: string) => `quick_count:${electionId}`;

/**
 * The automatic assignment proposal (issue 17): for one shift, free observers of the actor's area
 * proposed for its uncovered stations (core's `proposeAssignments`); nothing is written until the
 * coordinator confirms the rows they kept, which then become assignments in one transaction, each
 * audited. An observer who signed up for another election is never proposed, and a confirmation
 * naming one is refused (`other_election`, not overridable). Moving an observer is deleting one
 * assignment and confirming another: reports keep the station they were sent from, so an
 * observer's past reports stay on the old station.
 */
export class AssignmentProposalsService {
  constructor(
    private readonly store: Store,
    private readonly elections: ElectionsService,
    private readonly now: () => Date,
  ) {}

  async propose(actor: Actor, electionId: string, body: ProposalBody): Promise<ProposalDto> {
    await this.elections.get(electionId);
    const scope = scopeOf(actor);
    const cap = body.perStationCap ?? DEFAULT_PER_STATION_CAP;
    const repo = this.store.assignmentProposals;
    const [stations, observers, parents, sample] = await Promise.all([
      repo.stations(electionId, body.shift, scope),
      repo.observers(electionId, body.shift, scope),
      repo.areaParents(),
      this.sampledStations(electionId),
    ]);
    const byId = new Map(stations.map((s) => [s.id, s]));
    const names = new Map(observers.map((o) => [o.id, o.name]));
    const proposal = proposeAssignments({
      stations: stations.map((s) => proposalStation(s, parents, sample)),
      observers: observers.map((o) => proposalObserver(o, body.shift, electionId)),
      cap,
    });
    // Rows in the stations' order (region, number), as the coordinator reads lists.
    const order = new Map(stations.map((s, i) => [s.id, i]));
    const rows = [...proposal.rows].sort(
      (a, b) =>
        (order.get(a.stationId) ?? 0) - (order.get(b.stationId) ?? 0) || a.observerId.localeCompare(b.observerId),
    );
    return {
      shift: body.shift,
      perStationCap: cap,
      rows: rows.map((r) => {
        const station = byId.get(r.stationId) as ProposalStationFacts;
        return {
          observerId: r.observerId,
          observerName: names.get(r.observerId) ?? '',
          stationId: r.stationId,
          stationNumber: station.number,
          stationAddress: station.address,
          inSample: sample.has(r.stationId),
          alternatives: (proposal.alternatives[r.stationId] ?? []).map((id) => ({ id, name: names.get(id) ?? '' })),
        };
      }),
      stations: stations.length,
      uncoveredBefore: proposal.uncoveredBefore,
      uncoveredAfter: proposal.uncoveredAfter,
      sampleUncovered: proposal.sampleUncovered,
      sampleCovered: proposal.sampleCovered,
      observers: observers.length,
      skipped: proposal.skipped,
    };
  }

  /**
   * Creates the kept rows as assignments, all or none. Rows naming a station or observer outside
   * the actor's area are refused (422 outside_area); rows with conflicts are refused (409
   * assignment_conflicts, per row) unless every conflict is overridable and `override` is set,
   * which each assignment's audit entry records.
   */
  async confirm(actor: Actor, electionId: string, body: ConfirmProposalBody): Promise<ConfirmProposalResult> {
    await this.elections.get(electionId);
    const scope = scopeOf(actor);
    const cap = body.perStationCap ?? DEFAULT_PER_STATION_CAP;
    const now = this.now();
    const stationIds = body.rows.map((r) => r.stationId);
    const observerIds = body.rows.map((r) => r.observerId);
    return this.store.transaction(async (tx) => {
      const repo = tx.assignmentProposals;
      const [stations, observers, parents, sample] = await Promise.all([
        repo.stations(electionId, body.shift, scope, stationIds),
        repo.observers(electionId, body.shift, scope, observerIds),
        repo.areaParents(),
        this.sampledStations(electionId, tx),
      ]);
      const stationOf = new Map(stations.map((s) => [s.id, s]));
      const observerOf = new Map(observers.map((o) => [o.id, o]));
      const missingStation = body.rows.findIndex((r) => !stationOf.has(r.stationId));
      if (missingStation >= 0) await this.refuseRow(tx, electionId, body.rows, missingStation, 'station');
      const missingObserver = body.rows.findIndex((r) => !observerOf.has(r.observerId));
      if (missingObserver >= 0) await this.refuseRow(tx, electionId, body.rows, missingObserver, 'observer');

      const conflicts = proposalConflicts(
        body.rows.map((r) => {
          const o = observerOf.get(r.observerId) as ProposalObserverFacts;
          return {
            ...r,
            observer: { ...proposalObserver(o, body.shift, electionId), bookedAt: o.bookedAt },
            station: proposalStation(stationOf.get(r.stationId) as ProposalStationFacts, parents, sample),
          };
        }),
        cap,
      );
      const problems: ProposalRowConflicts[] = conflicts
        .map((codes, row) => ({ row, codes, overridable: codes.every((c) => overridableConflicts.includes(c)) }))
        .filter((p) => p.codes.length > 0);
      if (problems.some((p) => !p.overridable || !body.override)) {
        throw new DomainError('assignment_conflicts', 'some rows conflict with existing assignments or rules', {
          rows: problems,
        });
      }

      const assignmentIds: string[] = [];
      for (const [row, r] of body.rows.entries()) {
        const id = randomUUID();
        await tx.assignments.create({ id, electionId, ...r, shift: body.shift, createdBy: actor.user.id }, now);
        const overridden = conflicts[row] ?? [];
        await audit(
          tx,
          actor,
          {
            action: 'assignment.created',
            entityType: 'assignment',
            entityId: id,
            details: { shift: body.shift, proposal: true, ...(overridden.length > 0 ? { overridden } : {}) },
          },
          now,
        );
        assignmentIds.push(id);
      }
      return {
        created: assignmentIds.length,
        assignmentIds,
        overridden: problems.map((p) => ({ row: p.row, codes: p.codes })),
      };
    });
  }

  /** A row names something that is not there for the actor: another area's (422), or nothing at all. */
  private async refuseRow(
    tx: Store,
    electionId: string,
    rows: ConfirmProposalBody['rows'],
    row: number,
    what: 'station' | 'observer',
  ): Promise<never> {
    const r = rows[row] as ConfirmProposalBody['rows'][number];
    const all = { kind: 'all' } as const;
    const exists =
      what === 'station'
        ? (await tx.assignmentProposals.stations(electionId, 'voting_day', all, [r.stationId])).length > 0
        : (await tx.assignmentProposals.observers(electionId, 'voting_day', all, [r.observerId])).length > 0;
    const path = `/rows/${row}/${what}Id`;
    if (exists) throw outsideArea(path);
    throw new DomainError('validation_failed', `no such ${what} in this election`, [
      { in: 'body', path, keyword: what === 'station' ? 'not_found' : 'not_observer' },
    ]);
  }

  private async sampledStations(electionId: string, store: Store = this.store): Promise<Set<string>> {
    const stored = (await store.settings.get(sampleKey(electionId))) as
      | { stations?: { stationKey?: unknown }[] }
      | undefined;
    return new Set((stored?.stations ?? []).map((s) => s.stationKey).filter((k): k is string => typeof k === 'string'));
  }
}

function areaPath(areaId: string, parents: Map<string, string | null>): string[] {
  const path: string[] = [];
  for (let a: string | null | undefined = areaId; a && !path.includes(a); a = parents.get(a)) path.push(a);
  return path;
}

function proposalStation(
  s: ProposalStationFacts,
  parents: Map<string, string | null>,
  sample: Set<string>,
): ProposalStation {
  return { id: s.id, areaPath: areaPath(s.areaId, parents), inSample: sample.has(s.id), assigned: s.assigned };
}

function proposalObserver(o: ProposalObserverFacts, shift: AssignmentShift, electionId: string): ProposalObserver {
  return {
    id: o.id,
    areaIds: o.areaIds,
    available: availableFor(shift, o.availability),
    certified: isCertified(o.applicantStatus),
    booked: o.bookedAt.length > 0,
    // The same rule as a manual assignment's `other_election`: refused, whatever the override says.
    otherElection: signedUpElsewhere(o.electionIds, electionId),
  };
}
