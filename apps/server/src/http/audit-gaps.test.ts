import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

// Issue 21 (review): two reads/writes that left no trace in the audit log.
describeEachDialect('audit gaps (issue 21)', (db) => {
  let t: TestApp;
  let admin: string;
  const origin = 'https://observe.example.kz';
  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true', PUBLIC_URL: origin });
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, cookie = admin) =>
    t.request({ method, url, body, cookie, headers: { origin } });
  const auditActions = async () =>
    ((await call('GET', '/api/v1/audit?limit=200')).json().items as { action: string; entityId: string | null }[]).map(
      (e) => `${e.action} ${e.entityId ?? ''}`.trim(),
    );

  it('records who exported the list of stations', async () => {
    const election = (
      await call('POST', '/api/v1/elections', {
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: '2026-12-06',
        timeZone: 'Asia/Almaty',
      })
    ).json().election;
    const file = await call('GET', `/api/v1/elections/${election.id}/stations/export?format=csv`);
    expect(file.statusCode).toBe(200);
    expect(await auditActions()).toContain(`station.exported ${election.id}`);
  });

  it("records a regional coordinator's bulk status change of an applicant outside their area", async () => {
    const area = async (name: string) =>
      (await call('POST', '/api/v1/areas', { parentId: null, level: 'region', name: { ru: name } })).json().area;
    const north = await area('Север');
    const south = await area('Юг');
    const token = (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json();
    t.advance(5_000);
    const joined = await t.request({
      method: 'POST',
      url: '/api/v1/join',
      body: {
        token: token.token,
        consentVersion: token.consentVersion,
        fullName: 'Иван Петров',
        phone: '+7 701 555 00 11',
        birthDate: '1990-03-15',
        languages: ['ru'],
        availability: ['election_day'],
        consent: true,
        locale: 'ru',
        areaId: south.id,
      },
      headers: { 'x-forwarded-for': '10.8.0.1', origin },
    });
    expect(joined.statusCode, joined.body).toBe(202);
    const applicantId = (await call('GET', '/api/v1/applicants')).json().items[0].id;
    const rc = await t.signInAs('regional_coordinator', admin);
    expect((await call('PATCH', `/api/v1/users/${rc.user.id}`, { areaId: north.id })).statusCode).toBe(200);

    const bulk = await call(
      'POST',
      '/api/v1/applicants/status',
      { ids: [applicantId], status: 'rejected', reason: 'x' },
      rc.cookie,
    );
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json().refused).toEqual([{ id: applicantId, code: 'not_found' }]);
    expect(await auditActions()).toContain(`access.out_of_scope ${applicantId}`);
  });
});
