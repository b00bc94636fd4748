import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The CEC's official per-area totals and official turnout per checkpoint (issue 7).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('official_area_results')
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('area_id', id, (c) => c.notNull().references('areas.id'))
    /** Protocol line key → number, as the CEC published the area's total. */
    .addColumn('lines', json, (c) => c.notNull())
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('official_area_results_pkey', ['election_id', 'area_id'])
    .execute();

  await db.schema
    .createTable('official_turnout')
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    /** 'station' or 'area': what target_id names. */
    .addColumn('scope', sql`text`, (c) => c.notNull())
    .addColumn('target_id', id, (c) => c.notNull())
    /** The checkpoint's local clock time, HH:MM. */
    .addColumn('checkpoint', sql`text`, (c) => c.notNull())
    /** Voters who had received ballots by the checkpoint. */
    .addColumn('voters', sql`integer`, (c) => c.notNull())
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('official_turnout_pkey', ['election_id', 'scope', 'target_id', 'checkpoint'])
    .execute();

  // The paged list of official rows goes by region and number.
  await db.schema
    .createIndex('stations_region_number_idx')
    .on('stations')
    .columns(['election_id', 'region_id', 'number'])
    .execute();
}
