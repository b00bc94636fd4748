import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type CreateAssignmentBody, DomainError } from '@pollwatch/core';
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

  async create(actor: Actor, electionId: string, body: CreateAssignmentBody) {
    const now = this.now();
    const id = randomUUID();
    const scope = scopeOf(actor);
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
      await tx.assignments.create({ id, electionId, ...body, createdBy: actor.user.id }, now);
      await audit(
        tx,
        actor,
        { action: 'assignment.created', entityType: 'assignment', entityId: id, details: { shift: body.shift } },
        now,
      );
    });
    return (await this.store.assignments.list({ electionId, stationId: body.stationId })).find((a) => a.id === id);
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
