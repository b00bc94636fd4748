import type { NewRemark } from '@pollwatch/db';
import { describeEachDialect } from '@pollwatch/db/testing';
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readinessAnswers } from '../testing/readiness-answers.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { type Session, seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

const incident = {
  category: 'ballot_stuffing',
  severity: 'high',
  incident_time: '10:30',
  description: 'Вброс бюллетеней у урны',
  complaint_filed: false,
};

interface RemarkDto {
  id: string;
  number: number;
  status: string;
  commissionLevel: string;
  stationId: string | null;
  areaId: string;
  origin: string;
  overdue: boolean;
  answer: string | null;
  answeredOn: string | null;
  sentOn: string | null;
  stationCount: number;
  body: string;
}

/**
 * The remarks register over the two-region election: a remark from an incident with its evidence,
 * the whole status path with the commission's answer, overdue in SQL, bulk creation from a
 * readiness finding (one remark per commission), area scope, refusals and the letter.
 */
describeEachDialect('remarks register', (db) => {
  let t: TestApp;
  let w: TwoRegions;
  let incidentA: string;

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
    incidentA = await w.submit(w.observers.aAssigned, 'incident', w.stations.a2, incident);
  }, 60_000);
  afterEach(() => t.close());

  const call = (who: Session, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    t.request({ method, url, body, cookie: who.cookie });
  const create = (who: Session, body: unknown) => call(who, 'POST', `/api/v1/elections/${w.electionId}/remarks`, body);
  const list = async (who: Session, query = '') => {
    const response = await call(who, 'GET', `/api/v1/elections/${w.electionId}/remarks${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as {
      items: RemarkDto[];
      total: number;
      counts: { total: number; overdue: number; byStatus: Record<string, number> };
      answerDays: number;
    };
  };

  it('turns an incident into a remark with its evidence, takes it from draft to resolved and prints its letter, auditing each step', async () => {
    const c = w.staff.coordinator;
    const made = await create(c, {
      addressee: { level: 'precinct', stationId: w.stations.a2 },
      title: 'Вброс бюллетеней',
      body: 'Наблюдатель видел вброс. <img src=x onerror=alert(1)>',
      legalBasis: 'ст. 44',
      source: { kind: 'incident', reportId: incidentA },
    });
    expect(made.statusCode, made.body).toBe(201);
    const remark = made.json().remark as RemarkDto;
    expect(remark).toMatchObject({
      number: 1,
      status: 'draft',
      commissionLevel: 'precinct',
      stationId: w.stations.a2,
      areaId: w.areas.a1,
      origin: 'incident',
      stationCount: 1,
      body: 'Наблюдатель видел вброс. <img src=x onerror=alert(1)>',
    });

    const detail = await call(c, 'GET', `/api/v1/remarks/${remark.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const [evidence] = detail.json().evidence;
    expect(evidence).toMatchObject({ reportId: incidentA, revision: 1, formKind: 'incident' });
    expect(evidence.answers).toMatchObject({ description: 'Вброс бюллетеней у урны' });
    expect(evidence.chainHash).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.json().nextStatuses).toEqual(['sent']);

    // An answer before the remark was sent, or an outcome straight from a draft, is refused.
    const early = await call(c, 'PUT', `/api/v1/remarks/${remark.id}/answer`, { answer: 'x', on: '2026-11-10' });
    expect(early.json().error.code).toBe('status_transition_invalid');
    const skip = await call(c, 'POST', `/api/v1/remarks/${remark.id}/status`, { to: 'resolved' });
    expect(skip.statusCode).toBe(409);
    // Sending needs the way it went; a date in the future is refused.
    expect((await call(c, 'POST', `/api/v1/remarks/${remark.id}/status`, { to: 'sent' })).statusCode).toBe(400);
    const future = await call(c, 'POST', `/api/v1/remarks/${remark.id}/status`, {
      to: 'sent',
      via: 'post',
      on: '2026-11-11',
    });
    expect(future.statusCode).toBe(400);

    const sent = await call(c, 'POST', `/api/v1/remarks/${remark.id}/status`, { to: 'sent', via: 'email' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().remark).toMatchObject({ status: 'sent', sentOn: '2026-11-10', overdue: false });
    // Once sent, the text is what the commission has.
    expect((await call(c, 'PATCH', `/api/v1/remarks/${remark.id}`, { title: 'Другое' })).statusCode).toBe(409);

    const ack = await call(c, 'POST', `/api/v1/remarks/${remark.id}/status`, { to: 'acknowledged' });
    expect(ack.json().remark.status).toBe('acknowledged');
    const answered = await call(c, 'PUT', `/api/v1/remarks/${remark.id}/answer`, {
      answer: 'Комиссия провела проверку, члены УИК отстранены.',
      on: '2026-11-10',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const resolved = await call(c, 'POST', `/api/v1/remarks/${remark.id}/status`, { to: 'resolved' });
    expect(resolved.json().remark).toMatchObject({
      status: 'resolved',
      answer: 'Комиссия провела проверку, члены УИК отстранены.',
      answeredOn: '2026-11-10',
    });

    const log = await call(w.staff.admin, 'GET', `/api/v1/audit?entityType=remark&entityId=${remark.id}&limit=50`);
    expect((log.json().items as { action: string }[]).map((e) => e.action).reverse()).toEqual([
      'remark.created',
      'remark.status_changed',
      'remark.status_changed',
      'remark.answered',
      'remark.status_changed',
    ]);

    // The letter, after the fact too: on the letterhead, PDF and DOCX, in scope, audited.
    const missing = await call(c, 'GET', `/api/v1/remarks/${remark.id}/letter`);
    expect(missing.json().error.code).toBe('letter_details_missing');
    const org = await call(w.staff.admin, 'PUT', '/api/v1/settings/organisation', {
      name: { ru: 'ОО «За честные выборы»', kk: '«Әділ сайлау үшін» ҚБ' },
      registration: 'БИН 123456789012',
      signatoryName: 'Һәкімжан Нұрланұлы',
      signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
    });
    expect(org.statusCode, org.body).toBe(200);
    const pdf = await call(c, 'GET', `/api/v1/remarks/${remark.id}/letter`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await call(c, 'GET', `/api/v1/remarks/${remark.id}/letter?format=docx&locale=kk`);
    const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('ЕСКЕРТУ');
    expect(xml).toContain('Наблюдатель видел вброс. &lt;img src=x onerror=alert(1)&gt;');
    expect(xml).toContain('«Әділ сайлау үшін» ҚБ');
    // The regional coordinator of B cannot print A's remark.
    expect((await call(w.staff.rcB, 'GET', `/api/v1/remarks/${remark.id}/letter`)).statusCode).toBe(404);
    const printed = await call(w.staff.admin, 'GET', `/api/v1/audit?entityType=remark&entityId=${remark.id}&limit=50`);
    expect((printed.json().items as { action: string }[]).filter((e) => e.action === 'remark.printed')).toHaveLength(2);
  });

  it('counts overdue remarks in SQL, filters by status and area, keeps to the area and refuses what does not fit', async () => {
    const c = w.staff.coordinator;
    const mk = async (stationId: string) =>
      (
        await create(c, {
          addressee: { level: 'precinct', stationId },
          title: 'Нет пандуса',
          body: 'Нет пандуса у входа',
        })
      ).json().remark as RemarkDto;
    const a = await mk(w.stations.a1);
    const b = await mk(w.stations.b1);
    await mk(w.stations.b2);
    // Sent a week ago (the date the letter went out is what counts), b five days ago.
    for (const [r, on] of [
      [a, '2026-11-03'],
      [b, '2026-11-03'],
    ] as const) {
      const sent = await call(c, 'POST', `/api/v1/remarks/${r.id}/status`, { to: 'sent', via: 'post', on });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    // Answered: not overdue.
    await call(c, 'PUT', `/api/v1/remarks/${a.id}/answer`, { answer: 'Пандус установят', on: '2026-11-05' });
    // An answer dated before the letter went out is refused.
    const before = await call(c, 'PUT', `/api/v1/remarks/${b.id}/answer`, { answer: 'x', on: '2026-11-02' });
    expect(before.statusCode).toBe(400);
    expect((await list(c)).counts).toMatchObject({ total: 3, overdue: 1, byStatus: { draft: 1, sent: 2 } });
    const later = await list(c, '?overdue=true');
    expect(later.answerDays).toBe(5);
    expect(later.items.map((r) => r.id)).toEqual([b.id]);
    expect(later.items[0]).toMatchObject({ overdue: true, answerDue: '2026-11-08' });
    expect(later.counts.overdue).toBe(1);

    // A longer deadline: nothing overdue. Only election managers set it.
    expect((await call(w.staff.rcA, 'PUT', '/api/v1/remark-settings', { answerDays: 10 })).statusCode).toBe(403);
    expect((await call(c, 'PUT', '/api/v1/remark-settings', { answerDays: 10 })).statusCode).toBe(200);
    expect((await list(c, '?overdue=true')).total).toBe(0);

    expect((await list(c, '?status=draft')).total).toBe(1);
    expect((await list(c, `?areaId=${w.areas.b}`)).total).toBe(2);
    expect((await list(c, `?stationId=${w.stations.a1}`)).items.map((r) => r.id)).toEqual([a.id]);
    // The regional coordinator of A sees A's remarks only, and B's answer 404.
    const rc = await list(w.staff.rcA);
    expect(rc.items.map((r) => r.id)).toEqual([a.id]);
    expect(rc.counts.total).toBe(1);
    expect((await call(w.staff.rcA, 'GET', `/api/v1/remarks/${b.id}`)).statusCode).toBe(404);
    expect((await call(w.staff.rcA, 'POST', `/api/v1/remarks/${b.id}/status`, { to: 'acknowledged' })).statusCode).toBe(
      404,
    );

    // Refusals: a commission outside the actor's area, sources that do not fit.
    const rcA = w.staff.rcA;
    const outside = await create(rcA, {
      addressee: { level: 'precinct', stationId: w.stations.b1 },
      title: 'Т',
      body: 'Текст',
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('outside_area');
    const outsideArea = await create(rcA, {
      addressee: { level: 'territorial', areaId: w.areas.b },
      title: 'Т',
      body: 'Т',
    });
    expect(outsideArea.json().error.code).toBe('outside_area');
    const inside = await create(rcA, {
      addressee: { level: 'territorial', areaId: w.areas.a1 },
      title: 'Т',
      body: 'Т',
    });
    expect(inside.statusCode, inside.body).toBe(201);

    // An opening report is not an incident, nor a verified report.
    const notIncident = await create(w.staff.coordinator, {
      addressee: { level: 'precinct', stationId: w.stations.a2 },
      title: 'Т',
      body: 'Т',
      source: { kind: 'incident', reportId: w.reports.aOpening },
    });
    expect(notIncident.statusCode).toBe(400);
    const notVerified = await create(w.staff.coordinator, {
      addressee: { level: 'precinct', stationId: w.stations.a2 },
      title: 'Т',
      body: 'Т',
      source: { kind: 'report', reportId: w.reports.aOpening },
    });
    expect(notVerified.json().error.details[0].keyword).toBe('not_verified');
    // B's report by the coordinator of A: out of scope (404), nothing written.
    const foreign = await create(rcA, {
      addressee: { level: 'precinct', stationId: w.stations.a2 },
      title: 'Т',
      body: 'Т',
      source: { kind: 'report', reportId: w.reports.bOpening },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await list(w.staff.coordinator)).total).toBe(4);
    // Blank text and unknown fields are refused.
    expect(
      (await create(rcA, { addressee: { level: 'territorial', areaId: w.areas.a1 }, title: ' ', body: 'Т' }))
        .statusCode,
    ).toBe(400);
    // Analysts read the register but make no remarks.
    expect((await list(w.staff.analyst)).total).toBe(4);
    expect(
      (
        await create(w.staff.analyst, {
          addressee: { level: 'territorial', areaId: w.areas.a1 },
          title: 'Т',
          body: 'Т',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('makes one remark per commission from a readiness finding across stations', async () => {
    await w.submit(w.observers.aAssigned, 'readiness', w.stations.a2, readinessAnswers({ accessible: false }));
    await w.submit(w.observers.both, 'readiness', w.stations.a1, readinessAnswers({ accessible: false }));
    await w.submit(w.observers.bAssigned, 'readiness', w.stations.b1, readinessAnswers({ accessible: false }));
    await w.submit(w.observers.nowhere, 'readiness', w.stations.b2, readinessAnswers());
    const body = {
      title: 'Нет пандуса',
      body: 'На участках нет пандуса',
      finding: { questionId: 'accessible', value: false },
    };
    const bulk = (who: Session, b: unknown) => call(who, 'POST', `/api/v1/elections/${w.electionId}/remarks/bulk`, b);

    const territorial = await bulk(w.staff.coordinator, { ...body, level: 'territorial' });
    expect(territorial.statusCode, territorial.body).toBe(201);
    // Three stations, in two areas (A and A1) and B: one remark per area's commission.
    expect(territorial.json()).toMatchObject({ remarks: 3, stations: 3 });
    const perPrecinct = await bulk(w.staff.rcA, { ...body, level: 'precinct' });
    expect(perPrecinct.json()).toMatchObject({ remarks: 2, stations: 2 });
    const all = await list(w.staff.coordinator, '?limit=50');
    expect(all.total).toBe(5);
    expect(all.items.every((r) => r.origin === 'readiness')).toBe(true);
    const detail = await call(w.staff.coordinator, 'GET', `/api/v1/remarks/${all.items[0]?.id}`);
    expect(detail.json().evidence[0]).toMatchObject({ questionId: 'accessible', formKind: 'readiness' });
    // Named stations outside the area are refused as a whole.
    const refused = await bulk(w.staff.rcA, {
      ...body,
      finding: undefined,
      level: 'precinct',
      stationIds: [w.stations.a1, w.stations.b1],
    });
    expect(refused.json().error.code).toBe('outside_area');
    expect((await list(w.staff.coordinator)).total).toBe(5);
  });

  // The repository's own rules over the same two-region world (it was a copy of the area-scope
  // test's world before): numbers per election, scope on reads, a status change only from the
  // status expected, search, and only drafts deleted, with their evidence.
  it('the store numbers remarks, reads them in scope, changes status only from the expected one and deletes drafts only', async () => {
    const now = new Date('2026-11-10T06:00:00.000Z');
    const remark = (areaId: string, over: Partial<NewRemark> = {}): NewRemark => ({
      id: crypto.randomUUID(),
      electionId: w.electionId,
      commissionLevel: 'territorial',
      areaId,
      stationId: null,
      origin: 'manual',
      title: 'Нет пандуса',
      body: 'На участке нет пандуса',
      legalBasis: null,
      batchId: null,
      evidence: [],
      ...over,
    });
    const a = remark(w.areas.a, {
      commissionLevel: 'precinct',
      stationId: w.stations.a1,
      evidence: [{ stationId: w.stations.a1, reportId: null, revision: null, questionId: 'ramp' }],
    });
    const b = remark(w.areas.b, { title: '<script>x</script> Очередь' });
    expect(await t.store.remarks.create([a, b], null, now)).toEqual([1, 2]);
    expect(await t.store.remarks.create([remark(w.areas.b)], null, now)).toEqual([3]);

    expect(await t.store.remarks.findById(a.id, { kind: 'all' })).toMatchObject({
      number: 1,
      stationNumber: 1,
      status: 'draft',
      stationCount: 1,
    });
    expect(await t.store.remarks.findById(a.id, { kind: 'area', areaId: w.areas.b })).toBeUndefined();
    expect((await t.store.remarks.evidence(a.id))[0]).toMatchObject({ stationId: w.stations.a1, questionId: 'ramp' });

    expect(await t.store.remarks.update(b.id, 'sent', { status: 'acknowledged' }, now)).toBe(false);
    expect(
      await t.store.remarks.update(b.id, 'draft', { status: 'sent', sentOn: '2026-11-01', sentVia: 'post' }, now),
    ).toBe(true);
    const search = await t.store.remarks.list(
      { electionId: w.electionId, scope: { kind: 'all' }, q: 'очередь' },
      { limit: 10, offset: 0 },
    );
    expect(search.items.map((r) => r.number)).toEqual([2]);
    const inA = await t.store.remarks.listForElection(w.electionId, { kind: 'area', areaId: w.areas.a });
    expect(inA.map((r) => r.number)).toEqual([1]);

    expect(await t.store.remarks.deleteDraft(b.id)).toBe(false);
    expect(await t.store.remarks.deleteDraft(a.id)).toBe(true);
    expect(await t.store.remarks.evidence(a.id)).toEqual([]);
  });
});
