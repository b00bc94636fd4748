import { randomUUID } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../testing/test-app.ts';
import { jpeg, protocol, sha256, type TwoRegions, VOTING_DAY } from '../testing/two-regions-fixture.ts';
import { PHOTO_DAILY_BYTES, PHOTO_MAX_BYTES, PHOTO_ORPHAN_MS } from './photos.service.ts';

// Issue 21: an observer could fill the disk with photos; these are the limits that stop it.
describeEachDialect('photo uploads: owner, quota, clean-up (issue 21)', (db) => {
  let t: TestApp;
  let w: Pick<TwoRegions, 'observers'> & Partial<TwoRegions>;
  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    const admin = await t.setupAdmin();
    const a = await t.signInAs('observer', admin);
    const b = await t.signInAs('observer', admin);
    w = {
      observers: {
        aAssigned: { cookie: a.cookie, id: a.user.id },
        bAssigned: { cookie: b.cookie, id: b.user.id },
      } as TwoRegions['observers'],
    };
  });
  afterEach(() => t.close());

  const photo = (cookie: string, hash: string, method: 'POST' | 'PATCH' | 'GET', headers = {}, body?: Buffer) =>
    t.request({ method, url: `/api/v1/photos/${hash}`, cookie, headers, ...(body ? { body } : {}) });
  const send = (cookie: string, bytes: Buffer, offset = 0) =>
    photo(
      cookie,
      sha256(bytes),
      'PATCH',
      { 'upload-offset': String(offset), 'content-type': 'application/octet-stream' },
      bytes.subarray(offset),
    );

  it('takes the bytes of an upload only from the observer who announced it', async () => {
    const bytes = jpeg(41);
    const hash = sha256(bytes);
    expect(
      (await photo(w.observers.aAssigned.cookie, hash, 'POST', { 'upload-length': String(bytes.length) })).statusCode,
    ).toBe(200);
    const intruder = await send(w.observers.bAssigned.cookie, bytes);
    expect(intruder.statusCode).toBe(404);
    const owner = await send(w.observers.aAssigned.cookie, bytes);
    expect(owner.json()).toMatchObject({ complete: true });
  });

  it("refuses more than a day's quota of photo bytes from one observer", async () => {
    const cookie = w.observers.aAssigned.cookie;
    const fits = Math.floor(PHOTO_DAILY_BYTES / PHOTO_MAX_BYTES);
    let refused: Awaited<ReturnType<typeof photo>> | undefined;
    for (let i = 0; i <= fits && !refused; i++) {
      const r = await photo(cookie, sha256(Buffer.from(`big ${i}`)), 'POST', {
        'upload-length': String(PHOTO_MAX_BYTES),
      });
      if (r.statusCode !== 200) refused = r;
    }
    expect(refused?.statusCode).toBe(429);
    expect(refused?.json().error.code).toBe('rate_limited');
    // Another observer is not affected, and the quota frees up a day later.
    expect(
      (await photo(w.observers.bAssigned.cookie, sha256(Buffer.from('other')), 'POST', { 'upload-length': '100' }))
        .statusCode,
    ).toBe(200);
    t.advance(24 * 3600_000 + 1000);
    expect((await photo(cookie, sha256(Buffer.from('tomorrow')), 'POST', { 'upload-length': '100' })).statusCode).toBe(
      200,
    );
  });
});

describeEachDialect('photo clean-up (issue 21)', (db) => {
  let t: TestApp;
  let observer: { cookie: string; id: string };
  let admin: string;
  let listedReport: (hash: string) => Promise<void>;
  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    admin = await t.setupAdmin();
    const call = async (method: 'POST' | 'GET', url: string, body?: unknown, cookie = admin) => {
      const r = await t.request({ method, url, body, cookie });
      if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return r.json();
    };
    const electionId = (
      await call('POST', '/api/v1/elections', {
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: VOTING_DAY,
        timeZone: 'Asia/Almaty',
        ballotOptions: [
          { code: 'a', kind: 'candidate', name: { ru: 'Кандидат А' } },
          { code: 'b', kind: 'candidate', name: { ru: 'Кандидат Б' } },
        ],
      })
    ).election.id;
    if (!(await call('GET', `/api/v1/elections/${electionId}`)).election.isCurrent) {
      await call('POST', `/api/v1/elections/${electionId}/current`, {});
    }
    const areaId = (await call('POST', '/api/v1/areas', { parentId: null, level: 'region', name: { ru: 'Регион' } }))
      .area.id;
    const stationId = (
      await call('POST', `/api/v1/elections/${electionId}/stations`, {
        areaId,
        number: 1,
        address: 'Адрес',
        registeredVoters: 1000,
      })
    ).station.id;
    const signedIn = await t.signInAs('observer', admin);
    observer = { cookie: signedIn.cookie, id: signedIn.user.id };
    await call('POST', `/api/v1/elections/${electionId}/assignments`, {
      observerId: observer.id,
      stationId,
      shift: 'voting_day',
    });
    const pack = await call('GET', '/api/v1/me/field-pack', undefined, observer.cookie);
    const form = (pack.forms as { kind: string; formId: string; version: number }[]).find((f) => f.kind === 'protocol');
    listedReport = async (hash: string) => {
      await call(
        'POST',
        '/api/v1/reports',
        {
          id: randomUUID(),
          revision: 1,
          stationId,
          formId: form?.formId,
          formVersion: form?.version,
          answers: protocol(400, [hash]),
        },
        observer.cookie,
      );
    };
  }, 60_000);
  afterEach(() => t.close());

  const photo = (cookie: string, hash: string, method: 'POST' | 'PATCH', headers = {}, body?: Buffer) =>
    t.request({ method, url: `/api/v1/photos/${hash}`, cookie, headers, ...(body ? { body } : {}) });
  const send = (cookie: string, bytes: Buffer) =>
    photo(cookie, sha256(bytes), 'PATCH', { 'upload-offset': '0', 'content-type': 'application/octet-stream' }, bytes);

  it('removes unfinished uploads and photos no report lists, and keeps the listed ones', async () => {
    const cookie = observer.cookie;
    const listed = jpeg(50);
    const stray = jpeg(51);
    const partial = jpeg(52);
    await photo(cookie, sha256(listed), 'POST', { 'upload-length': String(listed.length) });
    expect((await send(cookie, listed)).json().complete).toBe(true);
    await listedReport(sha256(listed));
    await photo(cookie, sha256(stray), 'POST', { 'upload-length': String(stray.length) });
    expect((await send(cookie, stray)).json().complete).toBe(true);
    await photo(cookie, sha256(partial), 'POST', { 'upload-length': String(partial.length) });
    await photo(
      cookie,
      sha256(partial),
      'PATCH',
      { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      partial.subarray(0, 100),
    );

    expect(await t.photos.purgeOrphans()).toBe(0); // too young to judge
    t.advance(PHOTO_ORPHAN_MS + 60_000);
    expect(await t.photos.purgeOrphans()).toBe(2);
    expect(await t.store.reports.photo(sha256(stray))).toBeUndefined();
    expect(await t.store.reports.photo(sha256(partial))).toBeUndefined();
    // The photo a report lists is kept, bytes and all (the staff session has expired meanwhile).
    expect(await t.store.reports.photo(sha256(listed))).toMatchObject({ complete: true });
    const hq = (await t.store.users.findWithPasswordByEmail(ADMIN.email))?.user;
    if (!hq) throw new Error('no admin');
    const kept = await t.photos.content({ user: hq, audited: true }, sha256(listed));
    const chunks: Buffer[] = [];
    for await (const chunk of kept.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(listed)).toBe(true);
    expect(await t.photos.purgeOrphans()).toBe(0);
  });
});
