import { type AreaScope, type NewAuditEntry, scopeFor, type User } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

/**
 * The signed-in user on whose behalf a service writes. Services record their audit entries
 * in the same transaction as the write; `audited` lets the HTTP edge catch a write that did not.
 */
export interface Actor {
  user: User;
  audited: boolean;
}

export async function audit(
  tx: Store,
  actor: Actor | null,
  entry: Omit<NewAuditEntry, 'actorId'>,
  now: Date,
): Promise<void> {
  await tx.audit.append({ ...entry, actorId: actor?.user.id ?? null }, now);
  if (actor) actor.audited = true;
}

/** The part of the territory the actor sees and acts on: one policy (`scopeFor`), applied in SQL. */
export function scopeOf(actor: Actor): AreaScope {
  return scopeFor(actor.user);
}
