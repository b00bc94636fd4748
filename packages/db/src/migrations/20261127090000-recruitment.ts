import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Recruitment (issue 6): applicants and their history, sign-up throttling, referral letters with
// verification codes, and the area a staff account works in (a regional coordinator's scope).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .alterTable('users')
    .addColumn('area_id', id, (c) => c.references('areas.id'))
    .execute();

  await db.schema
    .createTable('applicants')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.references('elections.id'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    /** E.164; `anon:<id>` once anonymised. */
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('iin', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('area_id', id, (c) => c.references('areas.id'))
    /** Comma-delimited with leading and trailing commas (`,kk,ru,`): one LIKE filters on either dialect. */
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('availability', 'text', (c) => c.notNull())
    .addColumn('experience', 'text')
    .addColumn('referral_source', 'text')
    .addColumn('consent_version', 'text')
    .addColumn('consented_at', ts)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('id_document', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.references('users.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('merged_into', id, (c) => c.references('applicants.id'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('anonymised_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint(
      'applicants_status_check',
      sql`status in ('applied','contacted','in_training','certified','accredited','active','withdrawn','rejected')`,
    )
    .execute();
  await db.schema.createIndex('applicants_phone_idx').on('applicants').column('phone').execute();
  await db.schema.createIndex('applicants_iin_idx').on('applicants').column('iin').execute();
  await db.schema.createIndex('applicants_area_idx').on('applicants').columns(['area_id', 'status']).execute();
  await db.schema.createIndex('applicants_created_idx').on('applicants').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('applicants_user_idx').on('applicants').column('user_id').execute();

  await db.schema
    .createTable('applicant_events')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', id, (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('text', 'text')
    .execute();
  await db.schema
    .createIndex('applicant_events_applicant_idx')
    .on('applicant_events')
    .columns(['applicant_id', 'at'])
    .execute();

  // Every sign-up attempt that passed the schema, by hashed IP and hashed phone, for the flood limits.
  await db.schema
    .createTable('join_attempts')
    .addColumn('id', pg ? sql`bigint generated always as identity` : sql`integer`, (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('join_attempts_key_idx')
    .on('join_attempts')
    .columns(['scope', 'key_hash', 'at'])
    .execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('applicant_id', id, (c) => c.notNull().references('applicants.id'))
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('issued_by', id, (c) => c.references('users.id'))
    .addColumn('issued_at', ts, (c) => c.notNull())
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('referrals_applicant_idx').on('referrals').column('applicant_id').execute();
}
