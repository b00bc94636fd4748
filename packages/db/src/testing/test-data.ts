import { randomUUID } from 'node:crypto';
import type { AssignmentShift, FormKind } from '@pollwatch/core';
import type { AreaData } from '../repositories/areas.repository.ts';
import type { ElectionData } from '../repositories/elections.repository.ts';
import type { StationData } from '../repositories/stations.repository.ts';
import type { Store } from '../store.ts';

// What the database tests write again and again: an election, a station, an area, observers and
// forms with nothing special, each test naming only what it is about.

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

/** A region with no parent, no code and no commission (written at `at`); returns its id. */
export async function createTestArea(store: Store, at: Date, overrides: Partial<AreaData> = {}): Promise<string> {
  const id = randomUUID();
  const data: AreaData = {
    parentId: null,
    level: 'region',
    code: null,
    name: sameInEveryLanguage('R'),
    commission: null,
    isDemo: false,
    ...overrides,
  };
  await store.areas.create(id, data, at);
  return id;
}

/** An observer with no e-mail, password or area; returns their id. */
export async function createTestObserver(store: Store, at: Date): Promise<string> {
  const id = randomUUID();
  await store.users.create(
    { id, role: 'observer', email: null, passwordHash: null, displayName: 'O', locale: 'ru', areaId: null },
    at,
  );
  return id;
}

/** A standard form of each kind in the election, coded and titled as its kind. */
export async function createTestForms(
  store: Store,
  electionId: string,
  kinds: readonly FormKind[],
  at: Date,
): Promise<Map<FormKind, string>> {
  const forms = new Map<FormKind, string>();
  for (const kind of kinds) {
    const id = randomUUID();
    await store.forms.create(
      { id, electionId, code: kind, kind, title: sameInEveryLanguage(kind), isStandard: true },
      at,
    );
    forms.set(kind, id);
  }
  return forms;
}

export interface TestWorldOptions {
  /** The election's settings beyond testElection's. */
  election?: Partial<ElectionData>;
  /** How many regions (default 1); several lie under one country, and station i in region i mod regions. */
  regions?: number;
  stations: number;
  observers: number;
  /** A standard form of each of these kinds. */
  formKinds?: readonly FormKind[];
  /** Observer i assigned to station i for this shift, for each i both have. */
  assign?: AssignmentShift;
}

export interface TestWorld {
  /** The regions, in order (not the country above several). */
  areas: string[];
  election: string;
  /** Station i is number i + 1. */
  stations: string[];
  observers: string[];
  forms: Map<FormKind, string>;
}

/**
 * An election with its regions, stations, observers, standard forms and (if asked) assignments,
 * all written through the Store at `at`: the start of the tests of counts that triggers keep.
 */
export async function createTestWorld(store: Store, at: Date, options: TestWorldOptions): Promise<TestWorld> {
  const regions = options.regions ?? 1;
  const country =
    regions > 1 ? await createTestArea(store, at, { level: 'country', name: sameInEveryLanguage('C') }) : null;
  const areas: string[] = [];
  for (let i = 0; i < regions; i++) {
    areas.push(await createTestArea(store, at, { parentId: country, name: sameInEveryLanguage(`R${i}`) }));
  }
  const election = randomUUID();
  await store.elections.create(election, testElection(options.election), at);
  const stations: string[] = [];
  for (let i = 0; i < options.stations; i++) {
    const id = randomUUID();
    await store.stations.create(election, id, testStation(areas[i % regions] as string, i + 1), at);
    stations.push(id);
  }
  const observers: string[] = [];
  for (let i = 0; i < options.observers; i++) observers.push(await createTestObserver(store, at));
  if (options.assign) {
    for (let i = 0; i < Math.min(stations.length, observers.length); i++) {
      await store.assignments.create(
        {
          id: randomUUID(),
          electionId: election,
          observerId: observers[i] as string,
          stationId: stations[i] as string,
          shift: options.assign,
          createdBy: null,
        },
        at,
      );
    }
  }
  const forms = await createTestForms(store, election, options.formKinds ?? [], at);
  return { areas, election, stations, observers, forms };
}
