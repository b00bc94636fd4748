import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The observer school (issue 20): courses of lessons, versioned quizzes and their attempts, classes
// with sign-ups and attendance, the volunteers' personal links, the certification rule per election
// and the certificates it issues. Texts are { ru, kk, en? } objects.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;

  await db.schema
    .createTable('school_courses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', json, (c) => c.notNull())
    .addColumn('requires_course_id', id, (c) => c.references('school_courses.id'))
    .addColumn('published', bool, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('school_courses_election_idx')
    .on('school_courses')
    .columns(['election_id', 'position'])
    .execute();

  await db.schema
    .createTable('school_lessons')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('course_id', id, (c) => c.notNull().references('school_courses.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', json, (c) => c.notNull())
    .addColumn('body', json, (c) => c.notNull())
    /** Raised by every save: an edit names the version it started from (two trainers are warned). */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', id, (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('school_lessons_course_idx')
    .on('school_lessons')
    .columns(['course_id', 'position'])
    .execute();

  await db.schema
    .createTable('school_quizzes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('course_id', id, (c) => c.notNull().references('school_courses.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('school_quizzes_course_idx')
    .on('school_quizzes')
    .columns(['course_id', 'position'])
    .execute();

  // A version with attempts is never rewritten: an edit then adds the next version.
  await db.schema
    .createTable('school_quiz_versions')
    .addColumn('quiz_id', id, (c) => c.notNull().references('school_quizzes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('school_quiz_versions_pk', ['quiz_id', 'version'])
    .execute();

  await db.schema
    .createTable('school_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('school_links_applicant_idx')
    .on('school_links')
    .columns(['applicant_id', 'election_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('school_attempts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('quiz_id', id, (c) => c.notNull().references('school_quizzes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('submitted_at', ts)
    .addColumn('answers', json)
    .addColumn('results', json)
    .addColumn('right_count', 'integer')
    .addColumn('total_count', 'integer')
    .addColumn('passed', bool)
    .execute();
  await db.schema
    .createIndex('school_attempts_applicant_idx')
    .on('school_attempts')
    .columns(['applicant_id', 'quiz_id'])
    .execute();
  await db.schema
    .createIndex('school_attempts_quiz_idx')
    .on('school_attempts')
    .columns(['quiz_id', 'version'])
    .execute();

  await db.schema
    .createTable('school_lesson_progress')
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('lesson_id', id, (c) => c.notNull().references('school_lessons.id'))
    .addColumn('completed_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('school_lesson_progress_pk', ['applicant_id', 'lesson_id'])
    .execute();

  await db.schema
    .createTable('school_classes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('title', json, (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('link', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('area_id', id, (c) => c.references('areas.id'))
    .addColumn('trainer_id', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('school_classes_mode_check', sql`mode in ('in_person','online')`)
    .execute();
  await db.schema
    .createIndex('school_classes_election_idx')
    .on('school_classes')
    .columns(['election_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('school_signups')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('class_id', id, (c) => c.notNull().references('school_classes.id'))
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attended_at', ts)
    .addColumn('reminded_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addCheckConstraint('school_signups_state_check', sql`state in ('signed_up','waitlisted','cancelled')`)
    .execute();
  await db.schema
    .createIndex('school_signups_once_idx')
    .on('school_signups')
    .columns(['class_id', 'applicant_id'])
    .unique()
    .execute();
  await db.schema.createIndex('school_signups_applicant_idx').on('school_signups').column('applicant_id').execute();

  await db.schema
    .createTable('school_rules')
    .addColumn('election_id', id, (c) => c.primaryKey().references('elections.id'))
    .addColumn('rule', json, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('school_certificates')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('reason', json, (c) => c.notNull())
    .addColumn('issued_at', ts, (c) => c.notNull())
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema
    .createIndex('school_certificates_applicant_idx')
    .on('school_certificates')
    .columns(['applicant_id', 'election_id'])
    .unique()
    .execute();
}
