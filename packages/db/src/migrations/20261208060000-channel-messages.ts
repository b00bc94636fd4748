import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 22. The message log (every inbound and outbound SMS / Telegram message, with the sender as a
// hash and a mask — never the number in clear) and the state of a Telegram chat: the language it
// chose before linking and where a guided conversation stands, so it resumes after an interruption.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  await db.schema
    .createTable('channel_messages')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('sender_hash', 'text', (c) => c.notNull())
    .addColumn('sender_mask', 'text', (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.references('users.id'))
    .addColumn('station_id', id)
    .addColumn('report_id', id)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('channel_messages_created_idx').on('channel_messages').column('created_at').execute();
  await db.schema
    .createIndex('channel_messages_user_idx')
    .on('channel_messages')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('channel_messages_station_idx')
    .on('channel_messages')
    .columns(['station_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('channel_conversations')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('state', 'text')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_conversations_pk', ['channel', 'address'])
    .execute();
}
