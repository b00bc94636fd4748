import { type ClassPlacesBody, DomainError, type RemindersQuery } from '@pollwatch/core';
import type { SchoolClass, Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { visibleApplicant } from '../recruitment/applicant-scope.ts';
import { promoteWaiting } from './class-places.ts';

/** The HQ's side of a class's places and reminders: capacity, the waiting list, the calls to make. */
export class SchoolPlacesService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private async visibleClass(tx: Store, actor: Actor, id: string): Promise<SchoolClass> {
    const found = await tx.school.findClass(id, scopeOf(actor));
    if (found) return found;
    if (await tx.school.findClass(id)) throw new OutOfScopeError('school_class', id);
    throw new DomainError('not_found', 'no such class');
  }

  /**
   * Changes a class's capacity. More places go at once to the waiting list, first come first
   * served; fewer places take nobody's place away (the next free place then waits until the class
   * is under its capacity again).
   */
  async changePlaces(actor: Actor, id: string, body: ClassPlacesBody) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.visibleClass(tx, actor, id);
      await tx.schoolPlaces.lockClass(id);
      const before = (await tx.school.findClass(id)) as SchoolClass;
      await tx.schoolPlaces.setCapacity(id, body.capacity);
      await audit(
        tx,
        actor,
        {
          action: 'school.class_places_changed',
          entityType: 'school_class',
          entityId: id,
          details: { from: before.capacity, to: body.capacity },
        },
        now,
      );
      const promoted = await promoteWaiting(tx, { ...before, capacity: body.capacity }, actor, 'capacity', now);
      return { capacity: body.capacity, promoted: promoted.length };
    });
  }

  /** The reminders of an election's classes, of people in the actor's area; `to_call` is the call list. */
  async reminders(actor: Actor, electionId: string, query: RemindersQuery) {
    if (!(await this.store.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
    const items = await this.store.schoolPlaces.listReminders(electionId, scopeOf(actor), query);
    return {
      items: items.map((r) => ({
        ...r,
        startsAt: r.startsAt.toISOString(),
        doneAt: r.doneAt?.toISOString() ?? null,
      })),
    };
  }

  /** The coordinator reached the person by phone. */
  async markCalled(actor: Actor, id: string) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const reminder = await tx.schoolPlaces.findReminder(id);
      if (!reminder) throw new DomainError('not_found', 'no such reminder');
      await visibleApplicant(tx, actor, reminder.applicantId);
      if (!(await tx.schoolPlaces.markCalled(id, actor.user.id, now))) {
        throw new DomainError('conflict', 'this reminder is not waiting for a call');
      }
      await audit(
        tx,
        actor,
        {
          action: 'school.reminder_called',
          entityType: 'school_reminder',
          entityId: id,
          details: { classId: reminder.classId, applicantId: reminder.applicantId, kind: reminder.kind },
        },
        now,
      );
      return { status: 'called' as const };
    });
  }
}
