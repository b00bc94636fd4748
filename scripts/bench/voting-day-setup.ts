// The voting day the ingest benchmarks run against, made through the API as an HQ would make it:
// an election, one station per observer, each observer assigned and signed in.
import { localDateTime } from '@pollwatch/core';
import { type Db, migrateToLatest, Store } from '@pollwatch/db';
import { type App, buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';

/** The whole server over `db` (migrated first), listening on a free local port. */
export async function serveApp(db: Db, dataDir: string): Promise<{ app: App['app']; base: string }> {
  await migrateToLatest(db.kysely);
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const { app } = await buildApp({ store: Store.over(db), config, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

export interface VotingDay {
  admin: string;
  electionId: string;
  observers: { cookie: string; observerId: string; stationId: string }[];
  voting: { formId: string; version: number };
  /** A voting-visit report's answers of about 1 KB: one visit with a long remark. */
  answers: Record<string, unknown>;
}

export async function seedVotingDay(base: string, observerCount: number): Promise<VotingDay> {
  const origin = base;
  const json = (cookie?: string) => ({ 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) });
  const post = async (path: string, body: unknown, cookie?: string) => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: json(cookie), body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return { json: (await r.json()) as any, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
  };
  const admin = (
    await post('/api/v1/setup', { email: 'bench@example.org', displayName: 'Bench', password: 'benchmark password' })
  ).cookie;
  const today = localDateTime(new Date(), 'Asia/Almaty').date;
  const election = (
    await post(
      '/api/v1/elections',
      { name: { ru: 'Бенчмарк' }, kind: 'presidential', votingDate: today, timeZone: 'Asia/Almaty' },
      admin,
    )
  ).json.election;
  const area = (
    await post('/api/v1/areas', { parentId: null, level: 'region', code: 'B', name: { ru: 'Регион' } }, admin)
  ).json.area;
  const observers: VotingDay['observers'] = [];
  for (let i = 0; i < observerCount; i++) {
    const station = (
      await post(
        `/api/v1/elections/${election.id}/stations`,
        { areaId: area.id, number: i + 1, address: `Адрес ${i}`, registeredVoters: 2000 },
        admin,
      )
    ).json.station;
    const user = (await post('/api/v1/users', { role: 'observer', displayName: `Наблюдатель ${i}` }, admin)).json.user;
    await post(
      `/api/v1/elections/${election.id}/assignments`,
      { observerId: user.id, stationId: station.id, shift: 'voting_day' },
      admin,
    );
    const code = (await post(`/api/v1/users/${user.id}/invites`, {}, admin)).json.code;
    const cookie = (await post('/api/v1/auth/invite', { code })).cookie;
    observers.push({ cookie, observerId: user.id, stationId: station.id });
  }
  const packResponse = await fetch(`${base}/api/v1/me/field-pack`, { headers: { cookie: observers[0]?.cookie ?? '' } });
  const pack = (await packResponse.json()) as { forms: { kind: string; formId: string; version: number }[] };
  const voting = pack.forms.find((f) => f.kind === 'voting') as { formId: string; version: number };
  const answers = {
    visit: [
      {
        visit_time: '11:00',
        voters_in_queue: 12,
        secrecy_respected: true,
        id_checked: true,
        unauthorised_present: false,
        observer_obstructed: false,
        remarks: 'Наблюдение ведётся. '.repeat(22),
      },
    ],
  };
  return { admin, electionId: election.id, observers, voting, answers };
}
