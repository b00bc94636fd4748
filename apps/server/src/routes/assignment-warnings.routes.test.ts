import { randomUUID } from 'node:crypto';
import type { ApplicantStatus } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rowCounts, startTestApp, type TestApp } from '../testing/test-app.ts';

/**
 * Assigning by hand (the assignments page, the assignments file) warns of what the automatic
 * proposal avoids: an observer outside the station's area, or not certified. The request is
 * refused (409 assignment_warnings with the codes) unless it says override, which the audit entry
 * records; an observer who signed up for another election is refused whatever it says.
 */
describeEachDialect('manual assignment warnings', (db) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.request({ method, url, body, cookie: admin });
  const created = async <T>(url: string, body: unknown, key: string): Promise<T> => {
    const r = await call('POST', url, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json()[key] as T;
  };

  async function world() {
    const election = (name: string) =>
      created<{ id: string }>(
        '/api/v1/elections',
        { name: { ru: name }, kind: 'presidential', votingDate: '2026-12-06', timeZone: 'Asia/Almaty' },
        'election',
      );
    const current = await election('Выборы');
    const other = await election('Другие выборы');
    const area = (name: string) =>
      created<{ id: string }>('/api/v1/areas', { parentId: null, level: 'region', name: { ru: name } }, 'area');
    const a = await area('Регион А');
    const b = await area('Регион Б');
    const station = (areaId: string, number: number) =>
      created<{ id: string }>(
        `/api/v1/elections/${current.id}/stations`,
        { areaId, number, address: 'ул. 1' },
        'station',
      );
    const stationA = await station(a.id, 101);
    const stationB = await station(b.id, 201);
    const observer = async (displayName: string, areaId: string, applicant?: [ApplicantStatus, string]) => {
      const user = await created<{ id: string }>('/api/v1/users', { role: 'observer', displayName, areaId }, 'user');
      if (applicant) await linkApplicant(user.id, areaId, ...applicant);
      return user.id;
    };
    return {
      current: current.id,
      stationA: stationA.id,
      stationB: stationB.id,
      // In region A, certified by the HQ (an account made by hand).
      inA: await observer('Айгуль Альфа', a.id),
      // In region A, still in training.
      trainee: await observer('Тимур Учится', a.id, ['in_training', current.id]),
      // Certified, but signed up for the other election.
      elsewhere: await observer('Елена Другая', a.id, ['accredited', other.id]),
    };
  }

  async function linkApplicant(userId: string, areaId: string, status: ApplicantStatus, electionId: string) {
    await t.store.applicants.create(
      randomUUID(),
      {
        electionId,
        fullName: 'Заявка',
        phone: `+7701${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
        email: null,
        iin: null,
        birthDate: null,
        areaId,
        languages: ['ru'],
        availability: [],
        experience: null,
        referralSource: null,
        consentVersion: null,
        consentedAt: null,
        status,
        statusReason: null,
        idDocument: null,
        locale: 'ru',
        userId,
        source: 'import',
        mergedInto: null,
        anonymisedAt: null,
      },
      t.now(),
    );
  }

  const assign = (electionId: string, observerId: string, stationId: string, override?: boolean) =>
    call('POST', `/api/v1/elections/${electionId}/assignments`, {
      observerId,
      stationId,
      shift: 'voting_day',
      ...(override !== undefined && { override }),
    });

  async function createdAudit() {
    const r = await call('GET', '/api/v1/audit?action=assignment.created');
    return (r.json().items as { entityId: string; details: Record<string, unknown> }[]).map((e) => ({
      entityId: e.entityId,
      overridden: e.details.overridden,
      import: e.details.import,
    }));
  }

  it('assigns a fitting observer with no warning', async () => {
    const w = await world();
    const r = await assign(w.current, w.inA, w.stationA);
    expect(r.statusCode, r.body).toBe(201);
    expect(await createdAudit()).toEqual([
      { entityId: r.json().assignment.id, overridden: undefined, import: undefined },
    ]);
  });

  it('refuses an observer outside the area or not certified, listing the warnings, and writes nothing', async () => {
    const w = await world();
    const before = await rowCounts(t.store);
    const outside = await assign(w.current, w.inA, w.stationB);
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error).toMatchObject({
      code: 'assignment_warnings',
      details: { codes: ['outside_station_area'], overridable: true },
    });
    const both = await assign(w.current, w.trainee, w.stationB, false);
    expect(both.statusCode).toBe(409);
    expect(both.json().error.details).toEqual({ codes: ['outside_station_area', 'not_certified'], overridable: true });
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('assigns anyway on override and audits the warnings it overrode', async () => {
    const w = await world();
    const r = await assign(w.current, w.trainee, w.stationB, true);
    expect(r.statusCode, r.body).toBe(201);
    expect(await createdAudit()).toEqual([
      { entityId: r.json().assignment.id, overridden: ['outside_station_area', 'not_certified'], import: undefined },
    ]);
  });

  it('the automatic proposal never proposes an observer of another election, and refuses one on confirmation', async () => {
    const w = await world();
    const proposal = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.current}/assignment-proposals`,
      cookie: admin,
      body: { shift: 'voting_day' },
    });
    expect(proposal.statusCode, proposal.body).toBe(200);
    // Station A's area holds the certified observer and the one of the other election: only the first is proposed.
    expect(proposal.json().rows).toEqual([expect.objectContaining({ stationId: w.stationA, observerId: w.inA })]);
    const offered = (proposal.json().rows as { alternatives: { id: string }[] }[]).flatMap((r) =>
      r.alternatives.map((a) => a.id),
    );
    expect(offered).not.toContain(w.elsewhere);
    expect(proposal.json().skipped).toEqual({ booked: 0, unavailable: 0, uncertified: 1, otherElection: 1 });
    const before = await rowCounts(t.store);
    const confirmed = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${w.current}/assignment-proposals/confirm`,
      cookie: admin,
      body: { shift: 'voting_day', rows: [{ observerId: w.elsewhere, stationId: w.stationA }], override: true },
    });
    expect(confirmed.statusCode).toBe(409);
    expect(confirmed.json().error).toMatchObject({
      code: 'assignment_conflicts',
      details: { rows: [{ row: 0, codes: ['other_election'], overridable: false }] },
    });
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('refuses an observer of another election even with override', async () => {
    const w = await world();
    const before = await rowCounts(t.store);
    const r = await assign(w.current, w.elsewhere, w.stationA, true);
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({
      code: 'assignment_warnings',
      details: { codes: ['other_election'], overridable: false },
    });
    expect(await rowCounts(t.store)).toEqual(before);
  });

  it('the assignments file: warned rows are rejected with their codes unless overrideWarnings; another election never', async () => {
    const w = await world();
    const csv = [
      'Регион;Номер участка;Наблюдатель;Смена',
      `Регион А;101;${w.inA};voting_day`,
      `Регион Б;201;${w.inA};opening`,
      `Регион А;101;${w.trainee};counting`,
      `Регион А;101;${w.elsewhere};voting_day`,
    ].join('\n');
    const upload = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=assignments&electionId=${w.current}&fileName=a.csv`,
      cookie: admin,
      body: Buffer.from(csv),
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const { id, suggestedMapping: mapping } = upload.json();
    const problems = (r: { json(): { problems: { line: number; code: string }[] } }) =>
      r.json().problems.map((p) => `${p.line}:${p.code}`);

    const plain = await call('POST', `/api/v1/imports/${id}/dry-run`, { mapping });
    expect(plain.json()).toMatchObject({ rows: 4, added: 1, rejected: 3 });
    expect(problems(plain)).toEqual(['3:outside_station_area', '4:not_certified', '5:other_election']);

    const overriding = await call('POST', `/api/v1/imports/${id}/dry-run`, { mapping, overrideWarnings: true });
    expect(overriding.json()).toMatchObject({ rows: 4, added: 3, rejected: 1 });
    expect(problems(overriding)).toEqual(['5:other_election']);

    // Without the other election's row the file applies, the overridden rows audited with their warnings.
    const clean = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=assignments&electionId=${w.current}&fileName=b.csv`,
      cookie: admin,
      body: Buffer.from(csv.split('\n').slice(0, 4).join('\n')),
      headers: { 'content-type': 'text/csv' },
    });
    const refused = await call('POST', `/api/v1/imports/${clean.json().id}/apply`, { mapping });
    expect(refused.json().error.code).toBe('import_rejected');
    const applied = await call('POST', `/api/v1/imports/${clean.json().id}/apply`, { mapping, overrideWarnings: true });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, added: 3 });
    expect((await createdAudit()).map((e) => `${e.import}:${(e.overridden as string[]).join(',')}`).sort()).toEqual([
      'true:not_certified',
      'true:outside_station_area',
    ]);
  });
});
