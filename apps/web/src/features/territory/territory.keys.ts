/** Query keys of the territory tree: invalidate `all` after any change to an area. */
export const areaKeys = {
  all: ['areas'] as const,
  /** The whole tree; counts are of `electionId`'s stations (null: no counts). */
  list: (electionId: string | null) => ['areas', 'list', electionId] as const,
};

export interface StationsFilter {
  q: string;
  areaId: string;
}

/** Query keys of the polling stations: invalidate `all` after any change to a station. */
export const stationKeys = {
  all: ['stations'] as const,
  list: (electionId: string, filter: StationsFilter) => ['stations', electionId, 'list', filter] as const,
  /** Only the total: one station is the smallest page. */
  total: (electionId: string) => ['stations', electionId, 'total'] as const,
  /** A few stations matching a search, for a picker. */
  picker: (electionId: string, q: string) => ['stations', electionId, 'picker', q] as const,
  /** Station id → number and region for the whole election. */
  index: (electionId: string) => ['stations', electionId, 'index'] as const,
  one: (stationId: string) => ['stations', 'one', stationId] as const,
};
