import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The observer school (issue 20): each scored answer of an attempt, one row per question, so the
// questions most often failed are counted in SQL on either dialect (not by reading attempts' JSON).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  await db.schema
    .createTable('school_attempt_answers')
    .addColumn('attempt_id', id, (c) => c.notNull().references('school_attempts.id'))
    .addColumn('quiz_id', id, (c) => c.notNull().references('school_quizzes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('is_right', bool, (c) => c.notNull())
    .addPrimaryKeyConstraint('school_attempt_answers_pk', ['attempt_id', 'question_id'])
    .execute();
  await db.schema
    .createIndex('school_attempt_answers_quiz_idx')
    .on('school_attempt_answers')
    .columns(['quiz_id', 'version', 'question_id'])
    .execute();
}
