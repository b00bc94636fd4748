import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedDemo } from '../demo/demo-seed.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const fixture = (name: string) => readFileSync(new URL(`../reports/fixtures/${name}`, import.meta.url));

type Report = {
  rows: number;
  added: number;
  changed: number;
  unchanged: number;
  rejected: number;
  applied: boolean;
  problems: { line: number; field?: string; code: string; params?: Record<string, unknown>; error?: string }[];
  mappingProblems: { code: string; field: string }[];
};

describeEachDialect('assignments by file', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;
  let asel: string;
  let bolat: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    electionId = (await seedDemo(t.store, t.now)).electionId;
    asel = await createObserver('Асель Нурланова');
    // Asel came through the roster: her phone is on the applicant linked to her account.
    await t.store.applicants.create(
      randomUUID(),
      {
        electionId,
        fullName: 'Асель Нурланова',
        phone: '+77015551234',
        email: null,
        iin: null,
        birthDate: null,
        areaId: null,
        languages: ['ru'],
        availability: ['election_day'],
        experience: null,
        referralSource: null,
        consentVersion: null,
        consentedAt: null,
        status: 'accredited',
        statusReason: null,
        idDocument: null,
        locale: 'ru',
        userId: asel,
        source: 'import',
        mergedInto: null,
        anonymisedAt: null,
      },
      t.now(),
    );
    bolat = await createObserver('Болат Сериков', 'bolat@example.org');
    const dina = await createObserver('Дина Ахметова', 'dina@example.org');
    const disabled = await call('PATCH', `/api/v1/users/${dina}`, { status: 'disabled' });
    expect(disabled.statusCode, disabled.body).toBe(200);
  });
  afterEach(() => t.close());

  function call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, cookie = admin) {
    return t.request({ method, url, body, cookie });
  }

  async function createObserver(displayName: string, email?: string): Promise<string> {
    const created = await call('POST', '/api/v1/users', { role: 'observer', displayName, ...(email && { email }) });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().user.id;
  }

  async function upload(file: Buffer, cookie = admin) {
    return t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=assignments&electionId=${electionId}&fileName=${encodeURIComponent('расстановка.csv')}`,
      cookie,
      body: file,
      headers: { 'content-type': 'text/csv' },
    });
  }

  async function assignments() {
    const list = await call('GET', `/api/v1/elections/${electionId}/assignments`);
    return list.json().items as { observerId: string; stationNumber: number; shift: string }[];
  }

  it('maps Russian headers, names every bad line with its reason, writes nothing until the file is clean', async () => {
    const preview = await upload(fixture('assignments-with-problems.csv'));
    expect(preview.statusCode, preview.body).toBe(201);
    const { id, suggestedMapping } = preview.json();
    expect(suggestedMapping).toEqual({
      region: 'Регион',
      number: 'Номер участка',
      observer: 'Наблюдатель',
      observerName: 'ФИО наблюдателя',
      shift: 'Смена',
    });
    const dry = await call('POST', `/api/v1/imports/${id}/dry-run`, { mapping: suggestedMapping });
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json() as Report;
    expect(report).toMatchObject({ rows: 8, added: 3, unchanged: 0, rejected: 5, applied: false });
    expect(report.problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [5, 'number', 'unknown_station'],
      [6, 'observer', 'unknown_observer'],
      [7, 'shift', 'unknown_shift'],
      [8, 'observer', 'duplicate_in_file'],
      [9, 'observer', 'observer_not_active'],
    ]);
    expect(report.problems[3]?.params).toEqual({ firstLine: 4 });

    const refused = await call('POST', `/api/v1/imports/${id}/apply`, { mapping: suggestedMapping });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('import_rejected');
    expect(await assignments()).toEqual([]);

    // The coordinator fixes the file and uploads it again.
    const fixed = await upload(fixture('assignments-fixed.csv'));
    const applied = await call('POST', `/api/v1/imports/${fixed.json().id}/apply`, {
      mapping: fixed.json().suggestedMapping,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, rows: 6, added: 6, unchanged: 0, rejected: 0 });
    const stored = await assignments();
    expect(
      stored.map((a) => `${a.stationNumber}:${a.shift}:${a.observerId === asel ? 'asel' : 'bolat'}`).sort(),
    ).toEqual([
      '1:counting:asel',
      '1:voting_day:asel',
      '2:opening:bolat',
      '3:readiness:asel',
      '4:counting:bolat',
      '5:voting_day:bolat',
    ]);
    const again = await call('POST', `/api/v1/imports/${fixed.json().id}/apply`, {
      mapping: fixed.json().suggestedMapping,
    });
    expect(again.statusCode).toBe(409);

    // The same file once more: every line is already there, nothing is added twice.
    const repeat = await upload(fixture('assignments-fixed.csv'));
    const repeated = await call('POST', `/api/v1/imports/${repeat.json().id}/apply`, {
      mapping: repeat.json().suggestedMapping,
    });
    expect(repeated.json()).toMatchObject({ added: 0, unchanged: 6, rejected: 0 });
    expect(await assignments()).toHaveLength(6);

    const audit = (await t.store.audit.list({ limit: 100 })).items.filter((e) => e.action === 'import.applied');
    expect(audit.at(-1)?.details).toMatchObject({ kind: 'assignments' });
  });

  it('exports the assignments in the import columns, and the export imports back unchanged', async () => {
    const fixed = await upload(fixture('assignments-fixed.csv'));
    await call('POST', `/api/v1/imports/${fixed.json().id}/apply`, { mapping: fixed.json().suggestedMapping });
    // One more by hand, for an observer with neither phone nor e-mail: the export names the account id.
    const nameless = await createObserver('Без контактов');
    const station = (await t.store.stations.listAll(electionId)).find((s) => s.number === 7);
    const made = await call('POST', `/api/v1/elections/${electionId}/assignments`, {
      observerId: nameless,
      stationId: station?.id,
      shift: 'opening',
    });
    expect(made.statusCode, made.body).toBe(201);

    const exported = await call('GET', `/api/v1/elections/${electionId}/assignments/export?format=csv`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const text = exported.body.replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toBe('region;area;number;observer;observerName;shift');
    // a phone of digits is a plain number to a spreadsheet, never a formula: written as it is
    expect(lines).toContain('DEMO-ALA;;1;+77015551234;Асель Нурланова;voting_day');
    expect(lines).toContain('DEMO-ALA;;2;bolat@example.org;Болат Сериков;opening');
    expect(lines).toContain(`DEMO-ALA;;7;${nameless};Без контактов;opening`);
    expect(lines).toHaveLength(8);

    const back = await upload(Buffer.from(exported.rawPayload));
    const report = await call('POST', `/api/v1/imports/${back.json().id}/dry-run`, {
      mapping: back.json().suggestedMapping,
    });
    expect(report.json()).toMatchObject({ rows: 7, added: 0, changed: 0, unchanged: 7, rejected: 0 });
  });

  it('needs the permission that guards assignments, on top of running imports', async () => {
    const analyst = await t.signInAs('analyst', admin);
    const refused = await upload(fixture('assignments-fixed.csv'), analyst.cookie);
    expect(refused.statusCode).toBe(403);
    const noElection = await t.request({
      method: 'POST',
      url: '/api/v1/imports?kind=assignments&fileName=a.csv',
      cookie: admin,
      body: fixture('assignments-fixed.csv'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(noElection.statusCode).toBe(400);
    expect(bolat).toBeTruthy();
  });
});
