import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (ingest at 40% / 30% of a bare echo's rate): the kept counts of 20261207010000-dashboard-counts
// and 20261208010000-alert-counts took ~45% of the SQLite writer's CPU. Same tables, same contents
// (packages/db/src/dashboard-counts.test.ts), less work per report:
// - a new report has no flag codes yet: no delete of them, and the insert of codes only when it
//   has flags (SQLite: a trigger of its own with a WHEN clause);
// - a later report of an observer (the ingest case) moves their "last heard from" forward by
//   itself: observer_watch is set to the new time when it is later, instead of recomputing the
//   latest report and the latest session request; any other change of observer_heard recomputes;
// - a report's update refreshes the dashboard only when a column the counts read changed (a
//   readiness report's flags-only change no longer recomputes the station's readiness);
// - PostgreSQL: reports and report revisions written many per statement (ingest's group commit)
//   update the counts once per statement, from the transition table, grouped (one upsert per
//   station and mark, per area and quarter hour, per observer), instead of once per row.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const run = (text: string) => sql.raw(text).execute(db);
  const body = (statements: string[]) => statements.map((s) => `${s};`).join('\n');
  const changed = (col: string) => (pg ? `old.${col} is distinct from new.${col}` : `old.${col} is not new.${col}`);
  const moved = ['election_id', 'station_id', 'form_kind', 'observer_id', 'created_at'].map(changed).join(' or ');
  // What the counts read of a report: where it belongs, its flags, its time, its latest revision.
  const counted = [moved, ...['id', 'flags', 'updated_at', 'latest_revision'].map(changed)].join(' or ');
  // An observer's latest report moved forward in the same election: heard_at is the later of the two.
  const later = `old.election_id = new.election_id and old.observer_id = new.observer_id and new.last_report_at >= old.last_report_at`;
  const heardLater = `update observer_watch set heard_at = new.last_report_at
    where election_id = new.election_id and observer_id = new.observer_id
      and (heard_at is null or heard_at < new.last_report_at)`;

  if (pg) {
    const bucketOf = (t: string) => `date_bin('15 minutes', ${t}, timestamptz '2000-01-01 00:00:00+00')`;
    const statementFn = (name: string, statements: string[]) =>
      run(`create function ${name}() returns trigger language plpgsql as $$
        begin
        ${body(statements)}
        return null;
        end $$`);

    // Reports: once per statement, grouped. Station marks before the statement decide which
    // stations newly have a kind of report (their area's count goes up once per station).
    await run('drop trigger reports_dashboard_insert on reports');
    await statementFn('dashboard_reports_inserted', [
      `insert into area_marks (election_id, area_id, mark, stations)
        select i.election_id, st.area_id, 'r:' || i.form_kind, count(distinct i.station_id)
        from inserted i join stations st on st.id = i.station_id
        where not exists (select 1 from station_marks x where x.election_id = i.election_id
          and x.mark = 'r:' || i.form_kind and x.station_id = i.station_id)
        group by i.election_id, st.area_id, i.form_kind
        on conflict (election_id, area_id, mark) do update set stations = area_marks.stations + excluded.stations`,
      `insert into station_marks (election_id, mark, station_id, n)
        select i.election_id, 'r:' || i.form_kind, i.station_id, count(*) from inserted i
        group by i.election_id, i.form_kind, i.station_id
        on conflict (election_id, mark, station_id) do update set n = station_marks.n + excluded.n`,
      `insert into report_buckets (election_id, area_id, bucket, n)
        select i.election_id, st.area_id, ${bucketOf('i.created_at')}, count(*)
        from inserted i join stations st on st.id = i.station_id
        group by i.election_id, st.area_id, ${bucketOf('i.created_at')}
        on conflict (election_id, bucket, area_id) do update set n = report_buckets.n + excluded.n`,
      `insert into report_flag_codes (election_id, code, report_id)
        select distinct i.election_id, f ->> 'code', i.id from inserted i cross join jsonb_array_elements(i.flags) f
        where i.flags <> '[]'::jsonb and f ->> 'code' is not null
        on conflict do nothing`,
      `insert into observer_heard (election_id, observer_id, last_report_at)
        select i.election_id, i.observer_id, max(i.updated_at) from inserted i group by i.election_id, i.observer_id
        on conflict (election_id, observer_id) do update set last_report_at = excluded.last_report_at
        where excluded.last_report_at > observer_heard.last_report_at`,
      `perform dashboard_readiness_refresh(x.election_id, x.station_id)
        from (select distinct i.election_id, i.station_id from inserted i where i.form_kind = 'readiness') x`,
    ]);
    await run(`create trigger reports_dashboard_insert after insert on reports
      referencing new table as inserted for each statement execute function dashboard_reports_inserted()`);
    await run('drop function dashboard_report_insert()');

    await run('drop trigger report_revisions_dashboard on report_revisions');
    await statementFn('dashboard_revisions_inserted', [
      `perform dashboard_readiness_refresh(x.election_id, x.station_id)
        from (select distinct r.election_id, r.station_id from inserted v join reports r on r.id = v.report_id
          where r.form_kind = 'readiness') x`,
    ]);
    await run(`create trigger report_revisions_dashboard after insert on report_revisions
      referencing new table as inserted for each statement execute function dashboard_revisions_inserted()`);
    await run('drop function dashboard_revision_insert()');

    // A report's update: the function only when a counted column changed.
    await run('drop trigger reports_dashboard_update on reports');
    await run(`create trigger reports_dashboard_update after update on reports for each row
      when (${counted}) execute function dashboard_report_update()`);

    // Last heard from: moving forward is a comparison; anything else recomputes as before.
    await run('drop trigger observer_heard_watch on observer_heard');
    await run(`create function watch_heard_later() returns trigger language plpgsql as $$
      begin
      ${heardLater};
      return null;
      end $$`);
    await run(`create trigger observer_heard_watch_later after update on observer_heard for each row
      when (${later}) execute function watch_heard_later()`);
    await run(`create trigger observer_heard_watch_update after update on observer_heard for each row
      when (not (${later})) execute function watch_heard_change()`);
    await run(`create trigger observer_heard_watch after insert or delete on observer_heard for each row
      execute function watch_heard_change()`);
  } else {
    const trigger = (name: string, when: string, statements: string[]) =>
      run(`create trigger ${name} ${when} begin\n${body(statements)}\nend`);
    const bucketOf = (t: string) =>
      `(substr(${t}, 1, 14) || printf('%02d', (cast(substr(${t}, 15, 2) as integer) / 15) * 15) || ':00.000Z')`;

    await run('drop trigger reports_dashboard_insert');
    await trigger('reports_dashboard_insert', 'after insert on reports', [
      `insert into area_marks (election_id, area_id, mark, stations)
        select new.election_id, x_st.area_id, 'r:' || new.form_kind, 1 from stations x_st where x_st.id = new.station_id
          and not exists (select 1 from station_marks x where x.election_id = new.election_id
            and x.mark = 'r:' || new.form_kind and x.station_id = new.station_id)
        on conflict (election_id, area_id, mark) do update set stations = area_marks.stations + 1`,
      `insert into station_marks (election_id, mark, station_id, n)
        select new.election_id, 'r:' || new.form_kind, new.station_id, 1 where 1 = 1
        on conflict (election_id, mark, station_id) do update set n = station_marks.n + 1`,
      `insert into report_buckets (election_id, area_id, bucket, n)
        select new.election_id, x_st.area_id, ${bucketOf('new.created_at')}, 1 from stations x_st where x_st.id = new.station_id
        on conflict (election_id, bucket, area_id) do update set n = report_buckets.n + 1`,
      `insert into observer_heard (election_id, observer_id, last_report_at)
        select new.election_id, new.observer_id, new.updated_at where 1 = 1
        on conflict (election_id, observer_id) do update set last_report_at = excluded.last_report_at
        where excluded.last_report_at > observer_heard.last_report_at`,
    ]);
    await trigger('reports_dashboard_insert_flags', `after insert on reports when new.flags <> '[]'`, [
      `insert or ignore into report_flag_codes (election_id, code, report_id)
        select distinct new.election_id, json_extract(f.value, '$.code'), new.id from json_each(new.flags) f
        where json_extract(f.value, '$.code') is not null`,
    ]);

    // A readiness report's update recomputes the station's readiness only when a counted column changed.
    const readiness = (
      (
        await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger'
        and name = 'reports_dashboard_update_readiness'`.execute(db)
      ).rows[0]?.sql ?? ''
    ).replace(/^[\s\S]*?\bbegin\b/i, '');
    if (!readiness.trim()) throw new Error('reports_dashboard_update_readiness not found');
    await run('drop trigger reports_dashboard_update_readiness');
    await run(`create trigger reports_dashboard_update_readiness after update on reports
      when old.form_kind = 'readiness' and (${counted}) begin${readiness}`);

    await run('drop trigger observer_heard_watch_update');
    await trigger('observer_heard_watch_later', `after update on observer_heard when ${later}`, [heardLater]);
    const lastReport = `(select h.last_report_at from observer_heard h where h.election_id = observer_watch.election_id
      and h.observer_id = observer_watch.observer_id)`;
    const lastSeen = '(select max(se.last_seen_at) from sessions se where se.user_id = observer_watch.observer_id)';
    await trigger('observer_heard_watch_update', `after update on observer_heard when not (${later})`, [
      `update observer_watch set heard_at = max(coalesce(${lastReport}, ${lastSeen}), coalesce(${lastSeen}, ${lastReport}))
        where election_id = new.election_id and observer_id = new.observer_id`,
    ]);
  }
}
