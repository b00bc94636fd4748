import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The observer school, continued (issue 20):
// - school_attempt_steps: each question answered one at a time during an attempt, fixed once its
//   explanation is shown (the final score takes these answers, so a revealed answer cannot change);
// - school_reminders: one row per signed-up person, class and kind of reminder (24 h, 2 h before),
//   unique, so a reminder is never queued twice; claimed by the job runners (SKIP LOCKED) and sent
//   by Telegram or SMS, or left 'to_call' for the coordinator.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;

  await db.schema
    .createTable('school_attempt_steps')
    .addColumn('attempt_id', id, (c) => c.notNull().references('school_attempts.id'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('option_ids', json, (c) => c.notNull())
    .addColumn('is_right', bool, (c) => c.notNull())
    .addColumn('answered_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('school_attempt_steps_pk', ['attempt_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('school_reminders')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('class_id', id, (c) => c.notNull().references('school_classes.id'))
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('runner', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_at', ts)
    .addColumn('done_at', ts)
    .addColumn('done_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('school_reminders_kind_check', sql`kind in ('24h','2h')`)
    .addCheckConstraint(
      'school_reminders_status_check',
      sql`status in ('queued','sending','sent','to_call','called','skipped')`,
    )
    .execute();
  await db.schema
    .createIndex('school_reminders_once_idx')
    .on('school_reminders')
    .columns(['class_id', 'applicant_id', 'kind'])
    .unique()
    .execute();
  await db.schema
    .createIndex('school_reminders_status_idx')
    .on('school_reminders')
    .columns(['status', 'created_at'])
    .execute();
}
