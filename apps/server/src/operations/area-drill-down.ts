import { type Area, type AreaScope, DomainError, type OperationsArea } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { OutOfScopeError } from '../auth/out-of-scope.ts';

export const areaView = (a: Area): OperationsArea => ({ id: a.id, name: a.name, level: a.level });

/**
 * The area a readiness or coverage view drills into, checked against the actor's scope (another
 * region's area is 404 and audited), the way down to it from the top of the scope, and where the
 * per-area breakdown starts: the area's children, the actor's own area, or the roots.
 */
export async function drillDown(store: Store, scope: AreaScope, areaId: string | undefined) {
  const areas = await store.areas.list();
  const byId = new Map(areas.map((a) => [a.id, a]));
  const start = (area: Area | null) =>
    area ? { parentId: area.id } : scope.kind === 'area' ? { areaId: scope.areaId } : ({ roots: true } as const);
  if (!areaId) return { byId, area: null, path: [] as OperationsArea[], start: start(null) };
  const area = byId.get(areaId);
  if (!area) throw new DomainError('not_found', 'no such area');
  if (!(await store.areas.findById(areaId, scope))) throw new OutOfScopeError('area', areaId);
  const path: OperationsArea[] = [];
  for (let at: Area | undefined = area; at && path.length < 100; at = at.parentId ? byId.get(at.parentId) : undefined) {
    path.unshift(areaView(at));
    if (scope.kind === 'area' && at.id === scope.areaId) break;
  }
  return { byId, area, path, start: start(area) };
}
