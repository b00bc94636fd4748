import { type Kysely, sql } from 'kysely';

// Issue 21 (trust). A join form's token is good for one sign-up: the token's nonce is recorded in
// join_attempts under the scope 'join-token', and this partial unique index makes the second use
// of the same nonce fail atomically on both dialects, even when two sign-ups race. Photo quotas
// count an observer's uploads of the last day, and the orphan clean-up walks uploads by age.
// Frozen once landed: change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('join_attempts_token_once_idx')
    .on('join_attempts')
    .column('key_hash')
    .unique()
    .where(sql<boolean>`scope = 'join-token'`)
    .execute();
  await db.schema
    .createIndex('photos_uploader_created_idx')
    .on('photos')
    .columns(['uploaded_by', 'created_at'])
    .execute();
  await db.schema.createIndex('photos_created_idx').on('photos').column('created_at').execute();
}
