import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (the kz protocol window on PostgreSQL): "last heard from" (observer_watch.heard_at, the
// later of the observer's latest report and latest session request) was still recomputed from
// scratch, one row at a time, on the two changes every returning observer makes:
// - a session rolled forward (`extendMany`, one UPDATE for a second's sessions) ran
//   watch_session_change per session, which recomputed every watch row of the user twice (for
//   OLD and for NEW, the same user), each time with a max() over the user's sessions and a
//   look-up of the latest report: 2.0 s of the backends' ~70 s in the window;
// - an observer's first report of an election (a new observer_heard row, inserted by the kept
//   counts' statement) ran watch_heard_change per row, the same recount: 2.0 s.
// Both only move a time forward. Because heard_at always equals that later-of-two, a session whose
// last_seen_at moves forward (same user), or a first report, makes it greatest(heard_at, the new
// time): one set-based UPDATE per statement from the transition table, writing only the rows it
// moves (as watch_heard_later_rows already does for observer_heard's updates). The rare changes
// (a session moved to another user, a time moved back, deletes, sign-ins) keep the row trigger's
// full recount. Same heard_at as the recount: heard-from.test.ts. Lock order: as before, the
// observer_watch rows are updated only after `lockWatched` / `extendMany` took them in (election,
// observer) order. SQLite (row triggers, one writer) is unchanged.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const run = (text: string) => sql.raw(text).execute(db);

  // Sessions: a request's time moving forward on the same user, per statement.
  await run(`create function watch_sessions_later_rows() returns trigger language plpgsql as $$
    begin
    update observer_watch w set heard_at = s.last_seen_at
      from (select n.user_id, max(n.last_seen_at) as last_seen_at from seen n group by n.user_id) s
      where w.observer_id = s.user_id and (w.heard_at is null or w.heard_at < s.last_seen_at);
    return null;
    end $$`);
  await run('drop trigger sessions_watch_update on sessions');
  // Every updated row is in the statement's set (a moved-back or moved-over row too: its user has
  // a session seen at that time, so greatest() still holds after the row trigger's recount).
  await run(`create trigger sessions_watch_later after update on sessions
    referencing new table as seen for each statement execute function watch_sessions_later_rows()`);
  await run(`create trigger sessions_watch_update after update on sessions for each row
    when (old.user_id is distinct from new.user_id or new.last_seen_at < old.last_seen_at)
    execute function watch_session_change()`);

  // observer_heard: a new row (an observer's first report of the election) only moves heard_at
  // forward, like an update that moves last_report_at forward; deletes keep the recount.
  await run('drop trigger observer_heard_watch on observer_heard');
  await run(`create trigger observer_heard_watch_inserted after insert on observer_heard
    referencing new table as heard for each statement execute function watch_heard_later_rows()`);
  await run(`create trigger observer_heard_watch after delete on observer_heard for each row
    execute function watch_heard_change()`);
}
