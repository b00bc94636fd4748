import type { UserDto } from '@pollwatch/core';
import type { TestDb } from '@pollwatch/db/testing';
import { expect } from 'vitest';
import { type FakeBotApi, fakeBotApi, TOKEN } from './fake-bot-api.ts';
import { startTestApp, type TestApp } from './test-app.ts';

/**
 * The shared setup of the Telegram tests: the test app whose bot talks to a fresh local fake Bot API
 * (`env` adds settings, such as RUN_JOBS=false), and `close`, which stops both.
 */
export async function startTelegramApp(
  db: TestDb,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; api: FakeBotApi; close: () => Promise<void> }> {
  const api = await fakeBotApi();
  const t = await startTestApp(db, {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_BASE: api.url,
    TELEGRAM_BOT_NAME: 'pollwatch_bot',
    ...env,
  });
  const close = async () => {
    await t.close();
    await new Promise((resolve) => api.server.close(resolve));
  };
  return { t, api, close };
}

/**
 * Through the API as the first admin: an election voting on 10 Nov 2026 in Almaty, one region, the
 * station numbered `number`, and an observer assigned to it for voting day.
 */
export async function votingDayObserver(
  t: TestApp,
  number: number,
): Promise<{ admin: string; electionId: string; stationId: string; observer: { cookie: string; user: UserDto } }> {
  const admin = await t.setupAdmin();
  const post = async (url: string, payload: unknown) => {
    const response = await t.request({ method: 'POST', url, cookie: admin, body: payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const electionId = (
    await post('/api/v1/elections', {
      name: { ru: 'Выборы' },
      kind: 'presidential',
      votingDate: '2026-11-10',
      timeZone: 'Asia/Almaty',
    })
  ).election.id as string;
  const area = (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } }))
    .area;
  const stationId = (
    await post(`/api/v1/elections/${electionId}/stations`, { areaId: area.id, number, address: `Абай, ${number}` })
  ).station.id as string;
  const observer = await t.signInAs('observer', admin);
  await post(`/api/v1/elections/${electionId}/assignments`, {
    observerId: observer.user.id,
    stationId,
    shift: 'voting_day',
  });
  return { admin, electionId, stationId, observer };
}
