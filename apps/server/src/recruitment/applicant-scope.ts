import { type Applicant, can, DomainError, subtreeIds } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';

/**
 * Which applicants an account may see: admins and HQ coordinators all of them; a regional
 * coordinator those placed in their area's subtree (none without an area); everyone else none.
 * `undefined` means no restriction.
 */
export async function applicantScope(store: Store, actor: Actor): Promise<string[] | undefined> {
  const role = actor.user.role;
  if (role === 'admin' || role === 'coordinator') return undefined;
  if (role !== 'regional_coordinator' || !can(role, 'applicants.read')) return [];
  const areaId = (await store.users.findById(actor.user.id))?.areaId;
  if (!areaId) return [];
  return [...subtreeIds(areaId, await store.areas.list())];
}

export function inScope(scope: string[] | undefined, applicant: Pick<Applicant, 'areaId'>): boolean {
  return scope === undefined || (applicant.areaId !== null && scope.includes(applicant.areaId));
}

/** The applicant if the actor may see it; out of scope looks exactly like missing. */
export async function visibleApplicant(store: Store, actor: Actor, id: string): Promise<Applicant> {
  const applicant = await store.applicants.findById(id);
  if (!applicant || applicant.mergedInto || !inScope(await applicantScope(store, actor), applicant)) {
    throw new DomainError('not_found', 'no such applicant');
  }
  return applicant;
}
