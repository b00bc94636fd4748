import { randomUUID } from 'node:crypto';
import { AreaIndex, nameKey } from '@pollwatch/core';
import type { StationData, Store } from '@pollwatch/db';
import { audit } from '../auth/actor.ts';
import { ElectionsService } from '../elections/elections.service.ts';
import { addDemoMessages } from './demo-messages.ts';
import { demoReferenceNotes } from './demo-notes.ts';
import { addDemoPosts } from './demo-posts.ts';
import { mulberry32 } from './demo-random.ts';
import { type RehearsalSummary, seedRehearsal } from './demo-rehearsal.ts';
import { addDemoRemarks } from './demo-remarks.ts';
import { addDemoSchool } from './demo-school.ts';
import {
  DEMO_STATIONS_PER_DISTRICT,
  demoAreas,
  demoBallotOptions,
  demoElection,
  demoStreets,
} from './demo-territory.ts';

export interface DemoSeedResult {
  /** The historical 2022 election. */
  electionId: string;
  created: boolean;
  areas: number;
  stations: number;
  /** The rehearsal campaign, when asked for (`dataDir` given): made now, or found. */
  rehearsal?: RehearsalSummary;
}

export interface DemoSeedOptions {
  /**
   * Where photos go (the server's DATA_DIR). Given, the demo also gets its living campaign: the
   * rehearsal election with people, assignments, reports, photos and official results.
   */
  dataDir?: string;
}

/**
 * The demo: the historical 2022 election with its territory and, with `dataDir`, the rehearsal
 * campaign on top. Running it again changes nothing.
 */
export async function seedDemo(store: Store, now: () => Date, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const historical = await seedHistorical(store, now);
  if (!options.dataDir) return historical;
  const rehearsal = await seedRehearsal(store, historical.electionId, now, options.dataDir);
  await addDemoSchool(store, rehearsal.electionId, now);
  await addDemoRemarks(store, rehearsal.electionId, now);
  await addDemoMessages(store, rehearsal.electionId, now);
  return { ...historical, rehearsal };
}

/**
 * Loads the demo election, the country's regions and a few hundred generated Almaty stations, all
 * marked as demo data. Running it again changes nothing: the demo election is found and kept.
 */
async function seedHistorical(store: Store, now: () => Date): Promise<DemoSeedResult> {
  const existing = (await store.elections.list()).find((e) => e.isDemo && e.votingDate === demoElection.votingDate);
  if (existing) {
    // Databases seeded before reference notes existed get them once.
    if ((await store.referenceNotes.list(existing.id)).length === 0) {
      await store.transaction((tx) => addDemoNotes(tx, existing.id, now()));
    }
    return {
      electionId: existing.id,
      created: false,
      areas: (await store.areas.list()).filter((a) => a.isDemo).length,
      stations: (await store.stations.listAll(existing.id)).length,
    };
  }
  const elections = new ElectionsService(store, now);
  return store.transaction(async (tx) => {
    const at = now();
    const election = await elections.create(
      null,
      { ...demoElection, ballotOptions: demoBallotOptions, protocolTemplate: 'kz' },
      { isDemo: true, store: tx },
    );
    const idByCode = new Map(
      (await tx.areas.list()).filter((a) => a.code).map((a) => [nameKey(a.code as string), a.id]),
    );
    for (const a of demoAreas) {
      if (idByCode.has(nameKey(a.code))) continue;
      const id = randomUUID();
      const parentId = a.parent ? (idByCode.get(nameKey(a.parent)) ?? null) : null;
      await tx.areas.create(
        id,
        { parentId, level: a.level, code: a.code, name: a.name, commission: null, isDemo: true },
        at,
      );
      idByCode.set(nameKey(a.code), id);
    }
    const index = new AreaIndex(await tx.areas.list());
    const random = mulberry32(20221120);
    const stations: { id: string; data: StationData }[] = [];
    const districts = demoAreas.filter((a) => a.parent === 'DEMO-ALA');
    districts.forEach((district, d) => {
      const areaId = idByCode.get(nameKey(district.code)) as string;
      for (let i = 0; i < DEMO_STATIONS_PER_DISTRICT; i++) {
        const number = 1 + d * 100 + i;
        const street = demoStreets[Math.floor(random() * demoStreets.length)] as string;
        const school = 1 + Math.floor(random() * 190);
        const house = 1 + Math.floor(random() * 250);
        stations.push({
          id: randomUUID(),
          data: {
            areaId,
            regionId: index.regionOf(areaId),
            number,
            name: `Школа-гимназия № ${school} (демо)`,
            address: `г. Алматы, ${district.name.ru}, ${street}, ${house}`,
            registeredVoters: 800 + Math.floor(random() * 2400),
            commission: {
              name: `УИК № ${number}`,
              phone: `+7 727 ${String(1000000 + Math.floor(random() * 8999999)).slice(0, 3)} 00 ${String(number % 100).padStart(2, '0')}`,
            },
            latitude: Number((43.2 + random() * 0.12).toFixed(5)),
            longitude: Number((76.8 + random() * 0.2).toFixed(5)),
            accessibility: random() < 0.7 ? 'Пандус у входа (демо)' : null,
            pollsOpen: null,
            pollsClose: null,
            timeZone: null,
            isDemo: true,
          },
        });
      }
    });
    await tx.stations.upsertMany(election.id, stations, at);
    await addDemoNotes(tx, election.id, at);
    await addDemoPosts(tx, election.id, at);
    await audit(
      tx,
      null,
      { action: 'demo.seeded', entityType: 'election', entityId: election.id, details: { stations: stations.length } },
      at,
    );
    if ((await tx.elections.list()).length === 1) await elections.makeCurrent(null, election.id, tx);
    return { electionId: election.id, created: true, areas: demoAreas.length, stations: stations.length };
  });
}

async function addDemoNotes(tx: Store, electionId: string, at: Date): Promise<void> {
  for (const [index, note] of demoReferenceNotes.entries()) {
    await tx.referenceNotes.create({ id: randomUUID(), electionId, position: index + 1, ...note }, null, at);
  }
}

/** What `pollwatch seed demo` prints. */
export function describeDemoSeed(result: DemoSeedResult): string {
  const lines = [
    result.created
      ? `demo loaded: election ${result.electionId}, ${result.areas} areas, ${result.stations} stations (20 Nov 2022)`
      : `demo already loaded: election ${result.electionId} (${result.stations} stations), nothing changed`,
  ];
  const r = result.rehearsal;
  if (r?.created) {
    const reports = Object.entries(r.reports ?? {})
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(
      `rehearsal ${r.electionId}, voting day ${r.votingDate} (yesterday), now the current election: ` +
        `${r.applicants} applicants, ${r.observers} observers, ${r.assignments} assignments, ` +
        `${r.readinessVisits} planned readiness visits; reports: ${reports}; ${r.photos} photos; ` +
        `official results of ${r.officialResults} stations`,
    );
  } else if (r) {
    lines.push(
      r.complete
        ? `rehearsal ${r.electionId} (voting day ${r.votingDate}) already loaded, nothing changed`
        : `rehearsal ${r.electionId} is incomplete (a seed stopped half-way): run \`pollwatch demo remove\`, then seed again`,
    );
  }
  return lines.join('\n');
}
