import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedElection } from '../testing/election-fixture.ts';
import { cecCsv, officialLineHeaders, TWO_CANDIDATES } from '../testing/official-results-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('official results: area totals, official turnout, leader, pages, sample size', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;
  let stationIds: string[];

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    ({ electionId, stationIds } = await seedElection(t, admin, {
      election: { turnoutCheckpoints: ['10:00', '12:00'], ballotOptions: TWO_CANDIDATES },
      inDistrict: (number) => number < 3,
    }));
  });
  afterEach(() => t.close());

  const lineHeaders = officialLineHeaders();
  const importFile = (kind: string, file: Buffer) => t.importFile({ kind, file, cookie: admin, electionId });

  // station; voters on lists; received; issued; cancelled; took part; invalid; a; b
  const stationRows = [
    ['ALA', '1', '1000', '1000', '600', '400', '600', '10', '400', '190'],
    ['ALA', '2', '1000', '1000', '500', '500', '500', '0', '250', '250'],
    ['ALA', '3', '1000', '1000', '700', '300', '700', '20', '600', '80'],
  ];
  const importStations = () =>
    importFile(
      'results',
      cecCsv([
        ['Регион', '№ УИК', ...lineHeaders],
        ...stationRows,
        ['Итого', '', '3000', '3000', '1800', '1200', '1800', '30', '1250', '520'],
      ]),
    );

  it('skips a CEC file\'s "Итого" row with a note, lets the HQ pick the leader and pages the rows', async () => {
    const { report } = await importStations();
    expect(report).toMatchObject({ applied: true, added: 3, rejected: 0, skipped: 1 });
    expect(report.problems).toEqual([{ line: 5, code: 'totals_row_skipped' }]);

    const url = `/api/v1/elections/${electionId}/results/analysis`;
    const byDefault = (await t.request({ method: 'GET', url, cookie: admin })).json();
    expect(byDefault.analysis.leader).toBe('a');
    const picked = (await t.request({ method: 'GET', url: `${url}?leader=b`, cookie: admin })).json();
    expect(picked.analysis.leader).toBe('b');
    // b's share of ballots in the boxes: 520 / (1250 + 520 + 30)
    expect(picked.analysis.totals.options.b.share).toBeCloseTo((100 * 520) / 1800, 9);
    const unknown = await t.request({ method: 'GET', url: `${url}?leader=zzz`, cookie: admin });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('validation_failed');

    const rows = (query: string) =>
      t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/official?${query}`, cookie: admin });
    const first = (await rows('limit=2')).json();
    expect(first.total).toBe(3);
    expect(first.items.map((r: { stationNumber: number }) => r.stationNumber)).toEqual([1, 2]);
    const next = (await rows(`limit=2&after=${encodeURIComponent(first.last)}`)).json();
    expect(next.items).toEqual([
      expect.objectContaining({
        stationNumber: 3,
        regionCode: 'ALA',
        lines: expect.objectContaining({ option_a: 600 }),
      }),
    ]);
    const back = (await rows(`limit=1&before=${encodeURIComponent(next.first)}`)).json();
    expect(back.items.map((r: { stationNumber: number }) => r.stationNumber)).toEqual([2]);
    expect((await rows('after=nonsense')).statusCode).toBe(400);
  }, 60_000);

  it('sets official area totals beside the sum of the station rows and flags a mismatch', async () => {
    await importStations();
    const { preview, report } = await importFile(
      'area_results',
      cecCsv([
        ['Территория', ...lineHeaders],
        // The district holds stations 1 and 2; its official total of a is 650 = 400 + 250.
        ['ALA-1', '2000', '2000', '1100', '900', '1100', '10', '650', '440'],
        // The region holds all three: a is 1250, but the CEC says 1300.
        ['Алматы', '3000', '3000', '1800', '1200', '1800', '30', '1300', '520'],
        ['Всего', '3000', '3000', '1800', '1200', '1800', '30', '1300', '520'],
      ]),
    );
    expect(preview.suggestedMapping).toMatchObject({ area: 'Территория', option_a: 'Абаев Алмас' });
    expect(report).toMatchObject({ added: 2, rejected: 0, skipped: 1 });

    const { items } = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/areas`, cookie: admin })
    ).json();
    expect(items).toHaveLength(2);
    const [region, district] = items;
    expect(region).toMatchObject({ code: 'ALA', stations: 3, mismatch: true });
    expect(region.lines).toContainEqual({ line: 'option_a', official: 1300, stationSum: 1250, difference: 50 });
    expect(region.lines).toContainEqual({ line: 'option_b', official: 520, stationSum: 520, difference: 0 });
    expect(district).toMatchObject({ code: 'ALA-1', stations: 2, mismatch: false });

    const csv = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${electionId}/results/areas/export`,
      cookie: admin,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('ALA;Алматы;3;option_a;1300;1250;50');
    const xlsx = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${electionId}/results/areas/export?format=xlsx`,
      cookie: admin,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // The CEC corrects the region's total of a alone: that line changes, every other line stays.
    const corrected = await importFile(
      'area_results',
      cecCsv([
        ['Территория', 'Абаев Алмас'],
        ['Алматы', '1250'],
      ]),
    );
    expect(corrected.report).toMatchObject({ changed: 1, rejected: 0 });
    const after = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/areas`, cookie: admin })
    ).json().items[0];
    expect(after).toMatchObject({ code: 'ALA', mismatch: false });
    expect(after.lines).toContainEqual({ line: 'option_a', official: 1250, stationSum: 1250, difference: 0 });
    expect(after.lines).toContainEqual({ line: 'option_b', official: 520, stationSum: 520, difference: 0 });
  }, 60_000);

  it("sets official turnout per checkpoint beside the observers' turnout reports", async () => {
    const { report } = await importFile(
      'official_turnout',
      cecCsv([
        ['Регион', '№ УИК', 'Контрольное время', 'Получили бюллетени'],
        ['ALA', '1', '10:00', '120'],
        ['ALA', '2', '10.00', '90'],
        ['ALA', '1', '12 ч', '300'],
        ['Итого', '', '10:00', '210'],
      ]),
    );
    expect(report).toMatchObject({ added: 3, rejected: 0, skipped: 1 });
    const areaFile = await importFile(
      'official_turnout',
      cecCsv([
        ['Территория', 'Время', 'Проголосовало'],
        ['ALA', '10:00', '260'],
      ]),
    );
    expect(areaFile.report).toMatchObject({ added: 1, rejected: 0 });

    const observer = await t.signInAs('observer', admin);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const form = pack.forms.find((f: { kind: string }) => f.kind === 'turnout');
    const send = (stationId: string, checkpoint: string, voters: number) =>
      t.request({
        method: 'POST',
        url: '/api/v1/reports',
        cookie: observer.cookie,
        body: {
          id: crypto.randomUUID(),
          revision: 1,
          stationId,
          formId: form.formId,
          formVersion: form.version,
          answers: { checkpoint_time: checkpoint, voters_received: voters, source: 'own_count' },
        },
      });
    expect((await send(stationIds[0] as string, '10:00', 100)).statusCode).toBe(200);
    expect((await send(stationIds[2] as string, '10:00', 50)).statusCode).toBe(200);

    const turnout = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/turnout`, cookie: admin })
    ).json();
    expect(turnout.checkpoints).toEqual(['10:00', '12:00']);
    expect(turnout.summary[0]).toEqual({
      checkpoint: '10:00',
      officialStations: 2,
      officialVoters: 210,
      observedStations: 2,
      observedVoters: 150,
      matchedStations: 1,
      officialOnMatched: 120,
      observedOnMatched: 100,
      mismatchedStations: 1,
    });
    expect(turnout.summary[1]).toMatchObject({ checkpoint: '12:00', officialStations: 1, officialVoters: 300 });
    expect(turnout.stations).toEqual([
      expect.objectContaining({ stationNumber: 1, checkpoint: '10:00', official: 120, observed: 100, difference: 20 }),
    ]);
    // The region's official 260 beside what observers saw in it: 100 + 50 at two stations.
    expect(turnout.areas).toEqual([
      expect.objectContaining({
        code: 'ALA',
        checkpoint: '10:00',
        official: 260,
        observedStations: 2,
        observedVoters: 150,
      }),
    ]);
    const csv = await t.request({
      method: 'GET',
      url: `/api/v1/elections/${electionId}/results/turnout/export`,
      cookie: admin,
    });
    expect(csv.body).toContain('station;1;10:00;120;100;20;1');
    expect(csv.body).toContain('area;ALA;10:00;260;150;110;2');
  }, 60_000);

  it('previews the NDI sample size without drawing anything', async () => {
    const size = (
      await t.request({
        method: 'GET',
        url: `/api/v1/elections/${electionId}/quick-count/sample-size?marginPoints=2&confidence=95`,
        cookie: admin,
      })
    ).json();
    // n = 0.25 / (0.02² / 1.96² + 0.25 / 3000) = 0.25 / (0.000104123 + 0.0000833333) = 1333.6
    const n = 0.25 / (0.0004 / 1.96 ** 2 + 0.25 / 3000);
    expect(size.registered).toBe(3000);
    expect(size.votersNeeded).toBeCloseTo(n, 6);
    expect(size.votersNeeded).toBeCloseTo(1333.6, 1);
    expect(size.stationsNeeded).toBe(2);
    expect(size.votersPerStation).toBe(1000);
  });
});
