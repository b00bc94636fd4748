import { createHash, randomUUID } from 'node:crypto';
import type { Role } from '@pollwatch/core';
import { cookieFrom, type TestApp } from './test-app.ts';

/**
 * One election over two regions, made through the API as the HQ and observers would, for the tests
 * that prove area scope holds (who sees which record):
 *
 * - areas: region A ("ALA") with district A1 ("ALA-1") below it; region B ("AST");
 * - stations: A·1 in region A, A·2 in district A1, B·1 and B·2 in region B (each region numbers
 *   its own stations, so both have a station 1);
 * - observers, each in its area by one route only:
 *   `aByAccount` (account area A1, nothing else), `aAssigned` and `aAssigned2` (assigned to A·2,
 *   no account area), `aApplicant` (made from an applicant of region A), `bByAccount` (account
 *   area B), `bAssigned` (assigned to B·1), `both` (account area B, assigned to A·1: in both
 *   regions), `nowhere` (in no area: national staff only);
 * - applicants (who signed up on the join form): `a` (district A1), `aObserver` (region A, later
 *   the observer `aApplicant`), `b` (region B), `nowhere` (no area);
 * - reports: in A an opening report at A·2, two protocol copies at A·2 that disagree (a conflict;
 *   the first with an uploaded photo) and an opening report at A·1 by `both`; in B an opening
 *   report and a protocol copy with another uploaded photo at B·1;
 * - staff: a coordinator, a regional coordinator of A, one of B, an analyst.
 *
 * Names are distinct and none contains another, so a file's rows can be told apart by name.
 */

/** The test clock stands at 2026-11-10T06:00Z: 11:00 in Almaty, on this election's voting day. */
export const VOTING_DAY = '2026-11-10';

export const observerNames = {
  aByAccount: 'Айдана Ержанова',
  aAssigned: 'Арман Тулегенов',
  aAssigned2: 'Асхат Ибраев',
  aApplicant: 'Алия Мухамеджанова',
  bByAccount: 'Берик Оспанов',
  bAssigned: 'Ботагоз Калиева',
  both: 'Гульнара Сейтова',
  nowhere: 'Данияр Жумабаев',
} as const;
export type ObserverKey = keyof typeof observerNames;

export const applicantNames = {
  a: 'Ерлан Касымов',
  aObserver: observerNames.aApplicant,
  b: 'Жанар Абдрахманова',
  nowhere: 'Зарина Нуртаева',
} as const;
export type ApplicantKey = keyof typeof applicantNames;

export type StationKey = 'a1' | 'a2' | 'b1' | 'b2';
export type AssignmentKey = 'aAssigned' | 'aAssigned2' | 'both' | 'bAssigned';
export type ReportKey = 'aOpening' | 'aProtocol1' | 'aProtocol2' | 'aOpeningByBoth' | 'bOpening' | 'bProtocol';
export type StaffKey = 'admin' | 'coordinator' | 'rcA' | 'rcB' | 'analyst';

export interface Session {
  cookie: string;
  id: string;
}

export interface FieldForm {
  formId: string;
  version: number;
}

export interface TwoRegions {
  electionId: string;
  areas: { a: string; a1: string; b: string };
  stations: Record<StationKey, string>;
  staff: Record<StaffKey, Session>;
  observers: Record<ObserverKey, Session>;
  applicants: Record<ApplicantKey, string>;
  assignments: Record<AssignmentKey, string>;
  reports: Record<ReportKey, string>;
  photos: { a: string; b: string };
  /** The election's published forms by kind (the field pack's). */
  forms: Record<string, FieldForm>;
  /** Sends one report as an observer; returns its id (throws unless it was accepted). */
  submit(observer: Session, kind: string, station: string, answers: Record<string, unknown>): Promise<string>;
}

export const opening = {
  arrival_time: '06:45',
  admitted: true,
  opened_on_time: true,
  opening_time: '07:00',
  boxes_empty_sealed: true,
};

/** A protocol copy; two copies differ in how the votes split between the candidates. */
export const protocol = (a: number, photos: string[] = []) => ({
  voters_on_lists: 1000,
  ballots_received: 1000,
  voters_received_ballots: 600,
  ballots_cancelled: 400,
  voters_took_part: 600,
  invalid_ballots: 10,
  option_a: a,
  option_b: 590 - a,
  ...(photos.length > 0 ? { protocol_photos: photos } : {}),
});

/** A tiny JPEG (its first and last bytes are what the server checks); `fill` makes each one distinct. */
export function jpeg(fill: number): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, fill), Buffer.from([0xff, 0xd9])]);
}
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Needs an app started with `TRUST_PROXY: 'true'` (each sign-up comes from its own address). */
export async function seedTwoRegions(t: TestApp): Promise<TwoRegions> {
  const adminCookie = await t.setupAdmin();
  const admin: Session = {
    cookie: adminCookie,
    id: (await t.request({ method: 'GET', url: '/api/v1/me', cookie: adminCookie })).json().user.id,
  };

  async function call(method: 'POST' | 'PATCH' | 'GET', url: string, body?: unknown, cookie = admin.cookie) {
    const response = await t.request({ method, url, body, cookie });
    if (response.statusCode >= 300) {
      throw new Error(`seeding: ${method} ${url} answered ${response.statusCode} ${response.body}`);
    }
    return response.json();
  }

  const electionId = (
    await call('POST', '/api/v1/elections', {
      name: { ru: 'Выборы в две области' },
      kind: 'presidential',
      votingDate: VOTING_DAY,
      timeZone: 'Asia/Almaty',
      ballotOptions: [
        { code: 'a', kind: 'candidate', name: { ru: 'Кандидат А' } },
        { code: 'b', kind: 'candidate', name: { ru: 'Кандидат Б' } },
      ],
    })
  ).election.id as string;
  const election = await call('GET', `/api/v1/elections/${electionId}`);
  if (!election.election.isCurrent) await call('POST', `/api/v1/elections/${electionId}/current`, {});

  const area = async (parentId: string | null, level: string, code: string, name: string) =>
    (await call('POST', '/api/v1/areas', { parentId, level, code, name: { ru: name } })).area.id as string;
  const a = await area(null, 'region', 'ALA', 'Алматы');
  const a1 = await area(a, 'district', 'ALA-1', 'Алмалинский район');
  const b = await area(null, 'region', 'AST', 'Астана');

  const station = async (areaId: string, number: number, address: string) =>
    (
      await call('POST', `/api/v1/elections/${electionId}/stations`, {
        areaId,
        number,
        address,
        registeredVoters: 1000,
      })
    ).station.id as string;
  const stations: Record<StationKey, string> = {
    a1: await station(a, 1, 'Алматы, ул. Абая, 1'),
    a2: await station(a1, 2, 'Алматы, ул. Толе би, 2'),
    b1: await station(b, 1, 'Астана, пр. Республики, 1'),
    b2: await station(b, 2, 'Астана, ул. Кенесары, 2'),
  };

  const staffSession = async (role: Role, areaId?: string): Promise<Session> => {
    const { cookie, user } = await t.signInAs(role, admin.cookie);
    if (areaId) {
      const set = await call('PATCH', `/api/v1/users/${user.id}`, { areaId });
      if (set.user.areaId !== areaId) throw new Error(`seeding: the ${role}'s area was not set`);
    }
    return { cookie, id: user.id };
  };
  const staff: Record<StaffKey, Session> = {
    admin,
    coordinator: await staffSession('coordinator'),
    rcA: await staffSession('regional_coordinator', a),
    rcB: await staffSession('regional_coordinator', b),
    analyst: await staffSession('analyst'),
  };

  const signInObserver = async (userId: string): Promise<string> => {
    const { code } = await call('POST', `/api/v1/users/${userId}/invites`, {});
    const redeemed = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code } });
    return cookieFrom(redeemed);
  };
  const observer = async (key: ObserverKey, areaId?: string): Promise<Session> => {
    const { user } = await call('POST', '/api/v1/users', {
      role: 'observer',
      displayName: observerNames[key],
      ...(areaId ? { areaId } : {}),
    });
    if (areaId && user.areaId !== areaId) throw new Error(`seeding: observer ${key} was created without its area`);
    return { id: user.id, cookie: await signInObserver(user.id) };
  };

  // Applicants sign up on the public join form, each from its own address.
  let phone = 0;
  let ip = 0;
  const signUp = async (fullName: string, areaId?: string) => {
    const token = (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json();
    t.advance(5_000);
    phone += 1;
    ip += 1;
    const joined = await t.request({
      method: 'POST',
      url: '/api/v1/join',
      headers: { 'x-forwarded-for': `10.20.0.${ip}` },
      body: {
        token: token.token,
        consentVersion: token.consentVersion,
        fullName,
        phone: `+7 701 000 00 ${String(phone).padStart(2, '0')}`,
        birthDate: '1990-03-15',
        languages: ['ru'],
        availability: ['election_day'],
        consent: true,
        ...(areaId ? { areaId } : {}),
      },
    });
    if (joined.statusCode !== 202) throw new Error(`seeding: join answered ${joined.statusCode} ${joined.body}`);
  };
  await signUp(applicantNames.a, a1);
  await signUp(applicantNames.aObserver, a);
  await signUp(applicantNames.b, b);
  await signUp(applicantNames.nowhere);
  const listed = (await call('GET', '/api/v1/applicants?limit=500')).items as { id: string; fullName: string }[];
  const applicantId = (name: string) => {
    const found = listed.find((x) => x.fullName === name);
    if (!found) throw new Error(`seeding: applicant ${name} is not listed`);
    return found.id;
  };
  const applicants: Record<ApplicantKey, string> = {
    a: applicantId(applicantNames.a),
    aObserver: applicantId(applicantNames.aObserver),
    b: applicantId(applicantNames.b),
    nowhere: applicantId(applicantNames.nowhere),
  };

  const observers = {} as Record<ObserverKey, Session>;
  observers.aByAccount = await observer('aByAccount', a1);
  observers.aAssigned = await observer('aAssigned');
  observers.aAssigned2 = await observer('aAssigned2');
  for (const status of ['contacted', 'in_training', 'certified']) {
    await call('POST', `/api/v1/applicants/${applicants.aObserver}/status`, { status });
  }
  const invited = await call('POST', `/api/v1/applicants/${applicants.aObserver}/invite`, {});
  const redeemed = await t.request({ method: 'POST', url: '/api/v1/auth/invite', body: { code: invited.invite.code } });
  observers.aApplicant = { id: invited.userId, cookie: cookieFrom(redeemed) };
  observers.bByAccount = await observer('bByAccount', b);
  observers.bAssigned = await observer('bAssigned');
  observers.both = await observer('both', b);
  observers.nowhere = await observer('nowhere');

  const assign = async (who: ObserverKey, stationId: string, shift: string) =>
    (
      await call('POST', `/api/v1/elections/${electionId}/assignments`, {
        observerId: observers[who].id,
        stationId,
        shift,
        // `both` works in Astana and is sent to Almaty on purpose: the coordinator overrides the warning
        override: true,
      })
    ).assignment.id as string;
  const assignments: Record<AssignmentKey, string> = {
    aAssigned: await assign('aAssigned', stations.a2, 'voting_day'),
    aAssigned2: await assign('aAssigned2', stations.a2, 'counting'),
    both: await assign('both', stations.a1, 'opening'),
    bAssigned: await assign('bAssigned', stations.b1, 'voting_day'),
  };

  const pack = await call('GET', '/api/v1/me/field-pack', undefined, observers.aAssigned.cookie);
  const forms: Record<string, FieldForm> = Object.fromEntries(
    (pack.forms as { kind: string; formId: string; version: number; electionId?: string }[])
      .filter((f) => (f.electionId ?? electionId) === electionId)
      .map((f) => [f.kind, { formId: f.formId, version: f.version }]),
  );

  const submit: TwoRegions['submit'] = async (who, kind, stationId, answers) => {
    const form = forms[kind];
    if (!form) throw new Error(`seeding: no ${kind} form in the field pack`);
    const id = randomUUID();
    await call(
      'POST',
      '/api/v1/reports',
      { id, revision: 1, stationId, formId: form.formId, formVersion: form.version, answers },
      who.cookie,
    );
    return id;
  };
  const upload = async (who: Session, bytes: Buffer) => {
    const hash = sha256(bytes);
    const url = `/api/v1/photos/${hash}`;
    const begun = await t.request({
      method: 'POST',
      url,
      cookie: who.cookie,
      headers: { 'upload-length': String(bytes.length) },
    });
    const sent = await t.request({
      method: 'PATCH',
      url,
      cookie: who.cookie,
      headers: { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    if (begun.statusCode !== 200 || sent.statusCode !== 200 || sent.json().complete !== true) {
      throw new Error(`seeding: photo upload answered ${begun.statusCode}, ${sent.statusCode} ${sent.body}`);
    }
    return hash;
  };

  const photoA = jpeg(7);
  const photoB = jpeg(9);
  const photos = { a: sha256(photoA), b: sha256(photoB) };
  const reports: Record<ReportKey, string> = {
    aOpening: await submit(observers.aAssigned, 'opening', stations.a2, opening),
    aProtocol1: await submit(observers.aAssigned, 'protocol', stations.a2, protocol(400, [photos.a])),
    aProtocol2: await submit(observers.aAssigned2, 'protocol', stations.a2, protocol(300)),
    aOpeningByBoth: await submit(observers.both, 'opening', stations.a1, opening),
    bOpening: await submit(observers.bAssigned, 'opening', stations.b1, opening),
    bProtocol: await submit(observers.bAssigned, 'protocol', stations.b1, protocol(350, [photos.b])),
  };
  await upload(observers.aAssigned, photoA);
  await upload(observers.bAssigned, photoB);

  return {
    electionId,
    areas: { a, a1, b },
    stations,
    staff,
    observers,
    applicants,
    assignments,
    reports,
    photos,
    forms,
    submit,
  };
}
