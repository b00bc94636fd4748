import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Readiness visits planned by the HQ (observer × station × date) and the indexes the readiness,
// coverage and overview counts need (issue 17): they group reports by election, kind and station,
// and assignments by election, shift and station, in the database.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('readiness_visits')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('observer_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    /** The planned day, `YYYY-MM-DD` in the election's time zone. */
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('readiness_visits_observer_station_date_key', ['observer_id', 'station_id', 'visit_date'])
    .execute();
  await db.schema
    .createIndex('readiness_visits_election_idx')
    .on('readiness_visits')
    .columns(['election_id', 'visit_date'])
    .execute();
  await db.schema.createIndex('readiness_visits_station_idx').on('readiness_visits').column('station_id').execute();

  await db.schema
    .createIndex('reports_election_kind_station_idx')
    .on('reports')
    .columns(['election_id', 'form_kind', 'station_id', 'observer_id'])
    .execute();
  await db.schema
    .createIndex('reports_election_created_idx')
    .on('reports')
    .columns(['election_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('assignments_election_shift_station_idx')
    .on('assignments')
    .columns(['election_id', 'shift', 'station_id'])
    .execute();
  await db.schema
    .createIndex('applicants_election_status_idx')
    .on('applicants')
    .columns(['election_id', 'status'])
    .execute();
}
