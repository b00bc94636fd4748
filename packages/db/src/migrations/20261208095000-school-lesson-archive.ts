import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 20. A lesson that volunteers have already finished is archived rather than deleted when a
// trainer removes it: hidden from learners and from the course folder, while their progress (and the
// certificates resting on it) keeps pointing at it. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('school_lessons')
    .addColumn('archived_at', pg ? sql`timestamptz` : sql`text`)
    .execute();
}
