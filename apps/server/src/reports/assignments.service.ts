import { randomUUID } from 'node:crypto';
import { type CreateAssignmentBody, DomainError } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, audit } from '../auth/actor.ts';

/** Who watches which station in which shift: the model the field app and ingest rely on. */
export class AssignmentsService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  list(electionId: string, filter: { stationId?: string | undefined; observerId?: string | undefined }) {
    return this.store.assignments.list({ electionId, ...filter });
  }

  async create(actor: Actor, electionId: string, body: CreateAssignmentBody) {
    const now = this.now();
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      const station = await tx.stations.findById(body.stationId);
      if (!station || station.electionId !== electionId) {
        throw new DomainError('validation_failed', 'no such station in this election', [
          { in: 'body', path: '/stationId', keyword: 'not_found' },
        ]);
      }
      const observer = await tx.users.findById(body.observerId);
      if (observer?.role !== 'observer' || observer.status !== 'active') {
        throw new DomainError('validation_failed', 'not an active observer', [
          { in: 'body', path: '/observerId', keyword: 'not_observer' },
        ]);
      }
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
      if (!(await tx.assignments.delete(id))) throw new DomainError('not_found', 'no such assignment');
      await audit(tx, actor, { action: 'assignment.deleted', entityType: 'assignment', entityId: id }, now);
    });
  }
}
