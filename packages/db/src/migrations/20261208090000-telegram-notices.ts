import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 22. Messages the Telegram bot sends on its own: a follow-up request from the HQ's
// verification queue and a reminder before each turnout checkpoint. One row per observer and
// subject (the follow-up request, the checkpoint): the unique index makes queueing idempotent
// across runs and processes, so nobody is told twice. Claimed one at a time (SKIP LOCKED on PostgreSQL).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  await db.schema
    .createTable('telegram_notices')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** What the notice is about: `<report id>@<request time>` or `<election id>@<checkpoint>`. */
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('report_id', id, (c) => c.references('reports.id'))
    .addColumn('checkpoint', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('runner', 'text')
    .addColumn('claimed_at', ts)
    .addColumn('done_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('telegram_notices_kind_check', sql`kind in ('follow_up','turnout')`)
    .addCheckConstraint('telegram_notices_status_check', sql`status in ('queued','sending','sent','skipped','failed')`)
    .execute();
  await db.schema
    .createIndex('telegram_notices_once_idx')
    .unique()
    .on('telegram_notices')
    .columns(['user_id', 'kind', 'subject'])
    .execute();
  await db.schema
    .createIndex('telegram_notices_queue_idx')
    .on('telegram_notices')
    .columns(['status', 'created_at'])
    .execute();
}
