import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23: the new-checkpoint check (does the station already have this checkpoint time from
// another report? 20261211400000) plans once per connection, at the day's first turnout report,
// when alert_turnout_checkpoints is empty; in a kz run's opening and 10:00 windows it then took
// 17 s of PostgreSQL's time (~3.4 ms a group, growing with the table) after every other refresh
// cost had gone (20261212210000-230000). Like the refresh functions it calls, it now plans only
// index lookups (alert_turnout_checkpoints by station and time). Same results
// (dashboard-counts.test.ts, ingest-triggers.test.ts).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql
    .raw(
      'alter function alert_checkpoints_inserted() set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off',
    )
    .execute(db);
}
