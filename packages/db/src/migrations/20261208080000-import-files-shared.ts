import type { Kysely } from 'kysely';

// Issue 23. An uploaded import file waits between preview and apply; with several processes or
// hosts (BLOB_STORE=database or s3) it is kept in the shared blob store under its SHA-256, so the
// apply can run on any process. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('imports').addColumn('file_sha256', 'text').execute();
}
