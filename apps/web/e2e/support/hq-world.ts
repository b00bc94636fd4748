import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { newContext } from './browser.ts';
import type { RunningServer } from './server.ts';

/**
 * The records a browser story starts from, made through the API in the first admin's session (the
 * screens that make them are tested elsewhere): an election, the two-region territory of the
 * regional tests, observers, a regional coordinator and observers' phones that send reports.
 */

export interface Account {
  displayName: string;
  email: string;
  password: string;
}

export interface HqApi {
  /** The admin's session: its cookies, for calls a test makes as the HQ. */
  request: APIRequestContext;
  /** A write in the admin's session; fails the test on any status from 300 up. */
  post<T>(path: string, data?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  /** The raw answer, for a refusal the test expects. */
  send(method: 'POST' | 'GET', path: string, data?: unknown): Promise<{ status: number; body: unknown }>;
}

/** Creates the first admin (setup) and signs them in on a context of their own. */
export async function hqAdmin(server: RunningServer, browser: Browser, admin: Account): Promise<HqApi> {
  // A fresh server prints a one-time setup link on its console; /setup needs its token.
  const token = /\/setup\?token=([\w-]+)/.exec(server.output())?.[1];
  const setup = await fetch(`${server.baseUrl}/api/v1/setup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { 'X-Setup-Token': token }) },
    body: JSON.stringify(admin),
  });
  expect(setup.status).toBe(201);
  const context = await newContext(browser, server.baseUrl);
  const request = context.request;
  const signedIn = await request.post('/api/v1/auth/sign-in', {
    headers: { Origin: server.baseUrl },
    data: { email: admin.email, password: admin.password },
  });
  expect(signedIn.status()).toBe(200);
  const send = async (method: 'POST' | 'GET', path: string, data?: unknown) => {
    const response = await request.fetch(path, { method, headers: { Origin: server.baseUrl }, data });
    const text = await response.text();
    return { status: response.status(), body: text ? JSON.parse(text) : null, text };
  };
  const ok = async <T>(method: 'POST' | 'GET', path: string, data?: unknown): Promise<T> => {
    const { status, body, text } = await send(method, path, data);
    expect(status, `${path}: ${text}`).toBeLessThan(300);
    return body as T;
  };
  return {
    request,
    post: (path, data) => ok('POST', path, data),
    get: (path) => ok('GET', path),
    send: async (method, path, data) => {
      const { status, body } = await send(method, path, data);
      return { status, body };
    },
  };
}

/** A current election on `votingDate` in `timeZone`, with two candidates. */
export async function currentElection(
  api: HqApi,
  votingDate: string,
  timeZone = 'Asia/Almaty',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { election } = await api.post<{ election: { id: string; isCurrent: boolean } }>('/api/v1/elections', {
    name: { ru: 'Выборы в маслихат 2026', kk: 'Мәслихат сайлауы 2026', en: 'Maslikhat election 2026' },
    kind: 'local_council',
    votingDate,
    timeZone,
    ballotOptions: [
      { code: 'a', kind: 'candidate', name: { ru: 'Первый кандидат' } },
      { code: 'b', kind: 'candidate', name: { ru: 'Второй кандидат' } },
    ],
    ...extra,
  });
  if (!election.isCurrent) await api.post(`/api/v1/elections/${election.id}/current`);
  return election.id;
}

export const regionNames = {
  regionA: 'город Алматы',
  districtA: 'Алмалинский район',
  regionB: 'город Астана',
} as const;
export type RegionKey = keyof typeof regionNames;

const addresses: Record<number, string> = {
  101: 'Алматы, ул. Жандосова, 58',
  102: 'Алматы, ул. Толе би, 2',
  103: 'Алматы, пр. Абая, 10',
  201: 'Астана, пр. Республики, 1',
};

/**
 * Region A (город Алматы, code ALA) with its district A1 (Алмалинский район), and region B (город
 * Астана): the territory of the regional tests, with the stations asked for in each area.
 */
export async function twoRegions(
  api: HqApi,
  electionId: string,
  stationsIn: Partial<Record<RegionKey, number[]>>,
): Promise<{ areas: Record<RegionKey, string>; stations: Record<number, string> }> {
  const area = async (parentId: string | null, level: string, code: string, name: string) =>
    (await api.post<{ area: { id: string } }>('/api/v1/areas', { parentId, level, code, name: { ru: name } })).area.id;
  const regionA = await area(null, 'region', 'ALA', regionNames.regionA);
  const districtA = await area(regionA, 'district', 'ALA-1', regionNames.districtA);
  const regionB = await area(null, 'region', 'AST', regionNames.regionB);
  const areas = { regionA, districtA, regionB };
  const stations: Record<number, string> = {};
  for (const [key, numbers] of Object.entries(stationsIn) as [RegionKey, number[]][]) {
    for (const number of numbers) {
      stations[number] = (
        await api.post<{ station: { id: string } }>(`/api/v1/elections/${electionId}/stations`, {
          areaId: areas[key],
          number,
          address: addresses[number] ?? `ул. Учаскелік, ${number}`,
          registeredVoters: 1000,
        })
      ).station.id;
    }
  }
  return { areas, stations };
}

/** An observer account, in an area or none; the id. */
export async function observer(api: HqApi, displayName: string, areaId?: string): Promise<string> {
  return (
    await api.post<{ user: { id: string } }>('/api/v1/users', {
      role: 'observer',
      displayName,
      ...(areaId ? { areaId } : {}),
    })
  ).user.id;
}

export async function assign(
  api: HqApi,
  electionId: string,
  observerId: string,
  stationId: string,
  shift = 'voting_day',
): Promise<void> {
  await api.post(`/api/v1/elections/${electionId}/assignments`, { observerId, stationId, shift });
}

/** A regional coordinator of `areaId` who signs in with a password. */
export async function regionalCoordinator(api: HqApi, account: Account, areaId: string): Promise<void> {
  await api.post('/api/v1/users', { role: 'regional_coordinator', ...account, areaId });
}

export interface FieldForm {
  formId: string;
  kind: string;
  version: number;
}

/** Sends a report of `kind` for a station through the API, as the field app would; its id. */
export type SendReport = (kind: string, stationId: string, answers: Record<string, unknown>) => Promise<string>;

/** Reports sent in the session of a signed-in observer's context (its field pack names the forms). */
export async function reportSender(context: BrowserContext, server: RunningServer): Promise<SendReport> {
  const pack = (await (await context.request.get('/api/v1/me/field-pack')).json()) as { forms: FieldForm[] };
  return async (kind, stationId, answers) => {
    const form = pack.forms.find((f) => f.kind === kind);
    if (!form) throw new Error(`no ${kind} form in the field pack`);
    const id = randomUUID();
    const sent = await context.request.post('/api/v1/reports', {
      headers: { Origin: server.baseUrl },
      data: {
        id,
        revision: 1,
        stationId,
        formId: form.formId,
        formVersion: form.version,
        answers,
        clientTime: new Date().toISOString(),
      },
    });
    expect(sent.status(), await sent.text()).toBe(200);
    return id;
  };
}

/** An observer's phone signed in with an invite code the admin made, sending reports through the API. */
export async function observerPhone(
  api: HqApi,
  browser: Browser,
  server: RunningServer,
  userId: string,
): Promise<{ context: BrowserContext; send: SendReport }> {
  const { code } = await api.post<{ code: string }>(`/api/v1/users/${userId}/invites`);
  const context = await newContext(browser, server.baseUrl);
  const signedIn = await context.request.post('/api/v1/auth/invite', {
    headers: { Origin: server.baseUrl },
    data: { code },
  });
  expect(signedIn.status()).toBe(200);
  return { context, send: await reportSender(context, server) };
}

/** The opening checklist of an observer who arrived at `arrival`. */
export const openingAnswers = (arrival = '06:45') => ({
  arrival_time: arrival,
  admitted: true,
  opened_on_time: true,
  opening_time: '07:00',
  boxes_empty_sealed: true,
});

/**
 * A zone where it is about noon now (Etc/GMT-N is UTC+N), so that the polls (07:00-20:00) are open
 * and the opening checklist is overdue whatever the machine's clock says; and that zone's date.
 */
export function noonZone(now = new Date()): { timeZone: string; date: string } {
  let offset = 12 - now.getUTCHours();
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  const timeZone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
  const date = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  return { timeZone, date };
}
