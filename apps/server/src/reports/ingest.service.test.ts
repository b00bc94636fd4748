import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { verifyChain } from './hash-chain.ts';
import { IngestService } from './ingest.service.ts';
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
