import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { verifyChain } from './hash-chain.ts';
import { IngestService, RecentRecords } from './ingest.service.ts';
import { type ReportAcceptedEvent, ReportEvents } from './report-events.ts';
import { InProcessReportWriter } from './report-writer.ts';

describeEachDialect('ingest: a correction that changes nothing', (db) => {
  let t: TestApp;
  let ingest: IngestService;
  let observer: Actor;
  let observerCookie: string;
  let body: { id: string; revision: number; stationId: string; formId: string; formVersion: number };
  let turnoutForm: { formId: string; version: number };
  const published: ReportAcceptedEvent[] = [];

  beforeEach(async () => {
    t = await startTestApp(db());
    const admin = await t.setupAdmin();
    const post = async (url: string, payload: unknown) => {
      const response = await t.request({ method: 'POST', url, cookie: admin, body: payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    // Voting day is the test clock's day (2026-11-10, 11:00 in Almaty).
    const election = (
      await post('/api/v1/elections', {
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election;
    const area = (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } }))
      .area;
    const station = (
      await post(`/api/v1/elections/${election.id}/stations`, { areaId: area.id, number: 1, address: 'Абай, 1' })
    ).station;
    const signedIn = await t.signInAs('observer', admin);
    observerCookie = signedIn.cookie;
    await post(`/api/v1/elections/${election.id}/assignments`, {
      observerId: signedIn.user.id,
      stationId: station.id,
      shift: 'voting_day',
    });
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observerCookie })).json();
    const form = pack.forms.find((f: { kind: string }) => f.kind === 'opening');
    turnoutForm = pack.forms.find((f: { kind: string }) => f.kind === 'turnout');
    body = {
      id: crypto.randomUUID(),
      revision: 1,
      stationId: station.id,
      formId: form.formId,
      formVersion: form.version,
    };
    const user = await t.store.users.findById(signedIn.user.id);
    if (!user) throw new Error('no observer');
    observer = { user, audited: false };
    const events = new ReportEvents();
    published.length = 0;
    events.subscribe(election.id, (e) => published.push(e));
    ingest = new IngestService(t.store, events, t.now, new InProcessReportWriter(t.store));
  });
  afterEach(() => t.close());

  const opening = {
    arrival_time: '06:45',
    admitted: true,
    opened_on_time: true,
    opening_time: '07:00',
    boxes_empty_sealed: true,
  };

  it('flags a falling turnout count against an earlier count of the station written in the same transaction', async () => {
    const turnout = (checkpoint: string, voters: number) =>
      ingest.submit(observer, {
        id: crypto.randomUUID(),
        revision: 1,
        stationId: body.stationId,
        formId: turnoutForm.formId,
        formVersion: turnoutForm.version,
        answers: { checkpoint_time: checkpoint, voters_received: voters, source: 'own_count' },
      });
    await turnout('08:00', 100);
    // Sent in one turn of the event loop: one group, one transaction.
    const [at10, at12] = await Promise.all([turnout('10:00', 500), turnout('12:00', 400)]);
    expect(at10.chainSeq + 1).toBe(at12.chainSeq);
    expect(at10.flags).toEqual([]);
    expect(at12.flags).toContainEqual({
      code: 'turnout_decreasing',
      params: { voters: 400, earlier: 500, at: '10:00' },
    });
    const at14 = await turnout('14:00', 450);
    expect(at14.flags).toEqual([]);
  });

  it('acknowledges identical answers sent as the next revision with the latest receipt, writing nothing', async () => {
    await ingest.submit(observer, { ...body, answers: opening });
    const corrected = await ingest.submit(observer, {
      ...body,
      revision: 2,
      answers: { ...opening, opening_time: '07:10' },
    });
    expect(corrected).toMatchObject({ revision: 2, chainSeq: 2 });
    expect(published.map((e) => e.revision)).toEqual([1, 2]);

    // The same answers again as revision 3, their keys in another order: the phone saved the form
    // again without changing it. The receipt is revision 2's; no revision, chain entry or event.
    const same = Object.fromEntries(Object.entries({ ...opening, opening_time: '07:10' }).reverse());
    const head = await t.store.reports.chainHead();
    expect(await ingest.submit(observer, { ...body, revision: 3, answers: same })).toEqual(corrected);
    // Through HTTP too, and as often as the phone resends it.
    const overHttp = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: observerCookie,
      body: { ...body, revision: 3, answers: same },
    });
    expect(overHttp.statusCode, overHttp.body).toBe(200);
    expect(overHttp.json()).toEqual(corrected);
    expect(await t.store.reports.chainHead()).toEqual(head);
    expect((await t.store.reports.findReport(body.id))?.latestRevision).toBe(2);
    expect(await t.store.reports.revisions(body.id)).toHaveLength(2);
    expect(published.map((e) => e.revision)).toEqual([1, 2]);

    // A real change is still the next revision.
    const changed = await ingest.submit(observer, { ...body, revision: 3, answers: { ...same, admitted: false } });
    expect(changed).toMatchObject({ revision: 3, chainSeq: 3 });
    expect(await t.store.reports.revisions(body.id)).toHaveLength(3);
    expect(published.map((e) => e.revision)).toEqual([1, 2, 3]);
    expect(await verifyChain(t.store)).toMatchObject({ ok: true, entries: 3 });
  });

  it('still refuses a skipped revision, even with unchanged answers', async () => {
    const first = await ingest.submit(observer, { ...body, answers: opening });
    await expect(ingest.submit(observer, { ...body, revision: 3, answers: opening })).rejects.toMatchObject({
      code: 'report_conflict',
      details: { expected: 2 },
    });
    // Identical to revision 1, sent as revision 2: revision 1's receipt.
    expect(await ingest.submit(observer, { ...body, revision: 2, answers: opening })).toEqual(first);
    expect(published).toHaveLength(1);
  });
});

describe('ingest: stations and elections as read a moment ago', () => {
  const turn = () => new Promise((r) => setImmediate(r));

  it('reads the ids asked for in one turn with one call, remembers them for the period, and reads them again after it', async () => {
    let clock = 0;
    const calls: string[][] = [];
    const records = new RecentRecords<{ id: string; v: number }>(
      1000,
      async (ids) => {
        calls.push([...ids].sort());
        return ids.filter((id) => id !== 'gone').map((id) => ({ id, v: clock }));
      },
      () => clock,
    );
    const [a, b, again, gone] = await Promise.all([
      records.get('a'),
      records.get('b'),
      records.get('a'),
      records.get('gone'),
    ]);
    expect(calls).toEqual([['a', 'b', 'gone']]);
    expect([a?.v, b?.v, again?.v, gone]).toEqual([0, 0, 0, undefined]);
    clock = 999;
    expect((await records.get('b'))?.v).toBe(0);
    expect(calls).toHaveLength(1);
    // The period ended: nothing read in it is given out any more.
    clock = 1000;
    expect((await records.get('b'))?.v).toBe(1000);
    expect(calls).toEqual([['a', 'b', 'gone'], ['b']]);
    await turn();
  });

  it('does not remember a failed read', async () => {
    let fail = true;
    const records = new RecentRecords<{ id: string }>(
      1000,
      async (ids) => {
        if (fail) throw new Error('database down');
        return ids.map((id) => ({ id }));
      },
      () => 0,
    );
    await expect(records.get('a')).rejects.toThrow('database down');
    fail = false;
    expect(await records.get('a')).toEqual({ id: 'a' });
  });

  it('an id asked for again when the period ends before its read shares that read', async () => {
    let clock = 0;
    let reads = 0;
    const records = new RecentRecords<{ id: string }>(
      1000,
      async (ids) => {
        reads++;
        return ids.map((id) => ({ id }));
      },
      () => clock,
    );
    const first = records.get('a');
    clock = 1500;
    const second = records.get('a');
    expect(await first).toEqual({ id: 'a' });
    expect(await second).toEqual({ id: 'a' });
    expect(reads).toBe(1);
  });
});
