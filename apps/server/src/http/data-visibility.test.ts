import { randomUUID } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import {
  type ApplicantKey,
  type AssignmentKey,
  applicantNames,
  type ObserverKey,
  observerNames,
  opening,
  type ReportKey,
  type Session,
  type StationKey,
  seedTwoRegions,
  type TwoRegions,
} from '../testing/two-regions-fixture.ts';

/**
 * Area scope, end to end: one election over two regions, and for every role every listing and
 * fetch route, compared with a hand-written table of exactly which records each may see. A
 * regional coordinator sees their area's subtree; admin and coordinator everything; the analyst
 * every station and report (and no people); an observer none of the HQ's lists.
 */

type Viewer = 'admin' | 'coordinator' | 'rcA' | 'rcB' | 'analyst' | 'observer';
const viewers: Viewer[] = ['admin', 'coordinator', 'rcA', 'rcB', 'analyst', 'observer'];
/** Who may not call the route at all: 403 `forbidden`, whatever the record. */
const FORBIDDEN = 'forbidden' as const;
type Seen = readonly string[] | typeof FORBIDDEN;

const stationsOf = { a: ['a1', 'a2'], b: ['b1', 'b2'] } as const satisfies Record<string, StationKey[]>;
const reportsOf = {
  a: ['aOpening', 'aProtocol1', 'aProtocol2', 'aOpeningByBoth'],
  b: ['bOpening', 'bProtocol'],
} as const satisfies Record<string, ReportKey[]>;
const assignmentsOf = {
  a: ['aAssigned', 'aAssigned2', 'both'],
  b: ['bAssigned'],
} as const satisfies Record<string, AssignmentKey[]>;
/** Observers by the area they belong to: account area, applicant record, assigned stations. */
const observersOf = {
  a: ['aByAccount', 'aAssigned', 'aAssigned2', 'aApplicant', 'both'],
  b: ['bByAccount', 'bAssigned', 'both'],
} as const satisfies Record<string, ObserverKey[]>;
const applicantsOf = { a: ['a', 'aObserver'], b: ['b'] } as const satisfies Record<string, ApplicantKey[]>;

/** The same set for national staff with the permission, a region's for its coordinator. */
function table(
  all: readonly string[],
  a: readonly string[],
  b: readonly string[],
  analyst: Seen,
  admin: readonly string[] = all,
): Record<Viewer, Seen> {
  return { admin, coordinator: admin, rcA: a, rcB: b, analyst, observer: FORBIDDEN };
}

describeEachDialect('data visibility by area', (db) => {
  let t: TestApp;
  let w: TwoRegions;

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
  }, 60_000);
  afterEach(() => t.close());

  const cookieOf = (viewer: Viewer) =>
    viewer === 'observer' ? w.observers.aAssigned.cookie : (w.staff[viewer] as Session).cookie;
  const get = (url: string, cookie: string) => t.request({ method: 'GET', url, cookie });

  /** Readable names for ids, so a mismatch says "report bOpening", not a UUID. */
  function namer(): (id: string) => string {
    const names = new Map<string, string>();
    const add = (kind: string, record: Record<string, string>) => {
      for (const [key, id] of Object.entries(record)) names.set(id, `${kind} ${key}`);
    };
    add('station', w.stations);
    add('report', w.reports);
    add('assignment', w.assignments);
    add('applicant', w.applicants);
    add('photo', w.photos);
    add('area', w.areas);
    add('staff', Object.fromEntries(Object.entries(w.staff).map(([k, s]) => [k, s.id])));
    add('observer', Object.fromEntries(Object.entries(w.observers).map(([k, s]) => [k, s.id])));
    return (id) => names.get(id) ?? id;
  }

  /** What a viewer gets from a listing: the ids it names, or `forbidden`, or what went wrong. */
  function listed(response: LightMyRequestResponse, ids: (body: any) => string[]): Seen | string {
    if (response.statusCode === 403 && response.json().error?.code === 'forbidden') return FORBIDDEN;
    if (response.statusCode !== 200) return `HTTP ${response.statusCode} ${response.body.slice(0, 200)}`;
    return ids(response.json());
  }

  it('shows each role exactly the records of its scope on every listing and fetch route', async () => {
    const name = namer();
    const ids = <K extends string>(record: Record<K, string>, keys: readonly K[]) => keys.map((k) => record[k]);
    const allUsers = [...Object.values(w.staff), ...Object.values(w.observers)].map((s) => s.id);
    const allStations = Object.values(w.stations);
    const allReports = Object.values(w.reports);
    const allAssignments = Object.values(w.assignments);
    const allApplicants = Object.values(w.applicants);
    const stationsA = ids(w.stations, stationsOf.a);
    const stationsB = ids(w.stations, stationsOf.b);
    const reportsA = ids(w.reports, reportsOf.a);
    const reportsB = ids(w.reports, reportsOf.b);

    const listings: { route: string; url: string; ids: (body: any) => string[]; expected: Record<Viewer, Seen> }[] = [
      {
        route: 'GET /api/v1/users',
        url: '/api/v1/users',
        ids: (b) => b.items.map((u: { id: string }) => u.id),
        // A regional coordinator sees the observers of their area, no staff; the analyst no one.
        expected: table(
          allUsers,
          observersOf.a.map((k) => w.observers[k].id),
          observersOf.b.map((k) => w.observers[k].id),
          FORBIDDEN,
        ),
      },
      {
        route: 'GET /api/v1/areas',
        url: '/api/v1/areas',
        ids: (b) => b.items.map((a: { id: string }) => a.id),
        // The territory tree stays whole for everyone who may read it.
        expected: table(Object.values(w.areas), Object.values(w.areas), Object.values(w.areas), Object.values(w.areas)),
      },
      {
        route: 'GET /api/v1/elections/:id/stations',
        url: `/api/v1/elections/${w.electionId}/stations?limit=500`,
        ids: (b) => b.items.map((s: { id: string }) => s.id),
        expected: table(allStations, stationsA, stationsB, allStations),
      },
      {
        route: 'GET /api/v1/elections/:id/assignments',
        url: `/api/v1/elections/${w.electionId}/assignments`,
        ids: (b) => b.items.map((a: { id: string }) => a.id),
        expected: table(
          allAssignments,
          ids(w.assignments, assignmentsOf.a),
          ids(w.assignments, assignmentsOf.b),
          FORBIDDEN,
        ),
      },
      {
        route: 'GET /api/v1/elections/:id/reports',
        url: `/api/v1/elections/${w.electionId}/reports?limit=500`,
        ids: (b) => b.items.map((r: { id: string }) => r.id),
        expected: table(allReports, reportsA, reportsB, allReports),
      },
      {
        route: 'GET /api/v1/elections/:id/conflicts',
        url: `/api/v1/elections/${w.electionId}/conflicts`,
        // The conflicting station and the copies shown in it.
        ids: (b) =>
          b.items.flatMap((c: { stationId: string; reports: { id: string }[] }) => [
            c.stationId,
            ...c.reports.map((r) => r.id),
          ]),
        expected: table(
          [w.stations.a2, w.reports.aProtocol1, w.reports.aProtocol2],
          [w.stations.a2, w.reports.aProtocol1, w.reports.aProtocol2],
          [],
          [w.stations.a2, w.reports.aProtocol1, w.reports.aProtocol2],
        ),
      },
      {
        route: 'GET /api/v1/applicants',
        url: '/api/v1/applicants?limit=500',
        ids: (b) => {
          const items = b.items.map((a: { id: string }) => a.id);
          // The total counts the same records as the page.
          return b.total === items.length ? items : [...items, `total ${b.total}`];
        },
        expected: table(allApplicants, ids(w.applicants, applicantsOf.a), ids(w.applicants, applicantsOf.b), FORBIDDEN),
      },
    ];

    // Fetch routes: which of the candidate records answer 200 (the rest must answer 404 `not_found`).
    const fetches: {
      route: string;
      url: (id: string) => string;
      candidates: string[];
      expected: Record<Viewer, Seen>;
    }[] = [
      {
        route: 'GET /api/v1/stations/:id',
        url: (id) => `/api/v1/stations/${id}`,
        candidates: allStations,
        expected: table(allStations, stationsA, stationsB, allStations),
      },
      {
        route: 'GET /api/v1/reports/:id',
        url: (id) => `/api/v1/reports/${id}`,
        candidates: allReports,
        expected: table(allReports, reportsA, reportsB, allReports),
      },
      {
        route: 'GET /api/v1/photos/:sha256/content',
        url: (sha) => `/api/v1/photos/${sha}/content`,
        candidates: [w.photos.a, w.photos.b],
        expected: table([w.photos.a, w.photos.b], [w.photos.a], [w.photos.b], [w.photos.a, w.photos.b]),
      },
      {
        route: 'GET /api/v1/applicants/:id',
        url: (id) => `/api/v1/applicants/${id}`,
        candidates: allApplicants,
        expected: table(allApplicants, ids(w.applicants, applicantsOf.a), ids(w.applicants, applicantsOf.b), FORBIDDEN),
      },
    ];

    const show = (seen: Seen | string) =>
      typeof seen === 'string' ? seen : `[${[...seen].map(name).sort().join(', ')}]`;
    const same = (a: Seen | string, b: Seen) =>
      typeof a === 'string' || typeof b === 'string' ? a === b : [...a].sort().join() === [...b].sort().join();
    const mismatches: string[] = [];

    for (const listing of listings) {
      for (const viewer of viewers) {
        const seen = listed(await get(listing.url, cookieOf(viewer)), listing.ids);
        const expected = listing.expected[viewer];
        if (!same(seen, expected))
          mismatches.push(`${listing.route} as ${viewer}: expected ${show(expected)}, got ${show(seen)}`);
      }
    }

    for (const route of fetches) {
      for (const viewer of viewers) {
        const expected = route.expected[viewer];
        const found: string[] = [];
        const odd: string[] = [];
        let forbidden = 0;
        for (const id of route.candidates) {
          const response = await get(route.url(id), cookieOf(viewer));
          const code = response.statusCode >= 400 ? response.json().error?.code : undefined;
          if (response.statusCode === 200) found.push(id);
          else if (response.statusCode === 403 && code === 'forbidden') forbidden += 1;
          else if (response.statusCode !== 404 || code !== 'not_found')
            odd.push(`${name(id)} answered ${response.statusCode} ${code ?? ''}`);
        }
        const seen: Seen | string =
          odd.length > 0
            ? odd.join('; ')
            : forbidden === route.candidates.length
              ? FORBIDDEN
              : forbidden > 0
                ? `${forbidden} of ${route.candidates.length} forbidden`
                : found;
        if (!same(seen, expected))
          mismatches.push(`${route.route} as ${viewer}: expected ${show(expected)}, got ${show(seen)}`);
      }
    }

    // Report counts: by kind (reports and stations), flagged reports and conflicting stations, of
    // the reports the viewer may see. Flags are read from the national list.
    const national = (await get(`/api/v1/elections/${w.electionId}/reports?limit=500`, w.staff.admin.cookie)).json()
      .items as { id: string; stationId: string; formKind: string; flags: unknown[] }[];
    const statsOf = (visible: readonly string[], conflicts: number) => {
      const mine = national.filter((r) => visible.includes(r.id));
      const kinds = [...new Set(mine.map((r) => r.formKind))].sort();
      return {
        byKind: kinds.map((kind) => {
          const of = mine.filter((r) => r.formKind === kind);
          return { kind, reports: of.length, stations: new Set(of.map((r) => r.stationId)).size };
        }),
        flagged: mine.filter((r) => r.flags.length > 0).length,
        conflicts,
      };
    };
    expect(national).toHaveLength(allReports.length);
    const expectedStats: Record<Viewer, unknown> = {
      admin: statsOf(allReports, 1),
      coordinator: statsOf(allReports, 1),
      rcA: statsOf(reportsA, 1),
      rcB: statsOf(reportsB, 0),
      analyst: statsOf(allReports, 1),
      observer: FORBIDDEN,
    };
    for (const viewer of viewers) {
      const response = await get(`/api/v1/elections/${w.electionId}/report-stats`, cookieOf(viewer));
      const actual =
        response.statusCode === 403
          ? FORBIDDEN
          : (() => {
              const body = response.json();
              const byKind = [...(body.byKind ?? [])]
                .filter((k: { reports: number }) => k.reports > 0)
                .sort((x: { kind: string }, y: { kind: string }) => x.kind.localeCompare(y.kind));
              return { byKind, flagged: body.flagged, conflicts: body.conflicts };
            })();
      if (JSON.stringify(actual) !== JSON.stringify(expectedStats[viewer]))
        mismatches.push(
          `GET /api/v1/elections/:id/report-stats as ${viewer}: expected ${JSON.stringify(expectedStats[viewer])}, got ${JSON.stringify(actual)}`,
        );
    }

    // Files of personal data: only the rows of the viewer's scope (told apart by the names in them).
    const files: { route: string; url: string; names: string[]; expected: Record<Viewer, Seen> }[] = [
      {
        route: 'GET /api/v1/elections/:id/assignments/export',
        url: `/api/v1/elections/${w.electionId}/assignments/export?format=csv`,
        // Each assigned observer has one assignment: their name stands for its row.
        names: (['aAssigned', 'aAssigned2', 'both', 'bAssigned'] as const).map((k) => observerNames[k]),
        expected: table(
          [...assignmentsOf.a, ...assignmentsOf.b].map((k) => observerNames[k]),
          assignmentsOf.a.map((k) => observerNames[k]),
          assignmentsOf.b.map((k) => observerNames[k]),
          FORBIDDEN,
        ),
      },
      {
        route: 'GET /api/v1/applicants/export',
        url: '/api/v1/applicants/export?format=csv',
        names: Object.values(applicantNames),
        expected: table(
          Object.values(applicantNames),
          applicantsOf.a.map((k) => applicantNames[k]),
          applicantsOf.b.map((k) => applicantNames[k]),
          FORBIDDEN,
        ),
      },
    ];
    for (const file of files) {
      for (const viewer of viewers) {
        const response = await get(file.url, cookieOf(viewer));
        const seen =
          response.statusCode === 403
            ? FORBIDDEN
            : response.statusCode !== 200
              ? `HTTP ${response.statusCode}`
              : file.names.filter((n) => response.body.includes(n));
        const expected = file.expected[viewer];
        if (!same(seen, expected))
          mismatches.push(`${file.route} as ${viewer}: expected ${show(expected)}, got ${show(seen)}`);
      }
    }

    expect(mismatches).toEqual([]);
  }, 120_000);

  it("keeps the message log, class reminders and school progress to the viewer's area", async () => {
    const name = namer();
    const store = t.store;
    const now = t.now();
    // The message log: a message about each region's station, one from each region's observer that
    // names no station, and one from a stranger on no roster (national staff only).
    const messages: Record<string, string> = {};
    const message = async (key: string, stationId: string | null, userId: string | null) => {
      messages[key] = randomUUID();
      await store.channels.logMessage({
        id: messages[key],
        channel: 'sms',
        direction: 'in',
        senderHash: `hash-${key}`,
        senderMask: `+7 ••• ••• •• ${key}`,
        userId,
        stationId,
        reportId: null,
        status: 'accepted',
        outcome: 'accepted',
        text: `message ${key}`,
        createdAt: now,
      });
    };
    await message('aStation', w.stations.a1, w.observers.aAssigned.id);
    await message('bStation', w.stations.b1, w.observers.bAssigned.id);
    await message('aObserver', null, w.observers.aByAccount.id);
    await message('bObserver', null, w.observers.bByAccount.id);
    await message('stranger', null, null);
    // A class open to every area, everyone signed up, reminders queued; everyone in the school.
    const classId = randomUUID();
    await store.school.createClass(
      {
        id: classId,
        electionId: w.electionId,
        title: { ru: 'Занятие', kk: 'Сабақ' },
        mode: 'online',
        startsAt: new Date(now.getTime() + 3_600_000),
        durationMinutes: 60,
        place: null,
        link: 'https://meet.example.org/class',
        capacity: 50,
        areaId: null,
        trainerId: null,
      },
      now,
    );
    for (const applicantId of Object.values(w.applicants)) {
      await store.school.createSignup({ id: randomUUID(), classId, applicantId, state: 'signed_up' }, now);
      await store.school.setLink(`link-${applicantId}`, applicantId, w.electionId, now);
    }
    expect(await store.schoolPlaces.queueReminders(classId, '2h', randomUUID, now)).toBe(
      Object.values(w.applicants).length,
    );
    const ids = <K extends string>(record: Record<K, string>, keys: readonly K[]) => keys.map((k) => record[k]);
    const allApplicants = Object.values(w.applicants);
    const applicantsA = ids(w.applicants, applicantsOf.a);
    const applicantsB = ids(w.applicants, applicantsOf.b);
    const messageNames: Record<string, string> = Object.fromEntries(
      Object.entries(messages).map(([key, id]) => [id, `message ${key}`]),
    );

    const listings: { route: string; url: string; ids: (body: any) => string[]; expected: Record<Viewer, Seen> }[] = [
      {
        route: 'GET /api/v1/channels/messages',
        url: '/api/v1/channels/messages?limit=200',
        ids: (b) => b.items.map((m: { id: string }) => m.id),
        expected: table(
          Object.values(messages),
          [messages.aStation, messages.aObserver] as string[],
          [messages.bStation, messages.bObserver] as string[],
          FORBIDDEN,
        ),
      },
      {
        route: 'GET /api/v1/elections/:id/school/reminders',
        url: `/api/v1/elections/${w.electionId}/school/reminders`,
        ids: (b) => b.items.map((r: { applicantId: string }) => r.applicantId),
        expected: table(allApplicants, applicantsA, applicantsB, FORBIDDEN),
      },
      {
        route: 'GET /api/v1/elections/:id/school/progress',
        url: `/api/v1/elections/${w.electionId}/school/progress`,
        ids: (b) => b.applicants.map((a: { applicantId: string }) => a.applicantId),
        expected: table(allApplicants, applicantsA, applicantsB, FORBIDDEN),
      },
    ];
    const show = (seen: Seen | string) =>
      typeof seen === 'string'
        ? seen
        : `[${[...seen]
            .map((id) => messageNames[id] ?? name(id))
            .sort()
            .join(', ')}]`;
    const same = (a: Seen | string, b: Seen) =>
      typeof a === 'string' || typeof b === 'string' ? a === b : [...a].sort().join() === [...b].sort().join();
    const mismatches: string[] = [];
    const others = { rcA: 'b', rcB: 'a' } as const;
    for (const listing of listings) {
      for (const viewer of viewers) {
        const response = await get(listing.url, cookieOf(viewer));
        const seen = listed(response, listing.ids);
        const expected = listing.expected[viewer];
        if (!same(seen, expected))
          mismatches.push(`${listing.route} as ${viewer}: expected ${show(expected)}, got ${show(seen)}`);
        // Nor any of the other region's personal data anywhere in the answer.
        if ((viewer === 'rcA' || viewer === 'rcB') && response.statusCode === 200) {
          const region = others[viewer];
          const foreign = [
            ...applicantsOf[region].map((k) => applicantNames[k]),
            ...observersOf[region]
              .filter((k) => !(observersOf[viewer === 'rcA' ? 'a' : 'b'] as readonly string[]).includes(k))
              .map((k) => observerNames[k]),
            `message ${region}Station`,
            `message ${region}Observer`,
            'message stranger',
          ];
          for (const text of foreign) {
            if (response.body.includes(text)) mismatches.push(`${listing.route} as ${viewer} shows "${text}"`);
          }
        }
      }
    }
    // Another region's reminder cannot be marked as called: it is not there.
    const reminders = (await get(`/api/v1/elections/${w.electionId}/school/reminders`, w.staff.admin.cookie)).json()
      .items as { id: string; applicantId: string }[];
    const bReminder = reminders.find((r) => r.applicantId === w.applicants.b)?.id;
    const called = await t.request({
      method: 'POST',
      url: `/api/v1/school/reminders/${bReminder}/called`,
      cookie: w.staff.rcA.cookie,
    });
    if (called.statusCode !== 404 || called.json().error?.code !== 'not_found')
      mismatches.push(`POST /api/v1/school/reminders/:id/called as rcA on B's: ${called.statusCode} ${called.body}`);
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('answers an out-of-scope record by id with 404 not_found, like a missing one, and audits the attempt', async () => {
    const rcA = w.staff.rcA;
    const outside: { url: string; entityType: string; entityId: string }[] = [
      { url: `/api/v1/stations/${w.stations.b1}`, entityType: 'station', entityId: w.stations.b1 },
      { url: `/api/v1/reports/${w.reports.bOpening}`, entityType: 'report', entityId: w.reports.bOpening },
      { url: `/api/v1/applicants/${w.applicants.b}`, entityType: 'applicant', entityId: w.applicants.b },
      { url: `/api/v1/photos/${w.photos.b}/content`, entityType: 'photo', entityId: w.photos.b },
    ];
    const missing = '00000000-0000-4000-8000-00000000abcd';
    const missingReport = await get(`/api/v1/reports/${missing}`, rcA.cookie);
    expect(missingReport.statusCode).toBe(404);
    const answers: string[] = [];
    for (const { url } of outside) {
      const response = await get(url, rcA.cookie);
      answers.push(`${url}: ${response.statusCode} ${response.json().error?.code}`);
    }
    expect(answers).toEqual(outside.map(({ url }) => `${url}: 404 not_found`));
    // The same answer as a report that does not exist: nothing tells the two apart.
    const outsideReport = await get(`/api/v1/reports/${w.reports.bOpening}`, rcA.cookie);
    expect(outsideReport.json().error.code).toBe(missingReport.json().error.code);

    const log = await get(`/api/v1/audit?action=access.out_of_scope&limit=100`, w.staff.admin.cookie);
    expect(log.statusCode).toBe(200);
    const entries = (
      log.json().items as { actorId: string; action: string; entityType: string; entityId: string }[]
    ).map((e) => `${e.actorId === rcA.id ? 'rcA' : e.actorId} ${e.action} ${e.entityType} ${e.entityId}`);
    for (const { entityType, entityId } of outside) {
      expect(entries).toContain(`rcA access.out_of_scope ${entityType} ${entityId}`);
    }
    // A record that does not exist is not an attempt on someone else's: no entry for it.
    expect(entries.filter((e) => e.includes(missing))).toEqual([]);
    // Records in scope leave no such entry either.
    const before = entries.length;
    expect((await get(`/api/v1/reports/${w.reports.aOpening}`, rcA.cookie)).statusCode).toBe(200);
    expect((await get(`/api/v1/stations/${w.stations.a2}`, rcA.cookie)).statusCode).toBe(200);
    const after = (await get('/api/v1/audit?action=access.out_of_scope&limit=100', w.staff.admin.cookie)).json();
    expect(after.items).toHaveLength(before);
  });

  it("refuses with 422 outside_area a body naming another region's station or observer, changing nothing", async () => {
    const rcA = w.staff.rcA;
    const list = async () =>
      (await get(`/api/v1/elections/${w.electionId}/assignments`, w.staff.admin.cookie))
        .json()
        .items.map((a: { id: string }) => a.id);
    const before = (await list()).sort();
    const attempts = [
      // A's observer to B's station.
      { observerId: w.observers.aAssigned.id, stationId: w.stations.b1, shift: 'counting' },
      // B's observer to A's station.
      { observerId: w.observers.bAssigned.id, stationId: w.stations.a1, shift: 'counting' },
      // An observer in no area at all is not A's either.
      { observerId: w.observers.nowhere.id, stationId: w.stations.a1, shift: 'counting' },
    ];
    const answers: string[] = [];
    for (const body of attempts) {
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/elections/${w.electionId}/assignments`,
        cookie: rcA.cookie,
        body,
      });
      answers.push(`${response.statusCode} ${response.json().error?.code}`);
    }
    expect(answers).toEqual(['422 outside_area', '422 outside_area', '422 outside_area']);
    expect((await list()).sort()).toEqual(before);
    // B's coordinator cannot send A's observer to B's station either.
    const fromB = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.electionId}/assignments`,
      cookie: w.staff.rcB.cookie,
      body: { observerId: w.observers.aByAccount.id, stationId: w.stations.b2, shift: 'counting' },
    });
    expect(`${fromB.statusCode} ${fromB.json().error?.code}`).toBe('422 outside_area');
    // Nor remove another region's assignment: it is not there for them.
    const removed = await t.request({
      method: 'DELETE',
      url: `/api/v1/assignments/${w.assignments.bAssigned}`,
      cookie: rcA.cookie,
    });
    expect(`${removed.statusCode} ${removed.json().error?.code}`).toBe('404 not_found');
    expect((await list()).sort()).toEqual(before);

    // Within the area it works: A's own observer (placed by account area A1) to A·2's station, in A1
    // (station a1 lies outside district A1: that would be a warning to override, not a scope matter).
    const inside = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.electionId}/assignments`,
      cookie: rcA.cookie,
      body: { observerId: w.observers.aByAccount.id, stationId: w.stations.a2, shift: 'counting' },
    });
    expect(inside.statusCode, inside.body).toBe(201);
    // …and the national coordinator may send anyone anywhere.
    const national = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.electionId}/assignments`,
      cookie: w.staff.coordinator.cookie,
      body: { observerId: w.observers.nowhere.id, stationId: w.stations.b2, shift: 'counting' },
    });
    expect(national.statusCode, national.body).toBe(201);
  });

  it('records each assignments export in the audit log, without personal data', async () => {
    for (const who of ['rcA', 'admin'] as const) {
      const response = await get(
        `/api/v1/elections/${w.electionId}/assignments/export?format=csv`,
        w.staff[who].cookie,
      );
      expect(response.statusCode).toBe(200);
    }
    const log = (await get('/api/v1/audit?action=export.downloaded&limit=100', w.staff.admin.cookie)).json().items as {
      actorId: string;
      action: string;
      details: unknown;
    }[];
    expect(log.map((e) => e.actorId).sort()).toEqual([w.staff.rcA.id, w.staff.admin.id].sort());
    const text = JSON.stringify(log);
    for (const name of Object.values(observerNames)) expect(text).not.toContain(name);
  });

  it("streams to a regional coordinator only their area's reports, live", async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const open = async (cookie: string) => {
      const stream = await fetch(`http://127.0.0.1:${port}/api/v1/elections/${w.electionId}/events`, {
        headers: { cookie },
      });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      /** Reads until `id` has arrived (or 10 s passed); returns the report ids of the events so far. */
      const until = async (id: string): Promise<string[]> => {
        const deadline = Date.now() + 10_000;
        while (!text.includes(id) && Date.now() < deadline) {
          const chunk = await Promise.race([
            reader.read(),
            new Promise<{ done: true; value: undefined }>((resolve) =>
              setTimeout(() => resolve({ done: true, value: undefined }), Math.max(0, deadline - Date.now())),
            ),
          ]);
          if (chunk.done) break;
          text += decoder.decode(chunk.value, { stream: true });
        }
        return text
          .split('\n\n')
          .filter((f) => f.startsWith('event: report.accepted'))
          .map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)).reportId as string);
      };
      return { until, close: () => reader.cancel() };
    };
    const streamA = await open(w.staff.rcA.cookie);
    const streamB = await open(w.staff.rcB.cookie);
    const national = await open(w.staff.coordinator.cookie);
    // B's and A's reports in turn: had one of B's reached A's stream, it would have come before A's next.
    const send = (who: 'a' | 'b', minute: number) =>
      who === 'a'
        ? w.submit(w.observers.aAssigned, 'opening', w.stations.a2, { ...opening, arrival_time: `06:${minute}` })
        : w.submit(w.observers.bAssigned, 'opening', w.stations.b1, { ...opening, arrival_time: `06:${minute}` });
    const b1 = await send('b', 50);
    const a1 = await send('a', 51);
    const b2 = await send('b', 52);
    const a2 = await send('a', 53);
    const b3 = await send('b', 54);
    const sorted = (list: string[]) => [...list].sort();
    try {
      expect(sorted(await national.until(b3))).toEqual(sorted([b1, a1, b2, a2, b3]));
      expect(sorted(await streamA.until(a2))).toEqual(sorted([a1, a2]));
      expect(sorted(await streamB.until(b3))).toEqual(sorted([b1, b2, b3]));
    } finally {
      await Promise.all([streamA.close(), streamB.close(), national.close()]);
    }
  });
});
