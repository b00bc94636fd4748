import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (several processes and hosts). Files (photos) kept in the database itself, for
// deployments whose processes share nothing but PostgreSQL: a file is a run of chunks (at most
// 256 KiB each) under its SHA-256, `partial` while an upload is in progress, `complete` once its hash
// was checked. Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('blob_chunks')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', pg ? sql`bytea` : sql`blob`, (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_chunks_pk', ['sha256', 'state', 'seq'])
    .execute();
  if (pg) {
    // Photos are already compressed: no point in TOAST compressing them again.
    await sql`alter table blob_chunks alter column data set storage external`.execute(db);
  }
}
