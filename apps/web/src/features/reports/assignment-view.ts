import type { AssignmentDto, AssignmentShift } from '@pollwatch/core';

/** Lower case, with ё read as е, for "contains" matching of names and addresses. */
export const fold = (text: string) => text.toLocaleLowerCase('ru').replaceAll('ё', 'е').trim();

/**
 * Assignments whose station number starts with the typed digits (or whose address contains the
 * typed words) and whose observer's name contains the typed text. Empty filters match everything.
 */
export function filterAssignments(
  items: readonly AssignmentDto[],
  filter: { station: string; observer: string },
): AssignmentDto[] {
  const station = fold(filter.station);
  const observer = fold(filter.observer);
  return items.filter((a) => {
    if (station) {
      const byNumber = /^\d+$/.test(station) && String(a.stationNumber).startsWith(station);
      if (!byNumber && !fold(a.stationAddress).includes(station)) return false;
    }
    return !observer || fold(a.observerName).includes(observer);
  });
}

export interface Coverage {
  /** Stations with at least one observer, for any shift. */
  stations: number;
  /** Observers with at least one station. */
  observers: number;
  /** Stations covered per shift. */
  byShift: Partial<Record<AssignmentShift, number>>;
}

export function coverageOf(items: readonly AssignmentDto[]): Coverage {
  const stations = new Set<string>();
  const observers = new Set<string>();
  const byShift = new Map<AssignmentShift, Set<string>>();
  for (const a of items) {
    stations.add(a.stationId);
    observers.add(a.observerId);
    const set = byShift.get(a.shift) ?? new Set<string>();
    set.add(a.stationId);
    byShift.set(a.shift, set);
  }
  return {
    stations: stations.size,
    observers: observers.size,
    byShift: Object.fromEntries([...byShift].map(([shift, set]) => [shift, set.size])),
  };
}

/**
 * People whose name contains the typed text, in any case. Done here rather than by the users API's
 * `q`, which on SQLite folds the case of Latin letters only ("ерлан" would not find "Ерлан").
 */
export function matchingNames<T extends { displayName: string }>(people: readonly T[], typed: string): T[] {
  const text = fold(typed);
  return text ? people.filter((p) => fold(p.displayName).includes(text)) : [...people];
}
