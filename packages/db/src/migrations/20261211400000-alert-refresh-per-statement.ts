import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (a Kazakhstan-sized voting day on PostgreSQL): the alerts' kept counts of
// 20261208010000-alert-counts re-derived a station's marks once per row — every new kind of report
// at a station and every turnout report — each time a plan of nine branches for one station. In a
// kz run's 10:00 window that took ~2.5-3 ms of PostgreSQL per report inside the report writer's
// transaction, which holds the hash chain's head: every server process waited for it, and the
// day's bursts queued (~160 reports/s absorbed of the 328 offered). Same tables, same contents
// (dashboard-counts.test.ts), less work:
// - a turnout report whose checkpoint time the station already has (its second observer, a
//   resend under a new id) cannot change the station's marks: no refresh (both dialects);
// - PostgreSQL: the refresh runs once per statement for all the stations it touched, from the
//   transition table (the report writer inserts a group of reports per statement), one set-based
//   derive instead of one per station; the turnout checkpoints are kept per statement too.
// The derive itself is taken from the function the alert-counts migration made (rewritten from one
// station to an array of them), so the rule stays written once.
// Frozen once landed: change the schema with a new migration, never by editing this one.

const WATCHED_MARKS = `('a:readiness', 'a:opening', 'a:voting_day', 'a:counting', 'r:readiness', 'r:opening',
  'r:voting', 'r:turnout', 'r:closing', 'r:protocol')`;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const run = (text: string) => sql.raw(text).execute(db);
  if (!pg) {
    // SQLite has no statement-level triggers; it skips the refreshes that cannot change anything.
    const body = (
      (
        await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger'
          and name = 'alert_checkpoints_insert'`.execute(db)
      ).rows[0]?.sql ?? ''
    ).replace(/^[\s\S]*?\bbegin\b/i, '');
    if (!body.trim()) throw new Error('alert_checkpoints_insert not found');
    await run('drop trigger alert_checkpoints_insert');
    await run(`create trigger alert_checkpoints_insert after insert on alert_turnout_checkpoints
      when new.checkpoint is null or not exists (select 1 from alert_turnout_checkpoints t
        where t.station_id = new.station_id and t.checkpoint = new.checkpoint and t.report_id <> new.report_id)
      begin${body}`);
    return;
  }

  // The one-station function's derive, for an array of stations.
  const source =
    (
      await sql<{ src: string }>`select p.prosrc as src from pg_proc p
        where p.proname = 'alert_station_refresh' and p.pronamespace = current_schema()::regnamespace`.execute(db)
    ).rows[0]?.src ?? '';
  const start = source.indexOf('insert into station_alerts');
  const end = source.indexOf(';', start);
  if (start < 0 || end < 0) throw new Error('alert_station_refresh: its derive was not found');
  const deriveOne = source.slice(start, end);
  const deriveMany = deriveOne.replaceAll('(st.id = s)', '(st.id = any(ids))');
  if (deriveMany === deriveOne || /\bst\.id = s\b/.test(deriveMany)) {
    throw new Error('alert_station_refresh: its derive does not have the expected station condition');
  }

  await run(`create function alert_stations_refresh(ids uuid[]) returns void language plpgsql as $$
    begin
    if coalesce(cardinality(ids), 0) = 0 then return; end if;
    -- One station (a row-by-row writer: assignments, an edit): the one-station function, whose
    -- plan knows it is one station; its set-based plan walks the area's counts once per call.
    if cardinality(ids) = 1 then perform alert_station_refresh(ids[1]); return; end if;
    update area_alerts a set stations = a.stations - x.n
      from (select election_id, mark, schedule, area_id, count(*) as n from station_alerts
        where station_id = any(ids) group by election_id, mark, schedule, area_id) x
      where a.election_id = x.election_id and a.mark = x.mark and a.schedule = x.schedule and a.area_id = x.area_id;
    delete from station_alerts where station_id = any(ids);
    ${deriveMany};
    insert into area_alerts (election_id, mark, schedule, area_id, stations)
      select x.election_id, x.mark, x.schedule, x.area_id, count(*) from station_alerts x where x.station_id = any(ids)
      group by x.election_id, x.mark, x.schedule, x.area_id
      on conflict (election_id, mark, schedule, area_id) do update set stations = area_alerts.stations + excluded.stations;
    end $$`);

  // New marks: once per statement (a group of reports inserts its new marks in one).
  await run('drop trigger station_marks_alerts_insert on station_marks');
  await run(`create function alert_marks_inserted() returns trigger language plpgsql as $$
    begin
    perform alert_stations_refresh(array(select distinct a.station_id from added a where a.mark in ${WATCHED_MARKS}));
    return null;
    end $$`);
  await run(`create trigger station_marks_alerts_insert after insert on station_marks
    referencing new table as added for each statement execute function alert_marks_inserted()`);

  // Turnout checkpoints: kept per statement of revisions (the latest revision of each report in it).
  await run('drop trigger report_revisions_turnout_checkpoint on report_revisions');
  await run(`create function alert_turnout_checkpoints_inserted() returns trigger language plpgsql as $$
    begin
    insert into alert_turnout_checkpoints (report_id, election_id, station_id, checkpoint)
      select distinct on (v.report_id) r.id, r.election_id, r.station_id, v.answers ->> 'checkpoint_time'
      from added v join reports r on r.id = v.report_id
      where r.form_kind = 'turnout'
      order by v.report_id, v.revision desc
      on conflict (report_id) do update set checkpoint = excluded.checkpoint;
    return null;
    end $$`);
  await run(`create trigger report_revisions_turnout_checkpoint after insert on report_revisions
    referencing new table as added for each statement execute function alert_turnout_checkpoints_inserted()`);
  await run('drop function alert_turnout_checkpoint()');

  // A new checkpoint row refreshes its station, unless the station already had that time from
  // another report (outside this statement: two rows of one statement do not excuse each other).
  await run('drop trigger alert_checkpoints_insert on alert_turnout_checkpoints');
  await run(`create function alert_checkpoints_inserted() returns trigger language plpgsql as $$
    begin
    perform alert_stations_refresh(array(select distinct a.station_id from added a
      where a.checkpoint is null or not exists (select 1 from alert_turnout_checkpoints t
        where t.station_id = a.station_id and t.checkpoint = a.checkpoint
          and not exists (select 1 from added b where b.report_id = t.report_id))));
    return null;
    end $$`);
  await run(`create trigger alert_checkpoints_insert after insert on alert_turnout_checkpoints
    referencing new table as added for each statement execute function alert_checkpoints_inserted()`);
}
