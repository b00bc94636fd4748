import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { seedElection } from '../../testing/election-fixture.ts';
import { cecCsv, TWO_CANDIDATES } from '../../testing/official-results-fixture.ts';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * The official-results import with a file as research groups republish it: station columns in
 * Latin transliteration, line names reworded and abbreviated, a link per station at the end.
 */
describeEachDialect('official results import: files as people have them', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
    ({ electionId } = await seedElection(t, admin, { election: { ballotOptions: TWO_CANDIDATES } }));
  });
  afterEach(() => t.close());

  const headers = [
    'region',
    'Nomer UIK',
    'Сайлаушылар саны',
    'Получено бюллетеней',
    'Избирателей, получивших бюллетени',
    'Погашено',
    'Число избирателей, принявших участие в голосовании',
    'Недейств.',
    'Абаев Алмас',
    'Бекова Бибигуль',
    'Ссылка',
  ];
  // station; voters on lists; received; issued; cancelled; took part; invalid; a; b — every relation holds.
  const rows = [
    [1, 1200, 1000, 600, 400, 600, 10, 400, 190],
    [2, 1100, 1000, 500, 500, 500, 0, 250, 250],
    [3, 1300, 1000, 700, 300, 700, 20, 600, 80],
  ];
  const messyFile = () => cecCsv([headers, ...rows.map((r) => ['ALA', ...r, `https://www.example.org/uik/${r[0]}`])]);

  const dryRun = async (id: string, mapping: Record<string, string | null>) => {
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${id}/dry-run`,
      cookie: admin,
      body: { mapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('maps reworded lines, Latin station headers and leaves the link column out; imports every station', async () => {
    const preview = await t.uploadImport({ kind: 'results', file: messyFile(), cookie: admin, electionId });
    expect(preview.suggestedMapping).toEqual({
      region: 'region',
      number: 'Nomer UIK',
      voters_on_lists: 'Сайлаушылар саны',
      ballots_received: 'Получено бюллетеней',
      voters_received_ballots: 'Избирателей, получивших бюллетени',
      ballots_cancelled: 'Погашено',
      voters_took_part: 'Число избирателей, принявших участие в голосовании',
      invalid_ballots: 'Недейств.',
      option_a: 'Абаев Алмас',
      option_b: 'Бекова Бибигуль',
    });
    const report = await dryRun(preview.id, preview.suggestedMapping);
    expect(report).toMatchObject({ rows: 3, added: 3, rejected: 0, mappingProblems: [] });
    expect(report.mappingWarnings).toBeUndefined();

    const applied = await t.request({
      method: 'POST',
      url: `/api/v1/imports/${preview.id}/apply`,
      cookie: admin,
      body: { mapping: preview.suggestedMapping },
    });
    expect(applied.json()).toMatchObject({ applied: true, added: 3 });
    const analysis = (
      await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/results/analysis`, cookie: admin })
    ).json();
    expect(analysis.analysis.totals).toMatchObject({ stations: 3, registered: 3600, invalid: 30 });
  });

  it("a second file with some of the protocol's lines changes those and keeps the others", async () => {
    const apply = async (file: Buffer) => {
      const preview = await t.uploadImport({ kind: 'results', file, cookie: admin, electionId });
      const report = await dryRun(preview.id, preview.suggestedMapping);
      const applied = await t.request({
        method: 'POST',
        url: `/api/v1/imports/${preview.id}/apply`,
        cookie: admin,
        body: { mapping: preview.suggestedMapping },
      });
      expect(applied.statusCode, applied.body).toBe(200);
      return report;
    };
    await apply(messyFile());
    // A recount's candidates' votes for station 3 alone: no turnout or ballot columns.
    const recount = cecCsv([
      ['region', 'Nomer UIK', 'Абаев Алмас', 'Бекова Бибигуль'],
      ['ALA', 3, 590, 90],
    ]);
    const report = await apply(recount);
    expect(report).toMatchObject({ rows: 1, changed: 1, rejected: 0 });
    expect(report.changes).toEqual([expect.objectContaining({ fields: ['option_a', 'option_b'] })]);
    const stored = await t.store.results.stored(electionId);
    expect([...stored.values()].find((lines) => lines.option_a === 590)).toEqual({
      voters_on_lists: 1300,
      ballots_received: 1000,
      voters_received_ballots: 700,
      ballots_cancelled: 300,
      voters_took_part: 700,
      invalid_ballots: 20,
      option_a: 590,
      option_b: 90,
    });
  });

  it('says in the dry run which columns a swapped mapping misassigns and how to fix it', async () => {
    const preview = await t.uploadImport({ kind: 'results', file: messyFile(), cookie: admin, electionId });
    const swapped = {
      ...preview.suggestedMapping,
      voters_on_lists: 'Получено бюллетеней',
      ballots_received: 'Сайлаушылар саны',
    };
    const report = await dryRun(preview.id, swapped);
    // The rows themselves are fine: the warning is about the mapping, and nothing is refused for it.
    expect(report).toMatchObject({ rows: 3, added: 3, rejected: 0 });
    expect(report.mappingWarnings).toEqual([
      {
        relationId: 'kz_received_balance',
        judged: 3,
        failing: 3,
        fields: ['voters_on_lists', 'ballots_received'],
        fix: [
          { from: 'voters_on_lists', to: 'ballots_received' },
          { from: 'ballots_received', to: 'voters_on_lists' },
        ],
        holdsAfterFix: 1,
      },
    ]);
  });
});
