import type { CommissionContacts } from '../territory/area.ts';

export interface Station {
  id: string;
  electionId: string;
  areaId: string;
  /** The region that numbers this station (see numberingRegionOf); with `number` it is unique. */
  regionId: string;
  number: number;
  name: string | null;
  address: string;
  registeredVoters: number | null;
  commission: CommissionContacts | null;
  latitude: number | null;
  longitude: number | null;
  accessibility: string | null;
  /** Overrides of the election's polling hours and time zone (a station abroad). */
  pollsOpen: string | null;
  pollsClose: string | null;
  timeZone: string | null;
  isDemo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const STATION_NUMBER_MAX = 99_999;
export const REGISTERED_VOTERS_MAX = 10_000_000;
