import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedElection } from '../testing/election-fixture.ts';
import { officialResultsFile, TWO_CANDIDATES } from '../testing/official-results-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('official results: import, analysis, comparison', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    ({ electionId } = await seedElection(t, admin, { election: { ballotOptions: TWO_CANDIDATES } }));
  });
  afterEach(() => t.close());

  const importResults = (file: Buffer, analyst?: string) =>
    t.uploadImport({ kind: 'results', file, cookie: analyst ?? admin, electionId, fileName: 'results.csv' });

  /** Sends the observer to the station: only an assigned observer's copy counts without the HQ's choice. */
  const assign = async (observerId: string, stationId: string) => {
    const assigned = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/assignments`,
      cookie: admin,
      body: { observerId, stationId, shift: 'counting' },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
  };

  it('maps the official line names by themselves, imports all or nothing, and analyses the rows', async () => {
    // station; voters on lists; received; issued; cancelled; took part; invalid; a; b
    const good = [
      [1, 1000, 1000, 600, 400, 600, 10, 400, 190],
      [2, 1000, 1000, 500, 500, 500, 0, 250, 250],
      [3, 1000, 1000, 700, 300, 700, 20, 600, 80],
    ];
    const { cookie } = await t.signInAs('analyst', admin);
    const preview = await importResults(officialResultsFile(good), cookie);
    expect(preview.fields.find((f: { key: string }) => f.key === 'option_b')).toMatchObject({
      required: true,
      label: { ru: 'Бекова Бибигуль' },
    });
    expect(preview.suggestedMapping).toMatchObject({ region: 'Регион', number: '№ УИК', option_a: 'Абаев Алмас' });
    expect(Object.keys(preview.suggestedMapping)).toHaveLength(2 + 6 + 2);

    const bad = await importResults(
      officialResultsFile([...good, [9, 1000, 1000, 1, 1, 1, 0, 1, 0], [1, 5, 5, 5, 0, 5, 0, -5, 10]]),
    );
    const report = (
      await t.request({
        method: 'POST',
        url: `/api/v1/imports/${bad.id}/apply`,
        cookie: admin,
        body: { mapping: bad.suggestedMapping },
      })
    ).json();
    expect(report.error.code).toBe('import_rejected');
    expect(report.error.details.report.problems).toEqual([
      { line: 5, field: 'number', code: 'unknown_station' },
      { line: 6, field: 'option_a', code: 'negative' },
    ]);

    const applied = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie,
      body: { mapping: preview.suggestedMapping },
    });
    expect(applied.json()).toMatchObject({ applied: true, added: 3, rejected: 0 });

    const analysis = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/analysis`, cookie })
    ).json();
    expect(analysis.stations).toBe(3);
    expect(analysis.analysis.leader).toBe('a');
    expect(analysis.analysis.totals).toMatchObject({ stations: 3 });
    expect(analysis.analysis.protocolChecks).not.toBeNull();
    expect(analysis.analysis.histograms).not.toBeNull();
  }, 60_000);

  it("ranks observers' protocol copies that differ from the official rows", async () => {
    const preview = await importResults(
      officialResultsFile([
        [1, 1000, 1000, 600, 400, 600, 10, 400, 190],
        [2, 1000, 1000, 500, 500, 500, 0, 250, 250],
      ]),
    );
    await t.request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie: admin,
      body: { mapping: preview.suggestedMapping },
    });
    const observer = await t.signInAs('observer', admin);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const protocol = pack.forms.find((f: { kind: string }) => f.kind === 'protocol');
    const stations = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/stations`, cookie: admin })
    ).json().items;
    const copy = (stationIndex: number, a: number, b: number) =>
      t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie: observer.cookie,
        body: {
          id: crypto.randomUUID(),
          revision: 1,
          stationId: stations[stationIndex].id,
          formId: protocol.formId,
          formVersion: protocol.version,
          answers: {
            voters_on_lists: 1000,
            ballots_received: 1000,
            voters_received_ballots: 600,
            ballots_cancelled: 400,
            voters_took_part: 600,
            invalid_ballots: 10,
            option_a: a,
            option_b: b,
            protocol_photos: ['b'.repeat(64)],
          },
        },
      });
    await assign(observer.user.id, stations[0].id);
    expect((await copy(0, 300, 290)).statusCode).toBe(200);
    const comparison = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/comparison`, cookie: admin })
    ).json();
    expect(comparison.compared).toBe(1);
    expect(comparison.items).toHaveLength(1);
    expect(comparison.items[0]).toMatchObject({ stationNumber: 1, regionId: expect.any(String), votesMoved: 100 });
    expect(comparison.items[0].differences).toEqual(
      expect.arrayContaining([
        { line: 'option_a', official: 400, observed: 300, difference: 100 },
        { line: 'option_b', official: 190, observed: 290, difference: -100 },
      ]),
    );
    const csv = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${electionId}/results/comparison/export`,
      cookie: admin,
    });
    expect(csv.body).toContain('option_a;400;300;100');
  }, 60_000);

  it('draws a seeded stratified sample before voting day and estimates from the sampled copies', async () => {
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/quick-count/sample`,
      cookie: admin,
      body: { stations: 2 },
    });
    expect(refused.json().error.code).toBe('conflict');
    // The test clock is 2026-11-10: an election voting on the 20th can still draw its sample.
    await t.store.elections.update(electionId, { votingDate: '2026-11-20', monitoringFrom: '2026-11-10' }, t.now());
    const draw = () =>
      t.request({
        method: 'POST',
        url: `/api/v1/elections/${electionId}/quick-count/sample`,
        cookie: admin,
        body: { stations: 2, seed: 'pvt-2026' },
      });
    const first = (await draw()).json();
    const again = (await draw()).json();
    expect(first.sample.seed).toBe('pvt-2026');
    expect(first.sample.stations).toHaveLength(2);
    expect(again.sample.stations).toEqual(first.sample.stations);
    expect(first.estimate).toBeNull();

    const observer = await t.signInAs('observer', admin);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const protocol = pack.forms.find((f: { kind: string }) => f.kind === 'protocol');
    for (const [i, station] of first.sample.stations.entries()) {
      await assign(observer.user.id, station.stationKey);
      const sent = await t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie: observer.cookie,
        body: {
          id: crypto.randomUUID(),
          revision: 1,
          stationId: station.stationKey,
          formId: protocol.formId,
          formVersion: protocol.version,
          answers: {
            voters_on_lists: 1000,
            ballots_received: 1000,
            voters_received_ballots: 600,
            ballots_cancelled: 400,
            voters_took_part: 600,
            invalid_ballots: 0,
            option_a: 400 + i * 20,
            option_b: 200 - i * 20,
            protocol_photos: ['c'.repeat(64)],
          },
        },
      });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    const state = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/quick-count`, cookie: admin })
    ).json();
    expect(state.estimate.reports).toBe(2);
    // Sampled stations carry their number and region; the estimate's convergence, report by report.
    for (const s of state.sample.stations) {
      expect(s).toMatchObject({ stationNumber: expect.any(Number), regionId: s.stratum, reported: true });
    }
    expect(state.convergence.map((c: { reports: number }) => c.reports)).toEqual([1, 2]);
    expect(state.convergence[1].turnout.estimate).toBeCloseTo(60, 5);
    expect(state.estimate.turnout.estimate).toBeCloseTo(60, 5);
    expect(state.estimate.options.a.estimate).toBeCloseTo(((400 + 420) / 1200) * 100, 5);
    expect(state.verdict).toBeNull();
  }, 60_000);

  it("counts an assigned observer's protocol copy; an unassigned observer's only once the HQ accepts it", async () => {
    // Official: station 1 a 400, b 190; station 2 a 250, b 250.
    const preview = await importResults(
      officialResultsFile([
        [1, 1000, 1000, 600, 400, 600, 10, 400, 190],
        [2, 1000, 1000, 500, 500, 500, 0, 250, 250],
      ]),
    );
    await t.request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie: admin,
      body: { mapping: preview.suggestedMapping },
    });
    await t.store.elections.update(electionId, { votingDate: '2026-11-20', monitoringFrom: '2026-11-10' }, t.now());
    const drawn = await t.request({
      method: 'POST',
      url: `/api/v1/elections/${electionId}/quick-count/sample`,
      cookie: admin,
      body: { stations: 3, seed: 'every-station' },
    });
    expect(drawn.json().sample.stations).toHaveLength(3);
    const stations = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/stations`, cookie: admin })
    ).json().items as { id: string; number: number }[];
    const stationOf = (number: number) => stations.find((s) => s.number === number)?.id as string;

    const assigned = await t.signInAs('observer', admin);
    await assign(assigned.user.id, stationOf(1));
    const stranger = await t.signInAs('observer', admin);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: assigned.cookie })).json();
    const protocol = pack.forms.find((f: { kind: string }) => f.kind === 'protocol');
    const copy = async (cookie: string, number: number, a: number, b: number) => {
      const sent = await t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie,
        body: {
          id: crypto.randomUUID(),
          revision: 1,
          stationId: stationOf(number),
          formId: protocol.formId,
          formVersion: protocol.version,
          answers: {
            voters_on_lists: 1000,
            ballots_received: 1000,
            voters_received_ballots: 600,
            ballots_cancelled: 400,
            voters_took_part: 10 + a + b,
            invalid_ballots: 10,
            option_a: a,
            option_b: b,
            protocol_photos: ['e'.repeat(64)],
          },
        },
      });
      expect(sent.statusCode, sent.body).toBe(200);
      return sent.json() as { id: string; flags: { code: string }[] };
    };
    const quickCount = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/quick-count`, cookie: admin })).json();
    const comparison = async () =>
      (
        await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/comparison`, cookie: admin })
      ).json();
    const accept = async (number: number, reportId: string) => {
      const chosen = await t.request({
        method: 'POST',
        url: `/api/v1/stations/${stationOf(number)}/records/protocol`,
        cookie: admin,
        body: { reportId },
      });
      expect(chosen.statusCode, chosen.body).toBe(204);
    };

    // An unassigned observer's copies are stored and flagged, but move nothing.
    const strangerAt1 = await copy(stranger.cookie, 1, 300, 290);
    const strangerAt2 = await copy(stranger.cookie, 2, 200, 300);
    expect(strangerAt1.flags.map((f) => f.code)).toContain('not_assigned');
    expect((await quickCount()).estimate).toBeNull();
    expect((await quickCount()).sample.stations.filter((s: { reported: boolean }) => s.reported)).toEqual([]);
    expect(await comparison()).toMatchObject({ compared: 0, items: [] });

    // The assigned observer's copy of station 1 counts at once.
    const assignedAt1 = await copy(assigned.cookie, 1, 390, 200);
    let state = await quickCount();
    expect(state.estimate.reports).toBe(1);
    expect(state.estimate.options.a.estimate).toBeCloseTo((390 / 600) * 100, 5);
    let compared = await comparison();
    expect(compared.compared).toBe(1);
    expect(compared.items).toEqual([
      expect.objectContaining({ stationNumber: 1, reportId: assignedAt1.id, votesMoved: 10 }),
    ]);

    // The HQ accepts the unassigned observer's copies: now they count, in place of the assigned one's at station 1.
    await accept(1, strangerAt1.id);
    await accept(2, strangerAt2.id);
    state = await quickCount();
    expect(state.estimate.reports).toBe(2);
    expect(state.estimate.options.a.estimate).toBeCloseTo(((300 + 200) / (600 + 510)) * 100, 5);
    compared = await comparison();
    expect(compared.compared).toBe(2);
    expect(compared.items).toEqual([
      expect.objectContaining({ stationNumber: 1, reportId: strangerAt1.id, votesMoved: 100 }),
      expect.objectContaining({ stationNumber: 2, reportId: strangerAt2.id, votesMoved: 50 }),
    ]);
  }, 60_000);

  it('never counts a protocol copy the verification queue rejected, even the chosen record', async () => {
    const preview = await importResults(officialResultsFile([[1, 1000, 1000, 600, 400, 600, 10, 400, 190]]));
    await t.request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie: admin,
      body: { mapping: preview.suggestedMapping },
    });
    const stations = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/stations`, cookie: admin })
    ).json().items as { id: string; number: number }[];
    const stationId = stations.find((s) => s.number === 1)?.id as string;
    const assigned = await t.signInAs('observer', admin);
    await assign(assigned.user.id, stationId);
    const stranger = await t.signInAs('observer', admin);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: assigned.cookie })).json();
    const form = pack.forms.find((f: { kind: string }) => f.kind === 'protocol');
    const copy = async (cookie: string, a: number, b: number) => {
      const sent = await t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie,
        body: {
          id: crypto.randomUUID(),
          revision: 1,
          stationId,
          formId: form.formId,
          formVersion: form.version,
          answers: {
            voters_on_lists: 1000,
            ballots_received: 1000,
            voters_received_ballots: 600,
            ballots_cancelled: 400,
            voters_took_part: 10 + a + b,
            invalid_ballots: 10,
            option_a: a,
            option_b: b,
            protocol_photos: ['e'.repeat(64)],
          },
        },
      });
      expect(sent.statusCode, sent.body).toBe(200);
      return sent.json() as { id: string };
    };
    const compared = async () =>
      (
        await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/comparison`, cookie: admin })
      ).json() as { compared: number; items: { reportId: string }[] };
    const reject = async (reportId: string) => {
      const decided = await t.request({
        method: 'POST',
        url: `/api/v1/reports/${reportId}/verification`,
        cookie: admin,
        body: { decision: 'rejected', comment: 'Не тот участок', expectedRevision: 1, expectedStatus: 'pending' },
      });
      expect(decided.statusCode, decided.body).toBe(200);
    };

    // Two copies that disagree: both are in the queue; the assigned observer's counts.
    const own = await copy(assigned.cookie, 390, 200);
    const other = await copy(stranger.cookie, 300, 290);
    expect((await compared()).items.map((i) => i.reportId)).toEqual([own.id]);

    // Rejected, it counts no more.
    await reject(own.id);
    expect(await compared()).toMatchObject({ compared: 0, items: [] });

    // The HQ makes the other copy the station's record: it counts, until it is rejected too.
    const chosen = await t.request({
      method: 'POST',
      url: `/api/v1/stations/${stationId}/records/protocol`,
      cookie: admin,
      body: { reportId: other.id },
    });
    expect(chosen.statusCode, chosen.body).toBe(204);
    expect((await compared()).items.map((i) => i.reportId)).toEqual([other.id]);
    await reject(other.id);
    expect(await compared()).toMatchObject({ compared: 0, items: [] });
  }, 60_000);
});
