import { createHash } from 'node:crypto';
import { describeEachDialect, describeSqliteFile, type TestDb } from '@pollwatch/db/testing';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyChain } from '../reports/hash-chain.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

// The test clock stands at 2026-11-10T06:00Z: 11:00 in Almaty, on this election's voting day.
const VOTING_DAY = '2026-11-10';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7), Buffer.from([0xff, 0xd9])]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let uuidCounter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;

const title = 'reports: ingest, idempotency, flags, photos, hash chain';
// In a file, SQLite writes reports on the writer's own thread: the same tests hold there.
describeEachDialect(title, (db) => ingestSuite(db));
describeSqliteFile(title, (db) => ingestSuite(db));

function ingestSuite(db: () => TestDb) {
  let t: TestApp;
  let admin: string;
  let electionId: string;
  let stationId: string;
  let otherStationId: string;
  let observer: { cookie: string; user: { id: string } };
  let forms: Record<string, { formId: string; version: number }>;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    const call = (method: 'POST' | 'GET', url: string, body?: unknown) =>
      t.request({ method, url, body, cookie: admin });
    electionId = (
      await call('POST', '/api/v1/elections', {
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: VOTING_DAY,
        timeZone: 'Asia/Almaty',
        ballotOptions: [
          { code: 'a', kind: 'candidate', name: { ru: 'А' } },
          { code: 'b', kind: 'candidate', name: { ru: 'Б' } },
        ],
      })
    ).json().election.id;
    const area = (
      await call('POST', '/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } })
    ).json().area;
    stationId = (
      await call('POST', `/api/v1/elections/${electionId}/stations`, {
        areaId: area.id,
        number: 1,
        address: 'Абай, 1',
        registeredVoters: 1000,
      })
    ).json().station.id;
    otherStationId = (
      await call('POST', `/api/v1/elections/${electionId}/stations`, { areaId: area.id, number: 2, address: 'Абай, 2' })
    ).json().station.id;
    observer = await t.signInAs('observer', admin);
    const assigned = await call('POST', `/api/v1/elections/${electionId}/assignments`, {
      observerId: observer.user.id,
      stationId,
      shift: 'voting_day',
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    forms = Object.fromEntries(pack.forms.map((f: { kind: string; formId: string; version: number }) => [f.kind, f]));
  });
  afterEach(() => t.close());

  const opening = {
    arrival_time: '06:45',
    admitted: true,
    opened_on_time: true,
    opening_time: '07:00',
    boxes_empty_sealed: true,
  };

  function send(body: Record<string, unknown>, cookie = observer.cookie) {
    return t.request({ method: 'POST', url: '/api/v1/reports', cookie, body });
  }

  function report(kind: string, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const form = forms[kind] as { formId: string; version: number };
    return { id: uuid(), revision: 1, stationId, formId: form.formId, formVersion: form.version, answers, ...extra };
  }

  it('gives the observer an offline pack: election, own assignment, station facts, published forms', async () => {
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    expect(pack.election.id).toBe(electionId);
    expect(pack.assignments).toEqual([expect.objectContaining({ stationId, shift: 'voting_day', stationNumber: 1 })]);
    expect(pack.stations).toEqual([expect.objectContaining({ id: stationId, registeredVoters: 1000 })]);
    expect(pack.forms.map((f: { kind: string }) => f.kind).sort()).toEqual(
      ['closing', 'incident', 'opening', 'protocol', 'readiness', 'turnout', 'voting'].sort(),
    );
  });

  it('stores a report exactly once: resends, even concurrent, return the original receipt', async () => {
    const body = report('opening', opening);
    const first = await send(body);
    expect(first.statusCode, first.body).toBe(200);
    const receipt = first.json();
    expect(receipt).toMatchObject({ id: body.id, revision: 1, status: 'accepted', flags: [], chainSeq: 1 });
    const resends = await Promise.all(Array.from({ length: 20 }, () => send(body)));
    for (const r of resends) expect(r.json()).toEqual(receipt);
    const concurrent = report('opening', { ...opening, arrival_time: '06:50' });
    const many = await Promise.all(Array.from({ length: 20 }, () => send(concurrent)));
    const receipts = many.map((r) => r.json());
    expect(new Set(receipts.map((r) => r.chainSeq))).toEqual(new Set([2]));
    expect((await t.store.reports.chainHead()).seq).toBe(2);
    expect((await verifyChain(t.store)).ok).toBe(true);
  });

  it('writes a burst of reports arriving together once each, in one unbroken chain', async () => {
    const bodies = Array.from({ length: 120 }, (_, i) =>
      report('opening', { ...opening, arrival_time: `06:${String(i % 60).padStart(2, '0')}` }),
    );
    // Half at once, then the rest while the first half is being written, each with a resend.
    const first = bodies.slice(0, 60).map((b) => send(b));
    await new Promise((resolve) => setImmediate(resolve));
    const rest = bodies.slice(60).flatMap((b) => [send(b), send(b)]);
    const responses = await Promise.all([...first, ...rest]);
    expect(responses.filter((r) => r.statusCode !== 200).map((r) => r.body)).toEqual([]);
    const seqs = new Map(responses.map((r) => [r.json().id, r.json().chainSeq]));
    expect(seqs.size).toBe(120);
    expect([...seqs.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect((await t.store.reports.chainHead()).seq).toBe(120);
    expect(await verifyChain(t.store)).toMatchObject({ ok: true, entries: 120 });
  });

  it('streams each accepted report to the HQ once (server-sent events), resends not again', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const stream = await fetch(`http://127.0.0.1:${port}/api/v1/elections/${electionId}/events`, {
      headers: { cookie: admin },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const frames = () => text.split('\n\n').filter((f) => f.startsWith('event: report.accepted'));
    const bodies = Array.from({ length: 5 }, (_, i) => report('opening', { ...opening, arrival_time: `06:4${i}` }));
    // Sent together: their events reach the stream in the same turn of the event loop.
    const sent = await Promise.all(bodies.map((b) => send(b)));
    expect(sent.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    // A resend is answered but not announced again; a later report shows the stream went on.
    expect((await send(bodies[0] as Record<string, unknown>)).statusCode).toBe(200);
    const later = report('opening', { ...opening, arrival_time: '06:59' });
    expect((await send(later)).statusCode).toBe(200);
    while (!text.includes(later.id)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();
    const events = frames().map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)));
    expect(events.map((e) => e.reportId).sort()).toEqual([...bodies, later].map((b) => b.id).sort());
    expect(events[0]).toMatchObject({ type: 'report.accepted', electionId, stationId, stationNumber: 1, revision: 1 });
    expect(text).not.toContain('Наблюдатель');
  });

  it('refuses a forged id, changed answers under the same revision, and a skipped revision; accepts a correction', async () => {
    const body = report('opening', opening);
    await send(body);
    const other = await t.signInAs('observer', admin);
    const forged = await send(body, other.cookie);
    expect(forged.statusCode).toBe(409);
    expect(forged.json().error.code).toBe('report_conflict');
    const changed = await send({ ...body, answers: { ...opening, opening_time: '07:30' } });
    expect(changed.json().error.code).toBe('report_conflict');
    const skipped = await send({ ...body, revision: 3, answers: { ...opening, opening_time: '07:30' } });
    expect(skipped.json().error).toMatchObject({ code: 'report_conflict', details: { expected: 2 } });
    const corrected = await send({ ...body, revision: 2, answers: { ...opening, opening_time: '07:30' } });
    expect(corrected.json()).toMatchObject({ revision: 2, chainSeq: 2 });
    const stored = await t.store.reports.findReport(body.id);
    expect(stored?.latestRevision).toBe(2);
    const detail = (await t.request({ method: 'GET', url: `/api/v1/reports/${body.id}`, cookie: admin })).json();
    expect(detail.report).toMatchObject({ id: body.id, revision: 2, stationNumber: 1, formKind: 'opening' });
    expect(
      detail.revisions.map((r: { revision: number; answers: { opening_time: string } }) => [
        r.revision,
        r.answers.opening_time,
      ]),
    ).toEqual([
      [2, '07:30'],
      [1, '07:00'],
    ]);
    // Line by line, newest first as the revisions: the correction changed one line.
    const changedLines = detail.lines.filter((line: { differs: boolean }) => line.differs);
    expect(changedLines).toEqual([
      expect.objectContaining({ questionId: 'opening_time', type: 'time', values: ['07:30', '07:00'] }),
    ]);
    expect(changedLines[0].label.ru).toEqual(expect.any(String));
    expect(detail.receivedPhotos).toEqual([]);
    expect((await t.store.reports.findRevision(body.id, 1))?.answers.opening_time).toBe('07:00');
  });

  it('refuses answers the form cannot hold, writing nothing; flags what can be stored', async () => {
    const before = await t.store.reports.chainHead();
    const bad = await send(report('opening', { ...opening, admitted: 'maybe', arrival_time: '25:00', surprise: 1 }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('report_invalid');
    const codes = bad
      .json()
      .error.details.problems.map((p: { questionId: string; code: string }) => `${p.questionId}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['admitted:wrong_type', 'arrival_time:invalid_time', 'surprise:unknown_question']),
    );
    expect(await t.store.reports.chainHead()).toEqual(before);

    const missing = await send(report('opening', { arrival_time: '06:45', admitted: true }));
    expect(missing.json().flags).toEqual(
      expect.arrayContaining([
        { code: 'missing_required', ref: 'opened_on_time' },
        { code: 'missing_required', ref: 'opening_time' },
      ]),
    );
    const elsewhere = await send(report('opening', opening, { stationId: otherStationId }));
    expect(elsewhere.json().flags).toEqual([{ code: 'not_assigned' }]);
    const early = await send(report('opening', opening, { clientTime: '2026-11-08T05:00:00.000Z' }));
    expect(early.json().flags).toEqual([{ code: 'outside_window' }]);
  });

  it('flags turnout above the register and turnout going down between checkpoints', async () => {
    const at10 = await send(report('turnout', { checkpoint_time: '10:00', voters_received: 500, source: 'own_count' }));
    expect(at10.json().flags).toEqual([]);
    const at12 = await send(report('turnout', { checkpoint_time: '12:00', voters_received: 400, source: 'own_count' }));
    expect(at12.json().flags).toEqual([
      { code: 'turnout_decreasing', params: { voters: 400, earlier: 500, at: '10:00' } },
    ]);
    const bad = await send(report('turnout', { checkpoint_time: '14:00', voters_received: 1200, source: 'own_count' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.problems[0]).toMatchObject({
      questionId: 'voters_received',
      code: 'constraint_failed',
    });
  });

  it('keeps both of two different protocol copies, flags the conflict, and lets the HQ choose', async () => {
    const protocol = (a: number) => ({
      voters_on_lists: 1000,
      ballots_received: 1000,
      voters_received_ballots: 600,
      ballots_cancelled: 400,
      voters_took_part: 600,
      invalid_ballots: 10,
      option_a: a,
      option_b: 590 - a,
      protocol_photos: [sha(JPEG)],
    });
    const first = await send(report('protocol', protocol(400)));
    expect(first.json()).toMatchObject({ flags: [], missingPhotos: [sha(JPEG)] });
    const second = await t.signInAs('observer', admin);
    await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/assignments`,
      cookie: admin,
      body: { observerId: second.user.id, stationId, shift: 'counting' },
    });
    const other = await send(report('protocol', protocol(300)), second.cookie);
    expect(other.json().flags).toEqual([{ code: 'protocol_conflict' }]);
    const conflicts = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/conflicts`, cookie: admin })
    ).json();
    expect(conflicts.items).toHaveLength(1);
    expect(conflicts.items[0].reports).toHaveLength(2);
    expect(conflicts.items[0].chosenReportId).toBeNull();
    // The copies line by line, values in the order of `reports`: the two candidates' lines differ.
    const { comparison, reports, receivedPhotos } = conflicts.items[0];
    const line = (id: string) => comparison.find((row: { questionId: string }) => row.questionId === id);
    const firstAt = reports.findIndex((r: { id: string }) => r.id === first.json().id);
    expect(
      comparison
        .filter((row: { differs: boolean }) => row.differs)
        .map((row: { questionId: string }) => row.questionId),
    ).toEqual(['option_a', 'option_b']);
    expect(line('option_a').values[firstAt]).toBe(400);
    expect(line('option_a').values[1 - firstAt]).toBe(300);
    expect(line('voters_took_part')).toMatchObject({ type: 'integer', values: [600, 600], differs: false });
    expect(line('option_a').label.ru).toEqual(expect.any(String));
    expect(line('protocol_photos')).toMatchObject({ type: 'photo', differs: false });
    // The photo was announced, never uploaded: nothing to show yet; once uploaded, it can be.
    expect(receivedPhotos).toEqual([]);
    const upload = (method: 'POST' | 'PATCH', headers: Record<string, string>, body?: Buffer) =>
      t.request({
        method,
        url: `/api/v1/photos/${sha(JPEG)}`,
        cookie: observer.cookie,
        headers,
        ...(body ? { body } : {}),
      });
    await upload('POST', { 'upload-length': String(JPEG.length) });
    await upload('PATCH', { 'upload-offset': '0', 'content-type': 'application/octet-stream' }, JPEG);
    const withPhoto = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/conflicts`, cookie: admin })
    ).json();
    expect(withPhoto.items[0].receivedPhotos).toEqual([sha(JPEG)]);
    const chosen = await t.request({
      method: 'POST',
      url: `/api/v1/stations/${stationId}/records/protocol`,
      cookie: admin,
      body: { reportId: first.json().id },
    });
    expect(chosen.statusCode).toBe(204);
    const after = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/conflicts`, cookie: admin })
    ).json();
    expect(after.items[0].chosenReportId).toBe(first.json().id);
    const log = (
      await t.request({ method: 'GET', url: '/api/v1/audit?action=report.record_chosen', cookie: admin })
    ).json();
    expect(log.items).toHaveLength(1);
  });

  it("says whether a copy is its station's record: an unassigned observer's copy becomes one once the HQ accepts it", async () => {
    const protocol = (a: number) => ({
      voters_on_lists: 1000,
      ballots_received: 1000,
      voters_received_ballots: 600,
      ballots_cancelled: 400,
      voters_took_part: 600,
      invalid_ballots: 10,
      option_a: a,
      option_b: 590 - a,
    });
    const assignedCopy = await send(report('protocol', protocol(400)));
    const stranger = await t.signInAs('observer', admin);
    const strayCopy = await send(report('protocol', protocol(300)), stranger.cookie);
    expect(strayCopy.json().flags).toEqual(expect.arrayContaining([{ code: 'not_assigned' }]));
    const detail = async (id: string) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/reports/${id}`, cookie: admin });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { isStationRecord: boolean };
    };
    expect((await detail(strayCopy.json().id)).isStationRecord).toBe(false);
    expect((await detail(assignedCopy.json().id)).isStationRecord).toBe(false);

    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/stations/${stationId}/records/protocol`,
      cookie: admin,
      body: { reportId: strayCopy.json().id },
    });
    expect(accepted.statusCode, accepted.body).toBe(204);
    expect((await detail(strayCopy.json().id)).isStationRecord).toBe(true);
    expect((await detail(assignedCopy.json().id)).isStationRecord).toBe(false);
    // Another kind of report of the same station is never "the record" of the protocol.
    const opened = await send(report('opening', opening));
    expect((await detail(opened.json().id)).isStationRecord).toBe(false);
  });

  it('uploads a photo resumably, and refuses a corrupted or non-image file', async () => {
    const hash = sha(JPEG);
    const photo = (
      method: 'POST' | 'GET' | 'PATCH',
      headers: Record<string, string> = {},
      body?: Buffer,
      name = hash,
    ) =>
      t.request({ method, url: `/api/v1/photos/${name}`, cookie: observer.cookie, headers, ...(body ? { body } : {}) });
    expect((await photo('POST', { 'upload-length': String(JPEG.length) })).json()).toMatchObject({
      receivedBytes: 0,
      complete: false,
    });
    const half = await photo(
      'PATCH',
      { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      JPEG.subarray(0, 1000),
    );
    expect(half.json()).toMatchObject({ receivedBytes: 1000, complete: false });
    const wrongOffset = await photo(
      'PATCH',
      { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      JPEG.subarray(0, 10),
    );
    expect(wrongOffset.json().error).toMatchObject({ code: 'conflict', details: { offset: 1000 } });
    const rest = await photo(
      'PATCH',
      { 'upload-offset': '1000', 'content-type': 'application/octet-stream' },
      JPEG.subarray(1000),
    );
    expect(rest.json()).toMatchObject({ receivedBytes: JPEG.length, complete: true });
    const content = await t.request({ method: 'GET', url: `/api/v1/photos/${hash}/content`, cookie: admin });
    expect(content.headers['content-type']).toBe('image/jpeg');
    expect(content.rawPayload.equals(JPEG)).toBe(true);

    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 1)]);
    await photo('POST', { 'upload-length': String(exe.length) }, undefined, sha(exe));
    const refused = await photo(
      'PATCH',
      { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      exe,
      sha(exe),
    );
    expect(refused.json().error.code).toBe('photo_invalid');
    const lie = sha(Buffer.from('something else'));
    await photo('POST', { 'upload-length': String(JPEG.length) }, undefined, lie);
    const mismatch = await photo(
      'PATCH',
      { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      JPEG,
      lie,
    );
    expect(mismatch.json().error.code).toBe('photo_mismatch');
    const huge = await photo('POST', { 'upload-length': String(50 * 1024 * 1024) }, undefined, sha(Buffer.from('big')));
    expect(huge.json().error.code).toBe('file_too_large');
  });

  it('refuses reports once the election is closed', async () => {
    const old = (
      await t.request({
        method: 'POST',
        url: '/api/v1/elections',
        cookie: admin,
        body: { name: { ru: 'Прошлые' }, kind: 'referendum', votingDate: '2026-10-01', timeZone: 'Asia/Almaty' },
      })
    ).json().election.id;
    const area = (await t.store.areas.list())[0] as { id: string };
    const station = (
      await t.request({
        method: 'POST',
        url: `/api/v1/elections/${old}/stations`,
        cookie: admin,
        body: { areaId: area.id, number: 5, address: 'X' },
      })
    ).json().station.id;
    const oldForms = (await t.request({ method: 'GET', url: `/api/v1/elections/${old}/forms`, cookie: admin })).json()
      .items;
    const openingForm = oldForms.find((f: { kind: string }) => f.kind === 'opening');
    const refused = await send({
      id: uuid(),
      revision: 1,
      stationId: station,
      formId: openingForm.id,
      formVersion: 1,
      answers: opening,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('election_closed');
    const wrongForm = await send({ ...report('opening', opening), formId: openingForm.id });
    expect(wrongForm.statusCode).toBe(400);
  });

  it('the chain verifier catches an edited row, a deleted row and a reordered pair', async () => {
    for (let i = 0; i < 4; i++) await send(report('opening', { ...opening, arrival_time: `06:4${i}` }));
    expect(await verifyChain(t.store)).toMatchObject({ ok: true, entries: 4 });
    const head = (await t.request({ method: 'GET', url: '/api/v1/chain/head' })).json();
    expect(head.seq).toBe(4);
    const kysely = db().kysely;
    const rows = (
      await sql<{
        report_id: string;
        chain_seq: number | string;
        answers: unknown;
      }>`select report_id, chain_seq, answers from report_revisions order by chain_seq`.execute(kysely)
    ).rows;
    const second = rows[1] as { report_id: string; answers: unknown };

    const original = typeof second.answers === 'string' ? second.answers : JSON.stringify(second.answers);
    const edited = JSON.stringify({ ...JSON.parse(original), opening_time: '09:00' });
    await sql`update report_revisions set answers = ${edited} where report_id = ${second.report_id}`.execute(kysely);
    expect(await verifyChain(t.store)).toMatchObject({
      ok: false,
      first: { seq: 2, problem: 'altered', reportId: second.report_id },
    });
    await sql`update report_revisions set answers = ${original} where report_id = ${second.report_id}`.execute(kysely);
    expect((await verifyChain(t.store)).ok).toBe(true);

    const [third, fourth] = [rows[2], rows[3]] as { report_id: string }[] as [
      { report_id: string },
      { report_id: string },
    ];
    await sql`update report_revisions set chain_seq = -1 where report_id = ${third.report_id}`.execute(kysely);
    await sql`update report_revisions set chain_seq = 3 where report_id = ${fourth.report_id}`.execute(kysely);
    await sql`update report_revisions set chain_seq = 4 where report_id = ${third.report_id}`.execute(kysely);
    expect(await verifyChain(t.store)).toMatchObject({
      ok: false,
      first: { seq: 3, problem: 'altered', reportId: fourth.report_id },
    });
    await sql`update report_revisions set chain_seq = -1 where report_id = ${third.report_id}`.execute(kysely);
    await sql`update report_revisions set chain_seq = 4 where report_id = ${fourth.report_id}`.execute(kysely);
    await sql`update report_revisions set chain_seq = 3 where report_id = ${third.report_id}`.execute(kysely);
    expect((await verifyChain(t.store)).ok).toBe(true);

    await sql`delete from report_revisions where report_id = ${second.report_id}`.execute(kysely);
    expect(await verifyChain(t.store)).toMatchObject({ ok: false, entries: 1, first: { seq: 2, problem: 'missing' } });
  });
}

describeEachDialect("reports within a regional coordinator's area", (db) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const jpeg = (fill: number) =>
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, fill), Buffer.from([0xff, 0xd9])]);
  const protocol = (a: number, photo: string) => ({
    voters_on_lists: 1000,
    ballots_received: 1000,
    voters_received_ballots: 600,
    ballots_cancelled: 400,
    voters_took_part: 600,
    invalid_ballots: 10,
    option_a: a,
    option_b: 590 - a,
    protocol_photos: [photo],
  });

  /**
   * Regions A (with district A1) and B, a station in each (A's in the district), two observers at
   * each sending different protocol copies with their station's photo, and a coordinator of A.
   */
  async function twoRegions() {
    const call = async (method: 'POST' | 'PATCH', url: string, body: unknown, status: number) => {
      const r = await t.request({ method, url, body, cookie: admin });
      expect(r.statusCode, r.body).toBe(status);
      return r.json();
    };
    const electionId = (
      await call(
        'POST',
        '/api/v1/elections',
        {
          name: { ru: 'Выборы' },
          kind: 'presidential',
          votingDate: VOTING_DAY,
          timeZone: 'Asia/Almaty',
          ballotOptions: [
            { code: 'a', kind: 'candidate', name: { ru: 'А' } },
            { code: 'b', kind: 'candidate', name: { ru: 'Б' } },
          ],
        },
        201,
      )
    ).election.id as string;
    const area = async (body: Record<string, unknown>) => (await call('POST', '/api/v1/areas', body, 201)).area.id;
    const a = await area({ parentId: null, level: 'region', name: { ru: 'Регион А' } });
    const a1 = await area({ parentId: a, level: 'district', name: { ru: 'Район А1' } });
    const b = await area({ parentId: null, level: 'region', name: { ru: 'Регион Б' } });
    const station = async (areaId: string, number: number) =>
      (await call('POST', `/api/v1/elections/${electionId}/stations`, { areaId, number, address: 'X' }, 201)).station
        .id as string;
    const stationA = await station(a1, 1);
    const stationB = await station(b, 2);
    const rc = await t.signInAs('regional_coordinator', admin);
    await call('PATCH', `/api/v1/users/${rc.user.id}`, { areaId: a }, 200);

    const observerAt = async (stationId: string, shift: string) => {
      const o = await t.signInAs('observer', admin);
      await call(
        'POST',
        `/api/v1/elections/${electionId}/assignments`,
        { observerId: o.user.id, stationId, shift },
        201,
      );
      return o;
    };
    const observers = {
      a: await observerAt(stationA, 'voting_day'),
      a2: await observerAt(stationA, 'counting'),
      b: await observerAt(stationB, 'voting_day'),
      b2: await observerAt(stationB, 'counting'),
    };
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observers.a.cookie })).json();
    const form = pack.forms.find((f: { kind: string }) => f.kind === 'protocol') as {
      formId: string;
      version: number;
    };
    const send = async (cookie: string, stationId: string, answers: Record<string, unknown>, kind = form) => {
      const id = uuid();
      const r = await t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie,
        body: { id, revision: 1, stationId, formId: kind.formId, formVersion: kind.version, answers },
      });
      expect(r.statusCode, r.body).toBe(200);
      return id;
    };
    const upload = async (cookie: string, bytes: Buffer) => {
      const url = `/api/v1/photos/${sha(bytes)}`;
      await t.request({ method: 'POST', url, cookie, headers: { 'upload-length': String(bytes.length) } });
      const done = await t.request({
        method: 'PATCH',
        url,
        cookie,
        headers: { 'upload-offset': '0', 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      expect(done.json().complete, done.body).toBe(true);
    };
    const photoA = jpeg(1);
    const photoB = jpeg(2);
    const reports = {
      a: await send(observers.a.cookie, stationA, protocol(400, sha(photoA))),
      a2: await send(observers.a2.cookie, stationA, protocol(300, sha(photoA))),
      b: await send(observers.b.cookie, stationB, protocol(400, sha(photoB))),
      b2: await send(observers.b2.cookie, stationB, protocol(300, sha(photoB))),
    };
    await upload(observers.a.cookie, photoA);
    await upload(observers.b.cookie, photoB);
    return { electionId, a, stationA, stationB, rc, observers, reports, photoA, photoB, send, form, call };
  }

  const get = (url: string, cookie: string) => t.request({ method: 'GET', url, cookie });

  it('lists, counts and shows only the reports of their area; national staff see all', async () => {
    const w = await twoRegions();
    const ids = async (cookie: string) =>
      (await get(`/api/v1/elections/${w.electionId}/reports`, cookie))
        .json()
        .items.map((r: { id: string }) => r.id)
        .sort();
    expect(await ids(w.rc.cookie)).toEqual([w.reports.a, w.reports.a2].sort());
    expect(await ids(admin)).toEqual(Object.values(w.reports).sort());
    const flagged = (await get(`/api/v1/elections/${w.electionId}/reports?flagged=true`, w.rc.cookie)).json();
    expect(flagged.items.map((r: { stationId: string }) => r.stationId)).toEqual([w.stationA, w.stationA]);

    const stats = (cookie: string) => get(`/api/v1/elections/${w.electionId}/report-stats`, cookie);
    expect((await stats(w.rc.cookie)).json()).toEqual({
      byKind: [{ kind: 'protocol', reports: 2, stations: 1 }],
      flagged: 2,
      conflicts: 1,
    });
    expect((await stats(admin)).json()).toEqual({
      byKind: [{ kind: 'protocol', reports: 4, stations: 2 }],
      flagged: 4,
      conflicts: 2,
    });

    const page = await get(`/api/v1/reports/${w.reports.a}`, w.rc.cookie);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().report).toMatchObject({ id: w.reports.a, stationId: w.stationA, stationNumber: 1 });
    expect(page.json().receivedPhotos).toEqual([sha(w.photoA)]);
    const elsewhere = await get(`/api/v1/reports/${w.reports.b}`, w.rc.cookie);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().error.code).toBe('not_found');
    const missing = await get(`/api/v1/reports/${uuid()}`, w.rc.cookie);
    expect(missing.json().error).toEqual(elsewhere.json().error);
    expect((await get(`/api/v1/reports/${w.reports.b}`, admin)).statusCode).toBe(200);
    const log = (await get('/api/v1/audit?action=access.out_of_scope', admin)).json();
    expect(
      log.items.map((e: { actorId: string; entityType: string; entityId: string }) => [
        e.actorId,
        e.entityType,
        e.entityId,
      ]),
    ).toEqual([[w.rc.user.id, 'report', w.reports.b]]);
  });

  it('shows only the conflicts and photos of their area', async () => {
    const w = await twoRegions();
    const conflicts = async (cookie: string) =>
      (await get(`/api/v1/elections/${w.electionId}/conflicts`, cookie)).json().items;
    const mine = await conflicts(w.rc.cookie);
    expect(mine.map((c: { stationId: string }) => c.stationId)).toEqual([w.stationA]);
    expect(mine[0].reports.map((r: { id: string }) => r.id).sort()).toEqual([w.reports.a, w.reports.a2].sort());
    expect(mine[0].receivedPhotos).toEqual([sha(w.photoA)]);
    expect((await conflicts(admin)).map((c: { stationId: string }) => c.stationId)).toEqual([w.stationA, w.stationB]);

    const content = (hash: string, cookie: string) => get(`/api/v1/photos/${hash}/content`, cookie);
    const own = await content(sha(w.photoA), w.rc.cookie);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(w.photoA)).toBe(true);
    const other = await content(sha(w.photoB), w.rc.cookie);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await content(sha(w.photoB), admin)).statusCode).toBe(200);
    // An observer sees the upload status of a photo they sent or their report lists, no other.
    const status = (hash: string, cookie: string) => get(`/api/v1/photos/${hash}`, cookie);
    expect((await status(sha(w.photoB), w.observers.b.cookie)).json()).toMatchObject({ complete: true });
    expect((await status(sha(w.photoB), w.observers.b2.cookie)).statusCode).toBe(200);
    expect((await status(sha(w.photoB), w.observers.a.cookie)).statusCode).toBe(404);
    const log = (await get('/api/v1/audit?action=access.out_of_scope', admin)).json();
    expect(
      log.items.map((e: { actorId: string; entityType: string; entityId: string }) => [
        e.actorId,
        e.entityType,
        e.entityId,
      ]),
    ).toEqual([
      [w.observers.a.user.id, 'photo', sha(w.photoB)],
      [w.rc.user.id, 'photo', sha(w.photoB)],
    ]);
  });

  it("streams only their area's reports live, also from a station added after the stream opened", async () => {
    const w = await twoRegions();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const open = async (cookie: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/elections/${w.electionId}/events`, {
        headers: { cookie },
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      return {
        /** Reads until `id` arrives; returns the report ids of the events read so far. */
        async until(id: string): Promise<string[]> {
          while (!text.includes(id)) {
            const chunk = await reader.read();
            if (chunk.done) break;
            text += decoder.decode(chunk.value, { stream: true });
          }
          return text
            .split('\n\n')
            .filter((f) => f.startsWith('event: report.accepted'))
            .map((f) => JSON.parse(f.slice(f.indexOf('data: ') + 6)).reportId);
        },
        close: () => reader.cancel(),
      };
    };
    const rcStream = await open(w.rc.cookie);
    const adminStream = await open(admin);
    // A station of A's district added after the streams opened, and an observer there.
    const later = (
      await w.call('POST', `/api/v1/elections/${w.electionId}/stations`, { areaId: w.a, number: 3, address: 'Y' }, 201)
    ).station.id as string;
    const observer = await t.signInAs('observer', admin);
    await w.call(
      'POST',
      `/api/v1/elections/${w.electionId}/assignments`,
      { observerId: observer.user.id, stationId: later, shift: 'voting_day' },
      201,
    );
    // In order: B's report (not theirs), the new station's, then A's; the stream keeps the order.
    const fromB = await w.send(w.observers.b.cookie, w.stationB, protocol(400, sha(w.photoB)));
    const fromLater = await w.send(observer.cookie, later, protocol(200, sha(w.photoA)));
    const fromA = await w.send(w.observers.a.cookie, w.stationA, protocol(400, sha(w.photoA)));
    expect(await rcStream.until(fromA)).toEqual([fromLater, fromA]);
    expect(await adminStream.until(fromA)).toEqual([fromB, fromLater, fromA]);
    await rcStream.close();
    await adminStream.close();
  });
});
