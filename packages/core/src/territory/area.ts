import type { LocalizedText } from '../elections/election.ts';

/**
 * Typed levels of the territory tree. A `region` is an oblast or a city of national significance
 * (Almaty, Astana, Shymkent): each region numbers its own polling stations.
 */
export const areaLevels = ['country', 'region', 'district', 'city', 'settlement', 'abroad'] as const;
export type AreaLevel = (typeof areaLevels)[number];

export interface CommissionContacts {
  name?: string;
  address?: string;
  phone?: string;
}

export interface Area {
  id: string;
  parentId: string | null;
  level: AreaLevel;
  /** Optional official code (e.g. KATO); unique when given, used to match import rows. */
  code: string | null;
  name: LocalizedText;
  /** The election commission at this level: CEC, territorial or district commission. */
  commission: CommissionContacts | null;
  isDemo: boolean;
}

/** Levels that number their own stations: a station is identified by this ancestor and its number. */
const numberingLevels: ReadonlySet<AreaLevel> = new Set(['region', 'abroad']);

/**
 * The region a station in `areaId` belongs to: the nearest ancestor-or-self that is a region or the
 * node for stations abroad; failing that, the top-most ancestor below the root (or the root itself).
 */
export function numberingRegionOf(areaId: string, byId: ReadonlyMap<string, Pick<Area, 'id' | 'parentId' | 'level'>>) {
  const path: string[] = [];
  let current = byId.get(areaId);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    if (numberingLevels.has(current.level)) return current.id;
    path.push(current.id);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  // No region above: the child of the root on the path, so "district 5 / station 12" stays unique.
  return path.length >= 2 ? (path[path.length - 2] as string) : (path[0] ?? areaId);
}

/** True when `candidateId` is `areaId` or lies below it: moving `areaId` there would make a cycle. */
export function isSelfOrDescendant(
  areaId: string,
  candidateId: string,
  byId: ReadonlyMap<string, Pick<Area, 'id' | 'parentId'>>,
): boolean {
  const seen = new Set<string>();
  let current: string | null | undefined = candidateId;
  while (current && !seen.has(current)) {
    if (current === areaId) return true;
    seen.add(current);
    current = byId.get(current)?.parentId;
  }
  return false;
}

/** Every id in the subtree under `rootId`, including it. */
export function subtreeIds(rootId: string, areas: readonly Pick<Area, 'id' | 'parentId'>[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const a of areas) {
    if (!a.parentId) continue;
    const list = children.get(a.parentId) ?? [];
    list.push(a.id);
    children.set(a.parentId, list);
  }
  const result = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop() as string;
    for (const child of children.get(id) ?? []) {
      if (!result.has(child)) {
        result.add(child);
        stack.push(child);
      }
    }
  }
  return result;
}

/** Names from the root down to the area, e.g. ["Казахстан", "Алматы", "Ауэзовский район"]. */
export function areaPath<T extends Pick<Area, 'id' | 'parentId'>>(areaId: string, byId: ReadonlyMap<string, T>): T[] {
  const path: T[] = [];
  const seen = new Set<string>();
  let current = byId.get(areaId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}
