import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The living demo (issue 17): accounts the demo made are marked, so `pollwatch demo remove` deletes
// exactly them; and a published form version may be deleted when, and only when, its election is
// a demo election (removing the demo). Published versions of every other election stay frozen.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bool = pg ? sql`boolean` : sql`integer`;
  const falseValue = pg ? sql`false` : sql`0`;

  await db.schema
    .alterTable('users')
    .addColumn('is_demo', bool, (c) => c.notNull().defaultTo(falseValue))
    .execute();

  if (pg) {
    await sql`drop trigger form_versions_frozen on form_versions`.execute(db);
    await sql`
      create trigger form_versions_frozen before update on form_versions
      for each row when (old.status = 'published') execute function form_version_is_frozen()`.execute(db);
    await sql`
      create function form_version_delete_guard() returns trigger language plpgsql as $$
      begin
        if old.status = 'published' and not exists (
          select 1 from forms f join elections e on e.id = f.election_id
          where f.id = old.form_id and e.is_demo
        ) then
          raise exception 'a published form version cannot be changed';
        end if;
        return old;
      end $$`.execute(db);
    await sql`
      create trigger form_versions_frozen_delete before delete on form_versions
      for each row execute function form_version_delete_guard()`.execute(db);
  } else {
    await sql`drop trigger form_versions_frozen_delete`.execute(db);
    await sql`
      create trigger form_versions_frozen_delete before delete on form_versions
      when old.status = 'published' and not exists (
        select 1 from forms f join elections e on e.id = f.election_id
        where f.id = old.form_id and e.is_demo = 1
      )
      begin select raise(abort, 'a published form version cannot be changed'); end`.execute(db);
  }
}
