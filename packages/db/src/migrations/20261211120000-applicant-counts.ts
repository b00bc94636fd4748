import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 17, `npm run bench -- dashboard`: the overview's recruitment funnel counted the applicants
// per status on every request (27,000 applicants at 10,000 stations: 5–8 ms on SQLite). The counts
// are now kept per (election, status, area) in applicant_counts by triggers on applicants, counting
// the records that stand (not merged into another): an applicant written, deleted, or changed in
// status, election, area or merged_into moves one count. An applicant of no election or of no area
// is kept under the nil uuid, which no area scope contains (as before: an applicant in no area is
// counted for national staff only). Not on the ingest path. Frozen once landed: change the schema
// with a new migration, never by editing this one.

const NIL = '00000000-0000-0000-0000-000000000000';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('applicant_counts')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('applicant_counts_pkey', ['election_id', 'status', 'area_id'])
    .execute();

  const nil = pg ? `'${NIL}'::uuid` : `'${NIL}'`;
  /** One count moved by `delta` for the record `r` (old / new), when it stands. */
  const move = (r: 'old' | 'new', delta: number) =>
    sql.raw(`insert into applicant_counts (election_id, status, area_id, n)
      select coalesce(${r}.election_id, ${nil}), ${r}.status, coalesce(${r}.area_id, ${nil}), ${delta}
      where ${r}.merged_into is null
      on conflict (election_id, status, area_id) do update set n = applicant_counts.n + (${delta})`);

  if (pg) {
    await sql`
      create function applicant_counts_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          ${move('old', -1)};
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          ${move('new', 1)};
        end if;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger applicants_counts after insert or delete on applicants
      for each row execute function applicant_counts_keep()`.execute(db);
    await sql`
      create trigger applicants_counts_update after update on applicants
      for each row when (old.status is distinct from new.status or old.election_id is distinct from new.election_id
        or old.area_id is distinct from new.area_id or old.merged_into is distinct from new.merged_into)
      execute function applicant_counts_keep()`.execute(db);
  } else {
    await sql`create trigger applicants_counts_insert after insert on applicants
      begin ${move('new', 1)}; end`.execute(db);
    await sql`create trigger applicants_counts_delete after delete on applicants
      begin ${move('old', -1)}; end`.execute(db);
    await sql`create trigger applicants_counts_update after update on applicants
      when old.status is not new.status or old.election_id is not new.election_id
        or old.area_id is not new.area_id or old.merged_into is not new.merged_into
      begin
        ${move('old', -1)};
        ${move('new', 1)};
      end`.execute(db);
  }

  await sql
    .raw(`insert into applicant_counts (election_id, status, area_id, n)
    select coalesce(election_id, ${nil}), status, coalesce(area_id, ${nil}), count(*) from applicants
    where merged_into is null group by coalesce(election_id, ${nil}), status, coalesce(area_id, ${nil})`)
    .execute(db);
}
