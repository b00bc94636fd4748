import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (a Kazakhstan-sized voting day on PostgreSQL): the alerts' refresh functions run inside
// the report writer's transaction, which holds the hash chain's head, so their time is every
// process's wait. PL/pgSQL keeps a statement's plan for the connection's life (until the table is
// analyzed), and a server's connections make theirs with the day's first reports, when
// alert_turnout_checkpoints, station_alerts and station_marks' report marks are nearly empty: a
// plan that hashes a whole table is cheap then and is kept while the table grows through the day.
// In a kz run, after the refreshes that cannot change anything were skipped (20261212210000), the
// turnout checkpoints' refreshes still took ~23 ms per group at 10:00 (~1.4 ms per station).
// The refresh only ever touches the stations it is given: every row it reads is found from them
// through an index. These settings make those index lookups the only plans it can choose, whatever
// the tables' sizes were when the plan was made (same rows, same results: dashboard-counts.test.ts,
// ingest-triggers.test.ts).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const f of ['alert_stations_refresh(uuid[])', 'alert_station_refresh(uuid)']) {
    await sql
      .raw(`alter function ${f} set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off`)
      .execute(db);
  }
}
