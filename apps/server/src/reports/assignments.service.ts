import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  type AssignmentWarningsDetails,
  areaPath,
  assignmentWarnings,
  type CreateAssignmentBody,
  canOverrideAssignment,
  DomainError,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { outsideArea } from '../territory/outside-area.ts';
import { exportAssignments } from './assignment-files.ts';

/**
 * Who watches which station in which shift: the model the field app and ingest rely on. A
 * regional coordinator sees and changes the assignments to stations of their area only.
 */
export class AssignmentsService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  list(actor: Actor, electionId: string, filter: { stationId?: string | undefined; observerId?: string | undefined }) {
    return this.store.assignments.list({ electionId, ...filter, scope: scopeOf(actor) });
  }

  /**
   * Sends one observer to one station. An observer outside the station's area, or not certified,
   * is a warning: refused (409 assignment_warnings, the codes in the details) unless the request
   * says `override: true`, which the audit entry records with the codes. An observer who signed up
   * for another election is refused whatever the request says.
   */
  async create(actor: Actor, electionId: string, body: CreateAssignmentBody) {
    const now = this.now();
    const id = randomUUID();
    const scope = scopeOf(actor);
    const { override, ...assignment } = body;
    await this.store.transaction(async (tx) => {
      const station = await tx.stations.findById(body.stationId);
      if (!station || station.electionId !== electionId) {
        throw new DomainError('validation_failed', 'no such station in this election', [
          { in: 'body', path: '/stationId', keyword: 'not_found' },
        ]);
      }
      if (!(await tx.stations.findById(body.stationId, scope))) throw outsideArea('/stationId');
      const observer = await tx.users.findById(body.observerId);
      if (observer?.role !== 'observer' || observer.status !== 'active') {
        throw new DomainError('validation_failed', 'not an active observer', [
          { in: 'body', path: '/observerId', keyword: 'not_observer' },
        ]);
      }
      if (!(await tx.users.findById(body.observerId, scope))) throw outsideArea('/observerId');
      const warnings = await this.warnings(tx, electionId, body);
      if (warnings.length > 0 && (!override || !canOverrideAssignment(warnings))) {
        const details: AssignmentWarningsDetails = { codes: warnings, overridable: canOverrideAssignment(warnings) };
        throw new DomainError('assignment_warnings', 'the assignment needs the coordinator to decide', details);
      }
      await tx.assignments.create({ id, electionId, ...assignment, createdBy: actor.user.id }, now);
      await audit(
        tx,
        actor,
        {
          action: 'assignment.created',
          entityType: 'assignment',
          entityId: id,
          details: { shift: body.shift, ...(warnings.length > 0 ? { overridden: warnings } : {}) },
        },
        now,
      );
    });
    return (await this.store.assignments.list({ electionId, stationId: body.stationId })).find((a) => a.id === id);
  }

  /** The warnings of sending this observer to this station (both known to exist). */
  private async warnings(tx: Store, electionId: string, body: CreateAssignmentBody) {
    const all = { kind: 'all' } as const;
    const [station] = await tx.assignmentProposals.stations(electionId, body.shift, all, [body.stationId]);
    const [observer] = await tx.assignmentProposals.observers(electionId, body.shift, all, [body.observerId]);
    if (!station || !observer) return [];
    const areas = new Map((await tx.areas.list()).map((a) => [a.id, a]));
    const path = areaPath(station.areaId, areas).map((a) => a.id);
    return assignmentWarnings({ electionId, observer, station: { areaPath: path } });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      if (!(await tx.assignments.findById(id, scopeOf(actor)))) {
        if (await tx.assignments.findById(id)) throw new OutOfScopeError('assignment', id);
        throw new DomainError('not_found', 'no such assignment');
      }
      if (!(await tx.assignments.delete(id))) throw new DomainError('not_found', 'no such assignment');
      await audit(tx, actor, { action: 'assignment.deleted', entityType: 'assignment', entityId: id }, now);
    });
  }

  /**
   * The assignments of the actor's area as a file. It names observers (and their phones): every
   * download is in the audit log, with the kind, format and row count only.
   */
  async export(actor: Actor, electionId: string, format: 'csv' | 'xlsx'): Promise<Readable> {
    const { stream, rows } = await exportAssignments(this.store, electionId, format, scopeOf(actor));
    const now = this.now();
    await this.store.transaction((tx) =>
      audit(
        tx,
        actor,
        {
          action: 'export.downloaded',
          entityType: 'assignment',
          details: { kind: 'assignments', format, rows, electionId },
        },
        now,
      ),
    );
    return stream;
  }
}
