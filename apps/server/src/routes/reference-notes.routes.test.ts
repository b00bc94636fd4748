import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedDemo } from '../demo/demo-seed.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

type Note = { id: string; position: number; title: Record<string, string>; body: Record<string, string> };

describeEachDialect('reference notes', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    electionId = await createElection('Выборы в маслихат', '2027-03-01');
  });
  afterEach(() => t.close());

  function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, cookie = admin) {
    return t.request({ method, url, body, cookie });
  }

  async function createElection(name: string, votingDate: string): Promise<string> {
    const created = await call('POST', '/api/v1/elections', {
      name: { ru: name },
      kind: 'local_council',
      votingDate,
      timeZone: 'Asia/Almaty',
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().election.id;
  }

  async function list(id = electionId): Promise<Note[]> {
    const response = await call('GET', `/api/v1/elections/${id}/reference-notes`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  }

  async function addNote(title: string, body = 'Текст', inElection = electionId) {
    const response = await call('POST', `/api/v1/elections/${inElection}/reference-notes`, {
      title: { ru: title, kk: '  ', en: `${title} (en)` },
      body: { ru: body },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().note as Note;
  }

  it('adds notes in order, edits, reorders and deletes them, auditing each write', async () => {
    const rights = await addNote('Права наблюдателя', '- находиться на участке\n- получить копию протокола');
    const incident = await addNote('При нарушении');
    const protocol = await addNote('Копия протокола');
    expect(rights).toMatchObject({ position: 1, title: { ru: 'Права наблюдателя', en: 'Права наблюдателя (en)' } });
    // A blank translation is dropped: readers fall back to Russian.
    expect(rights.title.kk).toBeUndefined();
    expect((await list()).map((n) => n.position)).toEqual([1, 2, 3]);

    const edited = await call('PATCH', `/api/v1/reference-notes/${incident.id}`, {
      body: { ru: '1. Сохраняйте спокойствие', kk: '1. Сабыр сақтаңыз', en: '1. Stay calm' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().note).toMatchObject({ title: { ru: 'При нарушении' }, body: { kk: '1. Сабыр сақтаңыз' } });

    const reordered = await call('PUT', `/api/v1/elections/${electionId}/reference-notes/order`, {
      ids: [protocol.id, rights.id, incident.id],
    });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((n: Note) => n.id)).toEqual([protocol.id, rights.id, incident.id]);

    const deleted = await call('DELETE', `/api/v1/reference-notes/${rights.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await list()).map((n) => [n.id, n.position])).toEqual([
      [protocol.id, 1],
      [incident.id, 2],
    ]);
    expect((await call('DELETE', `/api/v1/reference-notes/${rights.id}`)).statusCode).toBe(404);

    const actions = (await t.store.audit.list({ limit: 100 })).items.map((e) => e.action);
    for (const action of [
      'reference_note.created',
      'reference_note.updated',
      'reference_note.reordered',
      'reference_note.deleted',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('refuses bad input with a specific error and writes nothing', async () => {
    const note = await addNote('Права наблюдателя');
    const before = (await t.store.audit.list({ limit: 1000 })).items.length;
    const cases: [string, string, unknown][] = [
      ['POST', `/api/v1/elections/${electionId}/reference-notes`, { title: { ru: '   ' }, body: { ru: 'x' } }],
      ['POST', `/api/v1/elections/${electionId}/reference-notes`, { title: { en: 'Only English' }, body: { ru: 'x' } }],
      ['POST', `/api/v1/elections/${electionId}/reference-notes`, { title: { ru: 'x' }, body: { ru: 'x' }, html: 1 }],
      [
        'POST',
        `/api/v1/elections/${electionId}/reference-notes`,
        { title: { ru: 'x'.repeat(201) }, body: { ru: 'x' } },
      ],
      ['PATCH', `/api/v1/reference-notes/${note.id}`, {}],
      ['PUT', `/api/v1/elections/${electionId}/reference-notes/order`, { ids: [] }],
      ['PUT', `/api/v1/elections/${electionId}/reference-notes/order`, { ids: [note.id, note.id] }],
    ];
    for (const [method, url, body] of cases) {
      const response = await call(method as 'POST', url, body);
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const missing = await call('POST', '/api/v1/elections/00000000-0000-4000-8000-000000000000/reference-notes', {
      title: { ru: 'x' },
      body: { ru: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    expect(await list()).toHaveLength(1);
    expect((await t.store.audit.list({ limit: 1000 })).items.length).toBe(before);
  });

  it('gives an observer of two elections on one day both: stations, forms and notes of each, reports to each', async () => {
    // Parliament and local councils elected the same day at the same stations (as on 19 March 2023).
    const parliament = await createElection('Выборы в Мажилис', '2027-03-01');
    const current = await call('POST', `/api/v1/elections/${parliament}/current`, {});
    expect(current.statusCode, current.body).toBe(200);
    await addNote('Мажилис: копия протокола', 'Текст', parliament);
    await addNote('Маслихат: копия протокола', 'Текст', electionId);
    const area = (
      await call('POST', '/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } })
    ).json().area;
    const { cookie, user } = await t.signInAs('observer', admin);
    const stationIn: Record<string, string> = {};
    for (const id of [electionId, parliament]) {
      const station = await call('POST', `/api/v1/elections/${id}/stations`, {
        areaId: area.id,
        number: 7,
        address: 'ул. Абая, 7',
      });
      expect(station.statusCode, station.body).toBe(201);
      stationIn[id] = station.json().station.id;
      const assigned = await call('POST', `/api/v1/elections/${id}/assignments`, {
        observerId: user.id,
        stationId: stationIn[id],
        shift: 'voting_day',
      });
      expect(assigned.statusCode, assigned.body).toBe(201);
    }

    const pack = (await call('GET', '/api/v1/me/field-pack', undefined, cookie)).json();
    // The current election leads; the other still takes reports, so it is there too.
    expect(pack.election.id).toBe(parliament);
    expect(pack.elections.map((e: { id: string }) => e.id)).toEqual([parliament, electionId]);
    expect(pack.assignments.map((a: { electionId: string }) => a.electionId).sort()).toEqual(
      [parliament, electionId].sort(),
    );
    expect(pack.stations.map((s: { id: string; electionId: string }) => [s.electionId, s.id]).sort()).toEqual(
      Object.entries(stationIn).sort(),
    );
    type PackForm = { electionId: string; kind: string; formId: string; version: number };
    const forms = pack.forms as PackForm[];
    for (const id of [parliament, electionId]) {
      expect(forms.filter((f) => f.electionId === id && f.kind === 'opening')).toHaveLength(1);
    }
    const notes = (await call('GET', '/api/v1/me/reference-notes', undefined, cookie)).json().items as Note[];
    expect(notes.map((n) => n.title.ru)).toEqual(['Мажилис: копия протокола', 'Маслихат: копия протокола']);

    // A report to the second election's station, on its own form, is taken like any other.
    const openingOf = (id: string) => forms.find((f) => f.electionId === id && f.kind === 'opening') as PackForm;
    const sendOpening = (n: number, form: PackForm, answers: Record<string, unknown>) =>
      call(
        'POST',
        '/api/v1/reports',
        {
          id: `0190a5b0-0000-7000-8000-00000000000${n}`,
          revision: 1,
          stationId: stationIn[electionId],
          formId: form.formId,
          formVersion: form.version,
          answers,
        },
        cookie,
      );
    const sent = await sendOpening(1, openingOf(electionId), {
      arrival_time: '06:45',
      admitted: true,
      opened_on_time: true,
      opening_time: '07:00',
      boxes_empty_sealed: true,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().status).toBe('accepted');
    // Its form must be its own election's: the other election's opening form is refused there.
    const refused = await sendOpening(2, openingOf(parliament), {});
    expect(refused.statusCode).toBe(400);
  });

  it("gives an observer the notes of the field pack's election, also when it is not the current one", async () => {
    const demo = await seedDemo(t.store, t.now);
    const current = await call('POST', `/api/v1/elections/${demo.electionId}/current`, {});
    expect(current.statusCode, current.body).toBe(200);
    await addNote('Права наблюдателя');
    const { cookie, user } = await t.signInAs('observer', admin);

    // Not assigned anywhere yet: the current election's pack and its (demo) notes.
    let pack = (await call('GET', '/api/v1/me/field-pack', undefined, cookie)).json();
    expect(pack.election.id).toBe(demo.electionId);
    let notes = (await call('GET', '/api/v1/me/reference-notes', undefined, cookie)).json().items as Note[];
    expect(notes.map((n) => n.title.en)).toEqual([
      'Rights of an observer',
      'What to do on an incident',
      'How to copy the protocol',
    ]);

    // Assigned in the by-election, which is not the current one and still open: that is the pack.
    const station = await call('POST', `/api/v1/elections/${electionId}/stations`, {
      areaId: (await t.store.areas.list())[0]?.id,
      number: 12,
      address: 'ул. Абая, 1',
    });
    expect(station.statusCode, station.body).toBe(201);
    const assigned = await call('POST', `/api/v1/elections/${electionId}/assignments`, {
      observerId: user.id,
      stationId: station.json().station.id,
      shift: 'voting_day',
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    pack = (await call('GET', '/api/v1/me/field-pack', undefined, cookie)).json();
    expect(pack.election.id).toBe(electionId);
    expect(pack.assignments).toHaveLength(1);
    expect(pack.stations.map((s: { number: number }) => s.number)).toEqual([12]);
    notes = (await call('GET', '/api/v1/me/reference-notes', undefined, cookie)).json().items;
    expect(notes.map((n) => n.title.ru)).toEqual(['Права наблюдателя']);

    // An election long over does not take the pack away from the current one.
    const closed = await createElection('Прошедшие выборы', '2026-10-01');
    const old = await call('POST', `/api/v1/elections/${closed}/stations`, {
      areaId: (await t.store.areas.list())[0]?.id,
      number: 1,
      address: 'ул. Абая, 2',
    });
    expect(old.statusCode, old.body).toBe(201);
    const other = await t.signInAs('observer', admin);
    await call('POST', `/api/v1/elections/${closed}/assignments`, {
      observerId: other.user.id,
      stationId: old.json().station.id,
      shift: 'voting_day',
    });
    pack = (await call('GET', '/api/v1/me/field-pack', undefined, other.cookie)).json();
    expect(pack.election.id).toBe(demo.electionId);
    expect(pack.assignments).toEqual([]);
  });
});
