import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The verification queue (issue 17): one row per report with a flag or an incident, kept by
// triggers on reports and report revisions, so ingest needs no change and the queue's counts are
// indexed reads. Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;

  await db.schema
    .createTable('report_verifications')
    .addColumn('report_id', id, (c) => c.primaryKey().references('reports.id'))
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('station_id', id, (c) => c.notNull().references('stations.id'))
    .addColumn('form_kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    /** 1 when the observer sent a new revision after a follow-up request. */
    .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
    /** The severity the observer gave an incident (the flags' severities are core's rule). */
    .addColumn('incident_severity', 'text')
    .addColumn('claimed_by', id, (c) => c.references('users.id'))
    .addColumn('claimed_until', ts)
    .addColumn('decided_by', id, (c) => c.references('users.id'))
    .addColumn('decided_at', ts)
    .addColumn('comment', 'text')
    /** When the report last changed (its updated_at): the queue's order, newest first. */
    .addColumn('changed_at', ts, (c) => c.notNull())
    .addCheckConstraint(
      'report_verifications_status_check',
      sql`status in ('pending','verified','rejected','follow_up')`,
    )
    .execute();
  await db.schema
    .createIndex('report_verifications_queue_idx')
    .on('report_verifications')
    .columns(['election_id', 'status', 'changed_at', 'report_id'])
    .execute();
  await db.schema
    .createIndex('report_verifications_election_idx')
    .on('report_verifications')
    .columns(['election_id', 'changed_at', 'report_id'])
    .execute();

  // A new revision brings a report back to pending when the observer answered a follow-up, and when
  // it changes a report the HQ had verified (the verification was of other figures). A rejected
  // copy stays rejected: it never counts until someone looks again.
  if (pg) {
    await sql`
      create function report_verifications_queue() returns trigger language plpgsql as $$
      begin
        if new.flags <> '[]'::jsonb or new.form_kind = 'incident' then
          insert into report_verifications (report_id, election_id, station_id, form_kind, changed_at)
          values (new.id, new.election_id, new.station_id, new.form_kind, new.updated_at)
          on conflict (report_id) do nothing;
        end if;
        if tg_op = 'UPDATE' then
          update report_verifications set
            changed_at = new.updated_at,
            answered = case when status = 'follow_up' and new.latest_revision > old.latest_revision then 1 else answered end,
            status = case when status in ('follow_up', 'verified') and new.latest_revision > old.latest_revision then 'pending' else status end
          where report_id = new.id;
        end if;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger reports_verification_queue after insert or update on reports
      for each row execute function report_verifications_queue()`.execute(db);
    await sql`
      create function report_verifications_severity() returns trigger language plpgsql as $$
      begin
        update report_verifications set incident_severity = new.answers ->> 'severity'
        where report_id = new.report_id and form_kind = 'incident';
        return null;
      end $$`.execute(db);
    await sql`
      create trigger report_revisions_verification_severity after insert on report_revisions
      for each row execute function report_verifications_severity()`.execute(db);
  } else {
    const queued = sql`new.flags <> '[]' or new.form_kind = 'incident'`;
    const insert = sql`insert or ignore into report_verifications (report_id, election_id, station_id, form_kind, changed_at)
        values (new.id, new.election_id, new.station_id, new.form_kind, new.updated_at)`;
    await sql`create trigger reports_verification_insert after insert on reports when ${queued}
      begin ${insert}; end`.execute(db);
    await sql`create trigger reports_verification_update after update on reports
      begin
        insert or ignore into report_verifications (report_id, election_id, station_id, form_kind, changed_at)
        select new.id, new.election_id, new.station_id, new.form_kind, new.updated_at
        where new.flags <> '[]' or new.form_kind = 'incident';
        update report_verifications set
          changed_at = new.updated_at,
          answered = case when status = 'follow_up' and new.latest_revision > old.latest_revision then 1 else answered end,
          status = case when status in ('follow_up', 'verified') and new.latest_revision > old.latest_revision then 'pending' else status end
        where report_id = new.id;
      end`.execute(db);
    await sql`create trigger report_revisions_verification_severity after insert on report_revisions
      begin
        update report_verifications set incident_severity = json_extract(new.answers, '$.severity')
        where report_id = new.report_id and form_kind = 'incident';
      end`.execute(db);
  }

  // Reports already stored join the queue as they are.
  await sql`
    insert into report_verifications (report_id, election_id, station_id, form_kind, changed_at)
    select id, election_id, station_id, form_kind, updated_at from reports
    where ${pg ? sql`flags <> '[]'::jsonb` : sql`flags <> '[]'`} or form_kind = 'incident'`.execute(db);
  await sql`
    update report_verifications set incident_severity = (
      select ${pg ? sql`v.answers ->> 'severity'` : sql`json_extract(v.answers, '$.severity')`}
      from reports r join report_revisions v on v.report_id = r.id and v.revision = r.latest_revision
      where r.id = report_verifications.report_id)
    where form_kind = 'incident'`.execute(db);
}
