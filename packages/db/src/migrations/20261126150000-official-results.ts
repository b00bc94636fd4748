import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The CEC's official per-station results, imported from its files (issue 7).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('official_results')
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    /** Protocol line key → number, as the CEC published it. */
    .addColumn('lines', json, (c) => c.notNull())
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('official_results_pkey', ['election_id', 'station_id'])
    .execute();
}
