import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Assignments, reports with revisions, the hash chain, photos and the HQ's choice between
// conflicting protocol copies (issue 5).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('assignments')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('observer_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('shift', 'text', (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('assignments_observer_station_shift_key', ['observer_id', 'station_id', 'shift'])
    .addCheckConstraint('assignments_shift_check', sql`shift in ('readiness','voting_day','opening','counting')`)
    .execute();
  await db.schema.createIndex('assignments_station_idx').on('assignments').column('station_id').execute();
  await db.schema
    .createIndex('assignments_election_idx')
    .on('assignments')
    .columns(['election_id', 'observer_id'])
    .execute();

  await db.schema
    .createTable('reports')
    /** The client's UUID: a resend of the same report finds it here. */
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('form_id', id, (c) => c.notNull().references('forms.id'))
    .addColumn('form_kind', 'text', (c) => c.notNull())
    .addColumn('observer_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('latest_revision', 'integer', (c) => c.notNull())
    .addColumn('flags', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_station_idx').on('reports').columns(['station_id', 'form_kind']).execute();
  await db.schema.createIndex('reports_election_idx').on('reports').columns(['election_id', 'updated_at']).execute();

  await db.schema
    .createTable('report_revisions')
    .addColumn('report_id', id, (c) => c.notNull().references('reports.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('answers', json, (c) => c.notNull())
    .addColumn('photos', json, (c) => c.notNull())
    .addColumn('flags', json, (c) => c.notNull())
    .addColumn('client_time', 'text')
    .addColumn('received_at', ts, (c) => c.notNull())
    /** Position in the hash chain, and the chain's hash after this revision. */
    .addColumn('chain_seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('chain_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_revisions_pkey', ['report_id', 'revision'])
    .execute();

  // One row: the head of the chain. Appends lock it, so the chain has one order on every dialect.
  await db.schema
    .createTable('chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('chain_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  await db.schema
    .createTable('photos')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('received_bytes', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('uploaded_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('completed_at', ts)
    .execute();

  await db.schema
    .createTable('station_records')
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('form_kind', 'text', (c) => c.notNull())
    .addColumn('report_id', id, (c) => c.notNull().references('reports.id'))
    .addColumn('decided_by', id, (c) => c.references('users.id'))
    .addColumn('decided_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('station_records_pkey', ['station_id', 'form_kind'])
    .execute();
}
