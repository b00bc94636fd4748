import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The verification queue's counts kept as they change (issue 17's dashboard bench): how many of an
// election's queued reports are in each state at each station, kept by triggers on
// report_verifications, so the queue's and the overview's figures add up at most one row per
// station and state instead of counting every queued report; and an index of the claims.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('verification_counts')
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('verification_counts_pkey', ['election_id', 'station_id', 'status'])
    .execute();

  // Claims in force or expired but not yet cleared: the live ones are counted from here.
  await sql`create index report_verifications_claims_idx on report_verifications (election_id, claimed_until)
    where claimed_by is not null`.execute(db);

  const add = (election: string, station: string, status: string, delta: number) =>
    sql.raw(`insert into verification_counts (election_id, station_id, status, n)
      values (${election}, ${station}, ${status}, ${delta})
      on conflict (election_id, station_id, status) do update set n = verification_counts.n + (${delta})`);

  if (pg) {
    await sql`
      create function verification_counts_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          ${add('old.election_id', 'old.station_id', 'old.status', -1)};
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          ${add('new.election_id', 'new.station_id', 'new.status', 1)};
        end if;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger report_verifications_counts after insert or delete on report_verifications
      for each row execute function verification_counts_keep()`.execute(db);
    await sql`
      create trigger report_verifications_counts_status after update of status on report_verifications
      for each row when (old.status is distinct from new.status) execute function verification_counts_keep()`.execute(
      db,
    );
  } else {
    await sql`create trigger report_verifications_counts_insert after insert on report_verifications
      begin ${add('new.election_id', 'new.station_id', 'new.status', 1)}; end`.execute(db);
    await sql`create trigger report_verifications_counts_delete after delete on report_verifications
      begin ${add('old.election_id', 'old.station_id', 'old.status', -1)}; end`.execute(db);
    await sql`create trigger report_verifications_counts_status after update of status on report_verifications
      when old.status is not new.status
      begin
        ${add('old.election_id', 'old.station_id', 'old.status', -1)};
        ${add('new.election_id', 'new.station_id', 'new.status', 1)};
      end`.execute(db);
  }

  await sql`insert into verification_counts (election_id, station_id, status, n)
    select election_id, station_id, status, count(*) from report_verifications
    group by election_id, station_id, status`.execute(db);
}
