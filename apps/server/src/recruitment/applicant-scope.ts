import type { Applicant } from '@pollwatch/core';
import { DomainError } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';

/**
 * The live applicant if the actor may see it: national staff all of them, a regional coordinator
 * those placed in their area's subtree (the scope is applied in SQL). Missing or merged away →
 * 404; existing but outside the area → 404 too, recorded as `access.out_of_scope`.
 */
export async function visibleApplicant(store: Store, actor: Actor, id: string): Promise<Applicant> {
  const applicant = await store.applicants.findById(id, scopeOf(actor));
  if (applicant && !applicant.mergedInto) return applicant;
  const exists = applicant ?? (await store.applicants.findById(id));
  if (!exists || exists.mergedInto) throw new DomainError('not_found', 'no such applicant');
  throw new OutOfScopeError('applicant', id);
}
