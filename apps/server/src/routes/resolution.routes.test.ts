import { randomUUID } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { docxText, pdfText } from '../../../../packages/documents/src/resolution/read-back.ts';
import { snapshotHash } from '../resolution/resolution.service.ts';
import { readinessAnswers } from '../testing/readiness-answers.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { seedTwoRegions, type TwoRegions } from '../testing/two-regions-fixture.ts';

const incident = (severity: string, description: string) => ({
  category: 'ballot_stuffing',
  severity,
  incident_time: '10:30',
  description,
  complaint_filed: false,
});

const SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>';

describeEachDialect('resolution builder', (db) => {
  let t: TestApp;
  let w: TwoRegions;

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true' });
    w = await seedTwoRegions(t);
  }, 60_000);
  afterEach(() => t.close());

  const call = async (
    cookie: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
    status = method === 'POST' && url.endsWith('/resolutions') ? 201 : 200,
  ) => {
    const response = await t.request({ method, url, cookie, ...(body === undefined ? {} : { body }) });
    expect(response.statusCode, response.body).toBe(status);
    return response;
  };
  const download = async (cookie: string, id: string, format: 'pdf' | 'docx', locale: 'ru' | 'kk') => {
    const response = await call(cookie, 'GET', `/api/v1/resolutions/${id}/document?format=${format}&locale=${locale}`);
    const bytes = response.rawPayload;
    return format === 'pdf' ? pdfText(bytes) : docxText(bytes);
  };

  it("builds from live data: the files carry the dashboard's figures and the remarks; approval freezes it", async () => {
    const coordinator = w.staff.coordinator.cookie;
    const admin = w.staff.admin.cookie;
    await w.submit(w.observers.aAssigned, 'readiness', w.stations.a2, readinessAnswers({ accessible: false }));
    const high = await w.submit(
      w.observers.aAssigned,
      'incident',
      w.stations.a2,
      incident('high', 'Пачка бюллетеней в урне'),
    );
    await call(coordinator, 'POST', `/api/v1/reports/${high}/claim`, {});
    await call(coordinator, 'POST', `/api/v1/reports/${high}/verification`, {
      decision: 'verified',
      expectedRevision: 1,
      expectedStatus: 'pending',
    });
    await t.store.remarks.create(
      [
        {
          id: randomUUID(),
          electionId: w.electionId,
          commissionLevel: 'precinct',
          areaId: w.areas.a1,
          stationId: w.stations.a2,
          origin: 'readiness',
          title: 'Нет пандуса у входа',
          body: 'Вход недоступен для маломобильных избирателей',
          legalBasis: 'п. 3 ст. 41',
          batchId: null,
          evidence: [],
        },
      ],
      null,
      t.now(),
    );

    const overview = (await call(coordinator, 'GET', `/api/v1/elections/${w.electionId}/overview`)).json();
    const created = (
      await call(coordinator, 'POST', `/api/v1/elections/${w.electionId}/resolutions`, { kind: 'final' })
    ).json();
    expect(created).toMatchObject({ kind: 'final', version: 1, status: 'draft' });
    expect(created.chainHead.seq).toBeGreaterThan(0);

    const detail = (await call(coordinator, 'GET', `/api/v1/resolutions/${created.id}?locale=ru`)).json();
    const figures = detail.document.figures as Record<string, string>;
    // The dashboard's numbers, as the overview gives them.
    expect(figures['overview.stations']).toBe(String(overview.stations));
    expect(figures['overview.observersAssigned']).toBe(String(overview.observersReady.assigned));
    expect(figures['readiness.visited']).toMatch(new RegExp(`^${overview.readiness.visited} `));
    const votingDay = overview.coverage.find((c: { shift: string }) => c.shift === 'voting_day');
    expect(figures['coverage.voting_day']).toMatch(new RegExp(`^${votingDay.covered} `));
    expect(figures['incidents.total']).toBe('1');
    expect(figures['incidents.verified']).toBe('1');
    expect(figures['remarks.total']).toBe('1');

    // HQ texts, with markup that must stay text.
    const texts = {
      chapters: { legal_framework: 'Закон о выборах **изменён** в 2025 году.' },
      recommendations: [
        { chapter: 'election_administration', text: 'Оборудовать пандусы на всех участках' },
        { chapter: 'media', text: SCRIPT },
      ],
      followUps: [],
      conclusions: `Выборы прошли с нарушениями. ${SCRIPT}`,
    };
    await call(coordinator, 'PUT', `/api/v1/resolutions/${created.id}/texts`, { texts });

    for (const locale of ['ru', 'kk'] as const) {
      for (const format of ['pdf', 'docx'] as const) {
        const text = await download(coordinator, created.id, format, locale);
        const where = `${format} ${locale}`;
        expect(text, where).toContain(locale === 'kk' ? 'Қорытынды қарар' : 'Итоговая резолюция');
        for (const key of [
          'overview.stations',
          'overview.observersAssigned',
          'readiness.visited',
          'coverage.voting_day',
        ]) {
          expect(text, `${where} ${key}`).toContain(figures[key]?.replace(/\u00a0/g, ' '));
        }
        expect(text, where).toContain('Нет пандуса у входа');
        expect(text, where).toContain('п. 3 ст. 41');
        expect(text, where).toContain('Пачка бюллетеней в урне');
        expect(text, where).toContain('Оборудовать пандусы на всех участках');
        expect(text, where).toContain('<script>alert("x")</script>');
      }
    }

    // Only the admin approves; then the version is frozen.
    await call(coordinator, 'POST', `/api/v1/resolutions/${created.id}/approve`, undefined, 403);
    const approved = (await call(admin, 'POST', `/api/v1/resolutions/${created.id}/approve`)).json();
    expect(approved).toMatchObject({ status: 'approved', snapshotHash: created.snapshotHash });
    const refused = await call(coordinator, 'PUT', `/api/v1/resolutions/${created.id}/texts`, { texts }, 409);
    expect(refused.json().error.code).toBe('resolution_frozen');

    // New data arrives; the frozen resolution rebuilds from its snapshot to the same figures.
    await w.submit(w.observers.bAssigned, 'incident', w.stations.b1, incident('low', 'Агитация у входа'));
    const again = (await call(coordinator, 'GET', `/api/v1/resolutions/${created.id}?locale=ru`)).json();
    const { recommendation1: _a, ...before } = { ...figures, recommendation1: '' };
    for (const [key, value] of Object.entries(before)) {
      if (!key.startsWith('recommendation.')) expect(again.document.figures[key], key).toBe(value);
    }
    const stored = await t.store.resolutions.snapshot(created.id);
    expect(snapshotHash(stored as never)).toBe(created.snapshotHash);

    // A new draft takes today's data and the approved texts; the diff shows what moved.
    const next = (
      await call(coordinator, 'POST', `/api/v1/elections/${w.electionId}/resolutions`, { kind: 'final' })
    ).json();
    expect(next).toMatchObject({ version: 2, status: 'draft' });
    const diff = (await call(coordinator, 'GET', `/api/v1/resolutions/${next.id}/diff?against=${created.id}`)).json();
    expect(diff.figures).toContainEqual({ key: 'incidents.total', before: '1', after: '2' });
    expect(diff.texts).toEqual([]);

    // Approving the final resolution left its recommendations as numbered records.
    const list = (await call(coordinator, 'GET', `/api/v1/elections/${w.electionId}/resolutions`)).json();
    expect(list.items.map((i: { version: number; status: string }) => `${i.version}:${i.status}`)).toEqual([
      '2:draft',
      '1:approved',
    ]);
    expect(await t.store.resolutions.hasRecommendations(w.electionId)).toBe(true);
  }, 60_000);

  it('an election with no data gives an honest near-empty document; a later election follows up recommendations', async () => {
    const admin = w.staff.admin.cookie;
    const first = (
      await call(admin, 'POST', `/api/v1/elections/${w.electionId}/resolutions`, { kind: 'final' })
    ).json();
    await call(admin, 'PUT', `/api/v1/resolutions/${first.id}/texts`, {
      texts: {
        chapters: {},
        recommendations: [{ chapter: 'voter_lists', text: 'Публиковать списки избирателей' }],
        followUps: [],
        conclusions: '',
      },
    });
    await call(admin, 'POST', `/api/v1/resolutions/${first.id}/approve`);

    const later = (
      await call(
        admin,
        'POST',
        '/api/v1/elections',
        {
          name: { ru: 'Повторные выборы', kk: 'Қайталама сайлау' },
          kind: 'presidential',
          votingDate: '2027-06-01',
          timeZone: 'Asia/Almaty',
          ballotOptions: [{ code: 'a', kind: 'candidate', name: { ru: 'А' } }],
        },
        201,
      )
    ).json().election;
    const empty = (
      await call(admin, 'POST', `/api/v1/elections/${later.id}/resolutions`, { kind: 'preliminary' })
    ).json();
    const detail = (await call(admin, 'GET', `/api/v1/resolutions/${empty.id}?locale=kk`)).json();
    expect(detail.document.title).toBe('ЖОБА. Алдын ала мәлімдеме');
    expect(detail.document.figures['overview.stations']).toBe('0');
    expect(detail.document.annex.rows).toEqual([]);
    expect(detail.earlierRecommendations).toHaveLength(1);
    const earlier = detail.earlierRecommendations[0];
    expect(earlier.text).toBe('Публиковать списки избирателей');

    // Bad input: a follow-up of an unknown recommendation changes nothing.
    const bad = await call(
      admin,
      'PUT',
      `/api/v1/resolutions/${empty.id}/texts`,
      {
        texts: {
          chapters: {},
          recommendations: [],
          followUps: [{ recommendationId: randomUUID(), status: 'addressed', evidence: '' }],
          conclusions: '',
        },
      },
      400,
    );
    expect(bad.json().error.code).toBe('validation_failed');
    await call(admin, 'PUT', `/api/v1/resolutions/${empty.id}/texts`, {
      texts: {
        chapters: {},
        recommendations: [],
        followUps: [{ recommendationId: earlier.id, status: 'partly', evidence: 'Списки опубликованы в 3 регионах' }],
        conclusions: '',
      },
    });
    const text = await download(admin, empty.id, 'pdf', 'ru');
    expect(text).toContain('Публиковать списки избирателей');
    expect(text).toContain('выполнена частично');
    expect(text).toContain('Списки опубликованы в 3 регионах');
    expect(text).toContain('Данных нет.');
    const docx = await download(admin, empty.id, 'docx', 'kk');
    expect(docx).toContain('Алдын ала мәлімдеме');
  }, 60_000);
});
