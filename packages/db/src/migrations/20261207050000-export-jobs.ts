import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Exports at scale (issue 18): a large export runs as a background job whose row survives a server
// restart (a restarted server re-queues a job whose runner stopped beating and starts it over), and
// reports are read in keyset pages of (election, id), never all at once.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('export_jobs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    /** reports (every report, revision, flag and photo reference) or photos (a ZIP). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    /** reports only: long (one row per answer) or wide (one column per question). */
    .addColumn('shape', 'text')
    /** The area whose stations are exported (null: the whole election, national staff only). */
    .addColumn('area_id', id, (c) => c.references('areas.id'))
    .addColumn('form_id', id, (c) => c.references('forms.id'))
    .addColumn('requested_by', id, (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_total', 'integer')
    .addColumn('size_bytes', 'bigint')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** The server process running it, and when it last said so: a stale beat means it stopped. */
    .addColumn('runner', 'text')
    .addColumn('heartbeat_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('expires_at', ts)
    .addCheckConstraint(
      'export_jobs_status_check',
      sql`status in ('queued','running','done','failed','cancelled','expired')`,
    )
    .addCheckConstraint('export_jobs_kind_check', sql`kind in ('reports','photos')`)
    .addCheckConstraint('export_jobs_format_check', sql`format in ('csv','xlsx','zip')`)
    .execute();
  await db.schema
    .createIndex('export_jobs_requested_idx')
    .on('export_jobs')
    .columns(['requested_by', 'created_at'])
    .execute();
  await db.schema.createIndex('export_jobs_status_idx').on('export_jobs').columns(['status', 'created_at']).execute();
  // Keyset pages of an election's reports in id order (the export's cursor).
  await db.schema.createIndex('reports_election_id_idx').on('reports').columns(['election_id', 'id']).execute();
}
