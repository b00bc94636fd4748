import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Alerts (issue 17): "no turnout report for a checkpoint" asked of 10,000 stations must not parse a
// JSON answer per report on every request. A trigger keeps, per turnout report, the checkpoint time
// of its latest revision, so the alerts read an index instead. No foreign key: deleting a report
// (the demo's removal) deletes its row by another trigger, and knows nothing of this table.
// A session index for "heard from since", which ranges over last_seen_at.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('alert_turnout_checkpoints')
    .addColumn('report_id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull())
    .addColumn('station_id', id, (c) => c.notNull())
    /** The latest revision's `checkpoint_time` (`HH:MM`), null when it has none. */
    .addColumn('checkpoint', 'text')
    .execute();
  await db.schema
    .createIndex('alert_turnout_checkpoints_idx')
    .on('alert_turnout_checkpoints')
    .columns(['election_id', 'checkpoint', 'station_id'])
    .execute();
  await db.schema.createIndex('sessions_last_seen_idx').on('sessions').columns(['last_seen_at', 'user_id']).execute();

  if (pg) {
    await sql`
      create function alert_turnout_checkpoint() returns trigger language plpgsql as $$
      begin
        insert into alert_turnout_checkpoints (report_id, election_id, station_id, checkpoint)
        select r.id, r.election_id, r.station_id, new.answers ->> 'checkpoint_time'
        from reports r where r.id = new.report_id and r.form_kind = 'turnout'
        on conflict (report_id) do update set checkpoint = excluded.checkpoint;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger report_revisions_turnout_checkpoint after insert on report_revisions
      for each row execute function alert_turnout_checkpoint()`.execute(db);
    await sql`
      create function alert_turnout_checkpoint_gone() returns trigger language plpgsql as $$
      begin
        delete from alert_turnout_checkpoints where report_id = old.id;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger reports_turnout_checkpoint_gone after delete on reports
      for each row execute function alert_turnout_checkpoint_gone()`.execute(db);
  } else {
    await sql`create trigger report_revisions_turnout_checkpoint after insert on report_revisions
      begin
        insert into alert_turnout_checkpoints (report_id, election_id, station_id, checkpoint)
        select r.id, r.election_id, r.station_id, json_extract(new.answers, '$.checkpoint_time')
        from reports r where r.id = new.report_id and r.form_kind = 'turnout'
        on conflict (report_id) do update set checkpoint = excluded.checkpoint;
      end`.execute(db);
    await sql`create trigger reports_turnout_checkpoint_gone after delete on reports
      begin
        delete from alert_turnout_checkpoints where report_id = old.id;
      end`.execute(db);
  }

  // Turnout reports already stored, as their latest revision has them.
  await sql`
    insert into alert_turnout_checkpoints (report_id, election_id, station_id, checkpoint)
    select r.id, r.election_id, r.station_id,
      ${pg ? sql`v.answers ->> 'checkpoint_time'` : sql`json_extract(v.answers, '$.checkpoint_time')`}
    from reports r join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
    where r.form_kind = 'turnout'`.execute(db);
}
