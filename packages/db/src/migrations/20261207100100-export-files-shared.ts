import type { Kysely } from 'kysely';

// Issue 23. With BLOB_STORE=database a finished export file is kept in the shared blob store, under
// its SHA-256, so any server process on any host can hand it out. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('export_jobs').addColumn('file_sha256', 'text').execute();
}
