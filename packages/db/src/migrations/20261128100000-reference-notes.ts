import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Reference notes (issue 5): short articles the HQ writes for the observers of an election (their
// rights, what to do on an incident, how to copy the protocol), cached in the field app's offline
// pack. Title and body are { ru, kk?, en? } objects.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('reference_notes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', json, (c) => c.notNull())
    .addColumn('body', json, (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reference_notes_election_idx')
    .on('reference_notes')
    .columns(['election_id', 'position'])
    .execute();
}
