import {
  type Applicant,
  type ApplicantAvailability,
  type ApplicantLanguage,
  type ApplicantStatus,
  applicantPipeline,
} from '@pollwatch/core';
import type { StationData, Store } from '@pollwatch/db';
import { ElectionsService } from '../elections/elections.service.ts';
import { demoPerson } from './demo-people.ts';
import { DemoRandom, demoUuid } from './demo-random.ts';
import { demoBallotOptions } from './demo-territory.ts';
import { instantAt, localDate } from './demo-time.ts';

/** The rehearsal votes in Almaty's zone, the day before the demo is loaded. */
export const REHEARSAL_ZONE = 'Asia/Almaty';
export const REHEARSAL_SEED = 20261206;

export const rehearsalName = {
  ru: 'Репетиция дня голосования: выборы Президента (демо)',
  kk: 'Дауыс беру күнінің репетициясы: Президент сайлауы (демо)',
  en: 'Voting-day rehearsal: presidential election (demo)',
};

/** How many applicants the demo has at each step of the pipeline (active ones get accounts). */
export const DEMO_APPLICANTS: Record<ApplicantStatus, number> = {
  applied: 40,
  contacted: 25,
  in_training: 30,
  certified: 25,
  accredited: 20,
  active: 0, // one per covered station, plus the reserve below
  withdrawn: 12,
  rejected: 8,
};
/** Active observers with no station of their own: they bring second protocol copies. */
export const DEMO_RESERVE = 14;
/** Share of each Almaty district's stations with an observer on voting day (the last ones are thin). */
const COVERAGE = [0.92, 0.96, 0.88, 0.9, 0.85, 0.94, 0.45, 0.78];

export interface DemoStation {
  id: string;
  number: number;
  areaId: string;
  regionId: string;
  registeredVoters: number;
  /** Whether the station has a ramp (its accessibility note). */
  ramp: boolean;
}

export interface DemoObserver {
  id: string;
  applicantId: string;
  areaId: string;
  /** The station the observer holds on voting day (and visited before it), if any. */
  stationId: string | null;
}

export interface Rehearsal {
  electionId: string;
  votingDate: string;
  monitoringFrom: string;
  stations: DemoStation[];
  observers: DemoObserver[];
  /** Demo staff (no password: they cannot sign in), named on claims and decisions. */
  coordinators: string[];
  /** Stations whose reserve observer (counting shift) sends a second protocol copy. */
  secondCopies: { stationId: string; observerId: string }[];
  /** Stations assigned for the readiness shift. */
  readinessStations: Set<string>;
  /** The planned readiness visit of each observer who has one: its day. */
  visits: Map<string, string>;
  counts: { applicants: number; assignments: number; readinessVisits: number };
}

const reasons = {
  withdrawn: ['Уехал из города (демо)', 'Не может в день голосования (демо)', 'Передумала (демо)'],
  rejected: ['Член партии, выдвинувшей кандидата (демо)', 'Не прошёл обучение (демо)'],
};

/**
 * The rehearsal's people and plan, in one transaction: the election (voting day = yesterday in
 * Almaty, so its monitoring period, voting day, count and results all lie in the past and every
 * HQ screen has something to show), its copy of the demo stations, applicants at every step,
 * observer accounts for the active ones, assignments and planned readiness visits.
 */
export async function createRehearsal(tx: Store, historicalId: string, now: Date): Promise<Rehearsal> {
  const random = new DemoRandom(REHEARSAL_SEED);
  const votingDate = localDate(now, REHEARSAL_ZONE, -1);
  const monitoringFrom = localDate(now, REHEARSAL_ZONE, -11);
  const elections = new ElectionsService(tx, () => now);
  const election = await elections.create(
    null,
    {
      name: rehearsalName,
      kind: 'presidential',
      votingDate,
      timeZone: REHEARSAL_ZONE,
      pollsOpen: '07:00',
      pollsClose: '20:00',
      monitoringFrom,
      ballotOptions: demoBallotOptions,
      protocolTemplate: 'kz',
    },
    { isDemo: true, store: tx },
  );
  const electionId = election.id;
  const at = now;

  // The same stations as the historical election (numbers, addresses, voters), under this election.
  const source = (await tx.stations.listAll(historicalId)).sort((a, b) => a.number - b.number);
  const copies: { id: string; data: StationData }[] = source.map((s) => ({
    id: demoUuid(`${votingDate}:station:${s.number}`),
    data: {
      areaId: s.areaId,
      regionId: s.regionId,
      number: s.number,
      name: s.name,
      address: s.address,
      registeredVoters: s.registeredVoters,
      commission: s.commission,
      latitude: s.latitude,
      longitude: s.longitude,
      accessibility: s.accessibility,
      pollsOpen: null,
      pollsClose: null,
      timeZone: null,
      isDemo: true,
    },
  }));
  await tx.stations.upsertMany(electionId, copies, at);
  const stations: DemoStation[] = copies.map((c) => ({
    id: c.id,
    number: c.data.number,
    areaId: c.data.areaId,
    regionId: c.data.regionId,
    registeredVoters: c.data.registeredVoters ?? 1000,
    ramp: c.data.accessibility !== null,
  }));
  const districts = [...new Set(stations.map((s) => s.areaId))];

  // Demo staff: named on claims, decisions and planned visits; they have no password.
  const coordinators: string[] = [];
  for (const [i, name] of ['Координатор Алия Тестова (демо)', 'Координатор Ерлан Примеров (демо)'].entries()) {
    const id = demoUuid(`${votingDate}:coordinator:${i}`);
    await tx.users.create(
      { id, role: 'coordinator', email: null, passwordHash: null, displayName: name, locale: 'ru' },
      at,
    );
    coordinators.push(id);
  }

  // Who covers which station on voting day.
  const covered = stations.filter((s) => random.chance(COVERAGE[districts.indexOf(s.areaId) % COVERAGE.length] ?? 0.9));
  let person = 0;
  const applicantCount = { n: 0 };
  const observers: DemoObserver[] = [];
  const signedUp = (days: number) => new Date(at.getTime() - days * 86_400_000 - random.int(36_000_000));

  const addApplicant = async (status: ApplicantStatus, areaId: string, userId: string | null) => {
    const who = demoPerson(random, ++person);
    const id = demoUuid(`${votingDate}:applicant:${person}`);
    const created = signedUp(20 + random.int(25));
    const languages: ApplicantLanguage[] = random.chance(0.7) ? ['kk', 'ru'] : random.chance(0.8) ? ['ru'] : ['kk'];
    const availability: ApplicantAvailability[] = random.chance(0.3)
      ? ['election_day', 'counting']
      : ['pre_election', 'election_day', 'counting'];
    const data: Omit<Applicant, 'id' | 'createdAt' | 'updatedAt'> = {
      electionId,
      fullName: who.fullName,
      phone: who.phone,
      email: random.chance(0.6) ? who.email : null,
      iin: null,
      birthDate: null,
      areaId,
      languages,
      availability,
      experience: random.chance(0.3) ? 'Наблюдал на прошлых выборах (демо)' : null,
      referralSource: random.pick(['Друзья', 'Instagram', 'Telegram', 'Университет']),
      consentVersion: '2026-1',
      consentedAt: created,
      status,
      statusReason: status === 'withdrawn' || status === 'rejected' ? random.pick(reasons[status]) : null,
      idDocument: null,
      locale: 'ru',
      userId,
      source: 'join',
      mergedInto: null,
      anonymisedAt: null,
    };
    await tx.applicants.create(id, data, created);
    await tx.applicants.addEvent({
      id: demoUuid(`${id}:created`),
      applicantId: id,
      at: created,
      actorId: null,
      kind: 'created',
      fromStatus: null,
      toStatus: 'applied',
      text: null,
    });
    // The history: each step of the pipeline up to where the person is now.
    const line =
      status === 'withdrawn' || status === 'rejected'
        ? [...applicantPipeline.slice(0, 1 + random.int(3)), status]
        : applicantPipeline.slice(0, applicantPipeline.indexOf(status) + 1);
    for (let step = 1; step < line.length; step++) {
      await tx.applicants.addEvent({
        id: demoUuid(`${id}:step:${step}`),
        applicantId: id,
        at: new Date(created.getTime() + step * 2 * 86_400_000),
        actorId: null,
        kind: 'status',
        fromStatus: line[step - 1] as ApplicantStatus,
        toStatus: line[step] as ApplicantStatus,
        text: step === line.length - 1 ? data.statusReason : null,
      });
    }
    applicantCount.n += 1;
    return id;
  };

  const addObserver = async (areaId: string, stationId: string | null) => {
    const userId = demoUuid(`${votingDate}:observer:${observers.length + 1}`);
    await tx.users.create(
      { id: userId, role: 'observer', email: null, passwordHash: null, displayName: '—', locale: 'ru', areaId },
      at,
    );
    const applicantId = await addApplicant('active', areaId, userId);
    const applicant = await tx.applicants.findById(applicantId);
    await tx.users.update(userId, { displayName: applicant?.fullName ?? 'Наблюдатель (демо)' }, at);
    observers.push({ id: userId, applicantId, areaId, stationId });
  };
  // Accounts first (an applicant names its account), then the rest of the pipeline.
  for (const s of covered) await addObserver(s.areaId, s.id);
  for (let i = 0; i < DEMO_RESERVE; i++) await addObserver(random.pick(districts), null);
  for (const [status, n] of Object.entries(DEMO_APPLICANTS) as [ApplicantStatus, number][]) {
    for (let i = 0; i < n; i++) await addApplicant(status, random.pick(districts), null);
  }
  await tx.demo.markUsers([...coordinators, ...observers.map((o) => o.id)]);

  // Assignments: voting day for every covered station; readiness for most; the reserve's counting shift.
  let assignments = 0;
  const assign = async (observerId: string, stationId: string, shift: 'readiness' | 'voting_day' | 'counting') => {
    await tx.assignments.create(
      {
        id: demoUuid(`${votingDate}:assignment:${observerId}:${stationId}:${shift}`),
        electionId,
        observerId,
        stationId,
        shift,
        createdBy: null,
      },
      at,
    );
    assignments += 1;
  };
  const readinessStations = new Set<string>();
  for (const o of observers) {
    if (!o.stationId) continue;
    await assign(o.id, o.stationId, 'voting_day');
    if (random.chance(0.8)) {
      await assign(o.id, o.stationId, 'readiness');
      readinessStations.add(o.stationId);
    }
  }
  const reserve = observers.filter((o) => !o.stationId);
  const secondCopies: { stationId: string; observerId: string }[] = [];
  for (const [i, o] of reserve.slice(0, 12).entries()) {
    const station = covered[(i * 23 + 5) % covered.length] as DemoStation;
    await assign(o.id, station.id, 'counting');
    secondCopies.push({ stationId: station.id, observerId: o.id });
  }

  // Planned readiness visits: one per readiness assignment, spread over the monitoring period.
  let readinessVisits = 0;
  const visitDays = 10;
  const visits = new Map<string, string>();
  for (const o of observers) {
    if (!o.stationId || !readinessStations.has(o.stationId)) continue;
    const visitDate = localDate(
      instantAt(monitoringFrom, '12:00', REHEARSAL_ZONE),
      REHEARSAL_ZONE,
      random.int(visitDays),
    );
    visits.set(o.id, visitDate);
    await tx.stationReadiness.createVisit(
      {
        id: demoUuid(`${votingDate}:visit:${o.id}`),
        electionId,
        observerId: o.id,
        stationId: o.stationId,
        visitDate,
        createdBy: coordinators[0] as string,
      },
      at,
    );
    readinessVisits += 1;
  }

  return {
    electionId,
    votingDate,
    monitoringFrom,
    stations,
    observers,
    coordinators,
    secondCopies,
    readinessStations,
    visits,
    counts: { applicants: applicantCount.n, assignments, readinessVisits },
  };
}
