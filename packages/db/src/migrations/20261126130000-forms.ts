import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Forms of an election and their versions (issue 4). A published version is frozen: reports refer
// to it, so triggers refuse to change or delete it on both dialects.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  const falseValue = pg ? sql`false` : sql`0`;

  await db.schema
    .createTable('forms')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', json, (c) => c.notNull())
    .addColumn('is_standard', bool, (c) => c.notNull().defaultTo(falseValue))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('forms_election_code_key', ['election_id', 'code'])
    .execute();

  await db.schema
    .createTable('form_versions')
    .addColumn('form_id', id, (c) => c.notNull().references('forms.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('definition', json, (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('published_at', ts)
    .addPrimaryKeyConstraint('form_versions_pkey', ['form_id', 'version'])
    .addCheckConstraint('form_versions_status_check', sql`status in ('draft','published')`)
    .execute();

  if (pg) {
    await sql`
      create function form_version_is_frozen() returns trigger language plpgsql as $$
      begin
        raise exception 'a published form version cannot be changed';
      end $$`.execute(db);
    await sql`
      create trigger form_versions_frozen before update or delete on form_versions
      for each row when (old.status = 'published') execute function form_version_is_frozen()`.execute(db);
  } else {
    await sql`
      create trigger form_versions_frozen_update before update on form_versions
      when old.status = 'published'
      begin select raise(abort, 'a published form version cannot be changed'); end`.execute(db);
    await sql`
      create trigger form_versions_frozen_delete before delete on form_versions
      when old.status = 'published'
      begin select raise(abort, 'a published form version cannot be changed'); end`.execute(db);
  }
}
