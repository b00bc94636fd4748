import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 22 (SMS and Telegram). An observer's address on a message channel: a phone number (E.164)
// for SMS, a chat id for Telegram. One address belongs to one observer; an observer may have several.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  await db.schema
    .createTable('channel_identities')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_identities_pk', ['channel', 'address'])
    .execute();
  await db.schema.createIndex('channel_identities_user_idx').on('channel_identities').column('user_id').execute();
}
