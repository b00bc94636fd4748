import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 17, `npm run bench -- dashboard`: the overview and the verification queue of a national
// coordinator add up the queue's kept counts per station and state (verification_counts: ~9,000
// rows at 10,000 stations and 1,000,000 revisions, 5–12 ms per request on SQLite). The same counts
// per election and state are now kept too (verification_totals), by triggers on
// verification_counts (each change of a station's count moves the election's by the same amount),
// so the whole election's figures are five rows. An area's coordinator still adds the stations of
// their area. On the ingest path this fires only when a report joins the queue (a flag or an
// incident): one more upsert. Frozen once landed: change the schema with a new migration, never by
// editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('verification_totals')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('verification_totals_pkey', ['election_id', 'status'])
    .execute();

  const add = (election: string, status: string, delta: string) =>
    sql.raw(`insert into verification_totals (election_id, status, n) values (${election}, ${status}, ${delta})
      on conflict (election_id, status) do update set n = verification_totals.n + (${delta})`);

  if (pg) {
    await sql`
      create function verification_totals_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          ${add('old.election_id', 'old.status', '-old.n')};
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          ${add('new.election_id', 'new.status', 'new.n')};
        end if;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger verification_counts_totals after insert or delete on verification_counts
      for each row execute function verification_totals_keep()`.execute(db);
    await sql`
      create trigger verification_counts_totals_update after update on verification_counts
      for each row when (old.n is distinct from new.n or old.status is distinct from new.status
        or old.election_id is distinct from new.election_id)
      execute function verification_totals_keep()`.execute(db);
  } else {
    await sql`create trigger verification_counts_totals_insert after insert on verification_counts
      begin ${add('new.election_id', 'new.status', 'new.n')}; end`.execute(db);
    await sql`create trigger verification_counts_totals_delete after delete on verification_counts
      begin ${add('old.election_id', 'old.status', '-old.n')}; end`.execute(db);
    await sql`create trigger verification_counts_totals_update after update on verification_counts
      when old.n is not new.n or old.status is not new.status or old.election_id is not new.election_id
      begin
        ${add('old.election_id', 'old.status', '-old.n')};
        ${add('new.election_id', 'new.status', 'new.n')};
      end`.execute(db);
  }

  await sql`insert into verification_totals (election_id, status, n)
    select election_id, status, sum(n) from verification_counts group by election_id, status`.execute(db);
}
