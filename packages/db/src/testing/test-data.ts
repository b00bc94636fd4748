import type { ElectionData } from '../repositories/elections.repository.ts';
import type { StationData } from '../repositories/stations.repository.ts';

// What the database tests write again and again: an election and a station with nothing special,
// each test naming only what it is about.

const sameInEveryLanguage = (text: string) => ({ ru: text, kk: text, en: text });

/** A presidential election voting on 2026-12-06 in Almaty's time, 07:00-20:00. */
export function testElection(overrides: Partial<ElectionData> = {}): ElectionData {
  return {
    name: sameInEveryLanguage('E'),
    kind: 'presidential',
    votingDate: '2026-12-06',
    timeZone: 'Asia/Almaty',
    pollsOpen: '07:00',
    pollsClose: '20:00',
    monitoringFrom: '2026-11-26',
    turnoutCheckpoints: [],
    ballotOptions: [],
    protocolTemplate: 'kz',
    isDemo: false,
    ...overrides,
  };
}

/** Station `number` of the area (also its region), with the election's own hours. */
export function testStation(areaId: string, number: number, overrides: Partial<StationData> = {}): StationData {
  return {
    areaId,
    regionId: areaId,
    number,
    address: `a ${number}`,
    name: null,
    registeredVoters: null,
    commission: null,
    latitude: null,
    longitude: null,
    accessibility: null,
    pollsOpen: null,
    pollsClose: null,
    timeZone: null,
    isDemo: false,
    ...overrides,
  };
}
