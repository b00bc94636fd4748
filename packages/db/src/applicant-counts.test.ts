import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Store } from './store.ts';
import { testElection } from './testing/test-data.ts';
import { describeEachDialect } from './testing/test-database.ts';

// Standing applicants per (election, status, area), kept by triggers (migration 20261211120000-
// applicant-counts): equal to the applicants counted row by row after records are written, change
// status, election or area, are merged into another and back, and deleted; the overview's funnel
// reads them in each scope; and the check notices when the triggers are gone.

const name = (ru: string) => ({ ru, kk: ru, en: ru });
const NIL = '00000000-0000-0000-0000-000000000000';

describeEachDialect('applicant counts, kept by triggers', (db) => {
  const t0 = new Date('2026-11-28T05:00:00.000Z');

  async function world() {
    const store = Store.over(db());
    const areas: string[] = [];
    for (const code of ['A', 'B']) {
      const id = randomUUID();
      await store.areas.create(
        id,
        { parentId: null, level: 'region', code, name: name(code), commission: null, isDemo: false },
        t0,
      );
      areas.push(id);
    }
    const election = randomUUID();
    await store.elections.create(election, testElection({ name: name('E') }), t0);
    return { store, areas, election };
  }

  async function compare() {
    const k = db().kysely;
    const rows = (r: { rows: Record<string, unknown>[] }) =>
      r.rows.map((x) => `${x.election_id} ${x.status} ${x.area_id} ${Number(x.n)}`);
    const kept = await sql<
      Record<string, unknown>
    >`select cast(election_id as text) as election_id, status, cast(area_id as text) as area_id, n from applicant_counts
      where n <> 0 order by election_id, status, area_id`.execute(k);
    const truth = await sql<
      Record<string, unknown>
    >`select coalesce(cast(election_id as text), ${NIL}) as election_id, status,
      coalesce(cast(area_id as text), ${NIL}) as area_id, count(*) as n from applicants where merged_into is null
      group by 1, 2, 3 order by 1, 2, 3`.execute(k);
    return { kept: rows(kept), truth: rows(truth) };
  }

  async function scenario(w: Awaited<ReturnType<typeof world>>) {
    const k = db().kysely;
    const [a, b] = w.areas as [string, string];
    const ids: string[] = [];
    const insert = async (electionId: string | null, areaId: string | null, status: string) => {
      const id = randomUUID();
      ids.push(id);
      await k
        .insertInto('applicants')
        .values({
          id,
          election_id: electionId,
          full_name: 'Тест',
          phone: `+7700${String(ids.length).padStart(7, '0')}`,
          area_id: areaId,
          languages: ',ru,',
          availability: ',election_day,',
          status,
          locale: 'ru',
          source: 'join',
          search_text: 'тест',
          created_at: t0.toISOString(),
          updated_at: t0.toISOString(),
        } as never)
        .execute();
      return id;
    };
    const one = await insert(w.election, a, 'applied');
    const two = await insert(w.election, a, 'certified');
    const three = await insert(null, b, 'active');
    await insert(null, null, 'applied');
    await insert(w.election, b, 'applied');
    const set = (id: string, values: Record<string, unknown>) =>
      k.updateTable('applicants').set(values).where('id', '=', id).execute();
    return [
      () => set(one, { status: 'contacted' }),
      () => set(one, { status: 'in_training', area_id: b }),
      () => set(three, { election_id: w.election }),
      () => set(two, { merged_into: one }),
      () => set(two, { updated_at: t0.toISOString() }),
      () => set(two, { merged_into: null, status: 'accredited' }),
      () => k.deleteFrom('applicants').where('id', '=', three).execute(),
    ];
  }

  it('equal the applicants counted row by row after every change, in every scope', async () => {
    const w = await world();
    const steps = await scenario(w);
    let c = await compare();
    expect(c.kept).toEqual(c.truth);
    expect(c.truth.length).toBeGreaterThan(2);
    for (const step of steps) {
      await step();
      c = await compare();
      expect(c.kept).toEqual(c.truth);
    }
    const [a, b] = w.areas as [string, string];
    const funnel = async (scope: Parameters<Store['overview']['applicantsByStatus']>[1]) =>
      Object.fromEntries(
        (await w.store.overview.applicantsByStatus(w.election, scope)).map((r) => [r.status, r.count]),
      );
    // This election's and no election's applicants; an area's coordinator sees their area's only.
    expect(await funnel({ kind: 'all' })).toEqual({ accredited: 1, applied: 2, in_training: 1 });
    expect(await funnel({ kind: 'area', areaId: a })).toEqual({ accredited: 1 });
    expect(await funnel({ kind: 'area', areaId: b })).toEqual({ applied: 1, in_training: 1 });
    expect(await funnel({ kind: 'none' })).toEqual({});
  });

  it('differ from the applicants once the triggers are gone (the check can fail)', async () => {
    const w = await world();
    const k = db().kysely;
    if (db().dialect === 'postgres') {
      await sql`drop trigger applicants_counts on applicants`.execute(k);
      await sql`drop trigger applicants_counts_update on applicants`.execute(k);
    } else {
      for (const t of ['insert', 'delete', 'update']) await sql.raw(`drop trigger applicants_counts_${t}`).execute(k);
    }
    await scenario(w);
    const c = await compare();
    expect(c.kept).not.toEqual(c.truth);
  });
});
