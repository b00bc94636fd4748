import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (a Kazakhstan-sized voting day on PostgreSQL): in a kz run's opening and 10:00 windows
// (two processes, track_functions) the alerts' refresh took 106 s of the 148 s of CPU PostgreSQL
// spent, 82 s of it called for new station marks: at 10:00 every station's first turnout report
// adds its 'r:turnout' mark, and a voting visit its 'r:voting', and each refreshed the station's
// alerts although nothing could change. Those marks (and 'r:closing') appear in one rule only, the
// "quiet" alerts' (an assigned shift with no report of any phase: r:opening, r:voting, r:turnout,
// r:closing, r:protocol); a station that already had another of those marks before the statement
// is not quiet, and stays so. Such new marks no longer refresh the station (PostgreSQL, where the
// refresh is per statement; SQLite's row triggers are unchanged). Every other new mark refreshes
// as before, and a mark of this statement does not excuse another of the same statement.
// dashboard-counts.test.ts compares the alerts with core's rules after mixed groups;
// ingest-triggers.test.ts compares them with a full refresh.
// Frozen once landed: change the schema with a new migration, never by editing this one.

const WATCHED_MARKS = `('a:readiness', 'a:opening', 'a:voting_day', 'a:counting', 'r:readiness', 'r:opening',
  'r:voting', 'r:turnout', 'r:closing', 'r:protocol')`;
/** The marks of the quiet alerts' rule: any one of them means the station reported. */
const REPORTED = `('r:opening', 'r:voting', 'r:turnout', 'r:closing', 'r:protocol')`;
/** The marks that appear in no rule but the quiet alerts'. */
const QUIET_ONLY = `('r:voting', 'r:turnout', 'r:closing')`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql
    .raw(`create or replace function alert_marks_inserted() returns trigger language plpgsql as $$
    begin
    perform alert_stations_refresh(array(select distinct a.station_id from added a
      where a.mark in ${WATCHED_MARKS}
        and not (a.mark in ${QUIET_ONLY} and exists (select 1 from station_marks m
          where m.election_id = a.election_id and m.station_id = a.station_id and m.mark in ${REPORTED}
            and not exists (select 1 from added b
              where b.election_id = m.election_id and b.mark = m.mark and b.station_id = m.station_id)))));
    return null;
    end $$`)
    .execute(db);
}
