import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (the kz protocol window on PostgreSQL): every station's first protocol adds its
// 'r:protocol' mark, and each refreshed the station's alerts from scratch: 11-18 s of the backends'
// 53-70 s of CPU in the window (track_functions), inside the transaction that holds the chain's head.
// A report mark ('r:…') only ever appears negated in the alerts' rules (a shift assigned and NO
// report of a kind: 'opening' and 'protocol' missing, the 'quiet:…' alerts), so a new one can only
// clear alerts, and exactly these: the ones whose rule names it. Those rows are deleted and their
// areas counted down; nothing is derived. A new assignment mark ('a:…') can raise alerts and still
// refreshes its station as before (first, so a station with both kinds in one statement ends as a
// full refresh leaves it). This replaces 20261212210000's skip, which covered three of the marks
// and only when the station had reported before. Same alerts as a full refresh:
// ingest-triggers.test.ts, dashboard-counts.test.ts. SQLite's row triggers are unchanged.
// Frozen once landed: change the schema with a new migration, never by editing this one.

const QUIET_DAY = ['quiet:opening', 'quiet:voting_day', 'quiet:counting'];
/** Each report mark and the alerts whose rule requires it to be absent (see 20261208010000's `derive`). */
const CLEARS: Record<string, string[]> = {
  'r:readiness': ['quiet:readiness'],
  'r:opening': ['opening', ...QUIET_DAY],
  'r:voting': QUIET_DAY,
  'r:turnout': QUIET_DAY,
  'r:closing': QUIET_DAY,
  'r:protocol': ['protocol', ...QUIET_DAY],
};
const ASSIGNMENT_MARKS = `('a:readiness', 'a:opening', 'a:voting_day', 'a:counting')`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const clears = Object.entries(CLEARS)
    .flatMap(([mark, alerts]) => alerts.map((alert) => `('${mark}', '${alert}')`))
    .join(', ');
  await sql
    .raw(`create or replace function alert_marks_inserted() returns trigger language plpgsql
    set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $$
    begin
    perform alert_stations_refresh(array(select distinct a.station_id from added a where a.mark in ${ASSIGNMENT_MARKS}));
    with gone as (
      delete from station_alerts s
        where (s.station_id, s.mark) in (select a.station_id, c.alert from added a
          join (values ${clears}) as c(mark, alert) on c.mark = a.mark)
        returning s.election_id, s.mark, s.schedule, s.area_id)
    update area_alerts x set stations = x.stations - g.n
      from (select election_id, mark, schedule, area_id, count(*) as n from gone
        group by election_id, mark, schedule, area_id) g
      where x.election_id = g.election_id and x.mark = g.mark and x.schedule = g.schedule and x.area_id = g.area_id;
    return null;
    end $$`)
    .execute(db);
}
