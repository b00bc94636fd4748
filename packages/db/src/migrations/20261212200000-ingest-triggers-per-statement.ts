import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (PostgreSQL's cost per field report): the report writer inserts a group of reports and
// their revisions per statement, but several of the kept counts still ran once per row, and two
// statement-level ones found their reports through a plan fixed when the table was small.
// Measured with the writer alone (groups of 22, per-function times from track_functions):
// - report_revisions' three triggers each looked the revision's report up again: the readiness
//   refresh and the turnout checkpoints joined `reports` by hash, a plan made once per connection
//   (PL/pgSQL keeps it until the table is analyzed), so a sequential scan of every report of the
//   day for each group — 20-25 µs per report at 11,000 reports and growing with the day; the
//   incident severity was one UPDATE per revision. Now one statement-level trigger looks each
//   report up once, by its key (`reports_of`, whose plan can only be an index scan), and does
//   the three jobs only for the reports of their kinds, skipping severities already right.
// - observer_heard → observer_watch ("last heard from") was one UPDATE per observer of the group
//   (16 µs per report): now one set-based UPDATE per statement from the transition table. The
//   per-row trigger for the rare rows whose key changes or whose time goes back stays as it was.
// - reports → verification queue: a PL/pgSQL call per new report to find the few that are queued
//   (flagged, or incidents): now one INSERT … SELECT per statement; updates keep their per-row
//   trigger (a correction reopens its own queue row).
// Same tables, same contents (verification-totals.test.ts, dashboard-counts.test.ts,
// ingest-triggers.test.ts compare with a full recount). SQLite (row triggers only) is unchanged.
// Lock order: observer_watch rows are still only updated in the report writer's transaction after
// `lockWatched` took them in (election, observer) order (report-writer-deadlock.test.ts).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const run = (text: string) => sql.raw(text).execute(db);

  // Reports by id, always through the primary key: the caller's plan is kept for the connection's
  // life, and a plan chosen while `reports` was small would scan it all once it is not.
  await run(`create function reports_of(ids uuid[])
    returns table (id uuid, election_id uuid, station_id uuid, form_kind text)
    language plpgsql stable set enable_seqscan = off set enable_bitmapscan = off as $$
    begin
    return query select r.id, r.election_id, r.station_id, r.form_kind from reports r where r.id = any(ids);
    end $$`);

  // report_revisions: readiness refresh, turnout checkpoints and incident severity in one trigger.
  await run('drop trigger report_revisions_dashboard on report_revisions');
  await run('drop trigger report_revisions_turnout_checkpoint on report_revisions');
  await run('drop trigger report_revisions_verification_severity on report_revisions');
  await run(`create function report_revisions_kept() returns trigger language plpgsql as $$
    declare
      turnout uuid[]; turnout_elections uuid[]; turnout_stations uuid[];
      readiness_elections uuid[]; readiness_stations uuid[];
      incidents uuid[];
    begin
    select array_agg(k.id) filter (where k.form_kind = 'turnout'),
        array_agg(k.election_id) filter (where k.form_kind = 'turnout'),
        array_agg(k.station_id) filter (where k.form_kind = 'turnout'),
        array_agg(k.election_id) filter (where k.form_kind = 'readiness'),
        array_agg(k.station_id) filter (where k.form_kind = 'readiness'),
        array_agg(k.id) filter (where k.form_kind = 'incident')
      into turnout, turnout_elections, turnout_stations, readiness_elections, readiness_stations, incidents
      from reports_of(array(select distinct a.report_id from added a)) k
      where k.form_kind in ('turnout', 'readiness', 'incident');
    if readiness_stations is not null then
      perform dashboard_readiness_refresh(x.e, x.s)
        from (select distinct u.e, u.s from unnest(readiness_elections, readiness_stations) u(e, s)) x;
    end if;
    if turnout is not null then
      insert into alert_turnout_checkpoints (report_id, election_id, station_id, checkpoint)
        select distinct on (a.report_id) a.report_id, t.e, t.s, a.answers ->> 'checkpoint_time'
        from added a join unnest(turnout, turnout_elections, turnout_stations) t(id, e, s) on t.id = a.report_id
        order by a.report_id, a.revision desc
        on conflict (report_id) do update set checkpoint = excluded.checkpoint
        where alert_turnout_checkpoints.checkpoint is distinct from excluded.checkpoint;
    end if;
    if incidents is not null then
      update report_verifications v set incident_severity = s.severity
        from (select distinct on (a.report_id) a.report_id, a.answers ->> 'severity' as severity
          from added a where a.report_id = any(incidents) order by a.report_id, a.revision desc) s
        where v.report_id = any(incidents) and v.report_id = s.report_id and v.form_kind = 'incident'
          and v.incident_severity is distinct from s.severity;
    end if;
    return null;
    end $$`);
  await run(`create trigger report_revisions_dashboard after insert on report_revisions
    referencing new table as added for each statement execute function report_revisions_kept()`);

  // observer_heard → observer_watch, a later time for the same observer: once per statement.
  await run('drop trigger observer_heard_watch_later on observer_heard');
  await run(`create function watch_heard_later_rows() returns trigger language plpgsql as $$
    begin
    update observer_watch w set heard_at = h.last_report_at
      from heard h
      where w.election_id = h.election_id and w.observer_id = h.observer_id
        and (w.heard_at is null or w.heard_at < h.last_report_at);
    return null;
    end $$`);
  await run(`create trigger observer_heard_watch_later after update on observer_heard
    referencing new table as heard for each statement execute function watch_heard_later_rows()`);

  // reports → verification queue: new reports once per statement; updates per row as before.
  await run('drop trigger reports_verification_queue on reports');
  await run(`create function report_verifications_queue_rows() returns trigger language plpgsql as $$
    begin
    insert into report_verifications (report_id, election_id, station_id, form_kind, changed_at)
      select i.id, i.election_id, i.station_id, i.form_kind, i.updated_at from inserted i
      where i.flags <> '[]'::jsonb or i.form_kind = 'incident'
      on conflict (report_id) do nothing;
    return null;
    end $$`);
  await run(`create trigger reports_verification_queue after insert on reports
    referencing new table as inserted for each statement execute function report_verifications_queue_rows()`);
  await run(`create trigger reports_verification_update after update on reports
    for each row execute function report_verifications_queue()`);
}
