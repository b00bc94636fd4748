import type { Role } from './roles.ts';

/**
 * What part of the territory an account may see and act on. One pure policy for the whole
 * server: every repository query that lists or fetches people, stations, assignments, reports,
 * photos, conflicts, exports or live events takes the actor's scope and applies it in SQL.
 *
 * - `all`: national staff (admin, HQ coordinator, analyst, trainer, editor) — what they may do is
 *   decided by permissions, not by territory.
 * - `area`: a regional coordinator, the subtree of their account's area (the area itself and
 *   everything under it).
 * - `none`: an account that sees no one else's records by territory: a regional coordinator with
 *   no area yet, and observers (their own records come through their own routes).
 *
 * A record outside the scope answers 404, never 403, so ids cannot be probed.
 */
export type AreaScope = { kind: 'all' } | { kind: 'area'; areaId: string } | { kind: 'none' };

export const NATIONAL_SCOPE: AreaScope = Object.freeze({ kind: 'all' });

export function scopeFor(actor: { role: Role; areaId?: string | null | undefined }): AreaScope {
  switch (actor.role) {
    case 'admin':
    case 'coordinator':
    case 'analyst':
    case 'trainer':
    case 'editor':
      return NATIONAL_SCOPE;
    case 'regional_coordinator':
      return actor.areaId ? { kind: 'area', areaId: actor.areaId } : { kind: 'none' };
    case 'observer':
      return { kind: 'none' };
  }
}

/** Whether the scope is the whole country (no filter at all). */
export function isNational(scope: AreaScope): scope is { kind: 'all' } {
  return scope.kind === 'all';
}

/**
 * Whether a record placed in `areaIds` (any of them: an observer may belong to several areas) is
 * visible in the scope, given the areas of the scope's subtree. For the few checks made in memory
 * over one record or one event (the live stream); lists are filtered in SQL.
 */
export function inAreaScope(
  scope: AreaScope,
  subtree: ReadonlySet<string>,
  areaIds: readonly (string | null | undefined)[],
): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  return areaIds.some((id) => id != null && subtree.has(id));
}
