import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23: the check of 20261212210000 (does the station already have another report mark?)
// looked for the five marks with `mark in (…)` beside the election and the station, and the plan
// chosen for it read station_marks' key (election, mark, station) by election alone, the marks as a
// filter: every mark of the election (tens of thousands of rows on a Kazakhstan-sized day) for each
// new mark — 14 s of PostgreSQL's time over a kz run's opening and 10:00 windows (~1.6 ms a group).
// Now each of the five marks is looked up by the whole key, and the function plans only index
// lookups (as the refresh functions do since 20261212220000). Same rule, same results
// (ingest-triggers.test.ts, dashboard-counts.test.ts).
// Frozen once landed: change the schema with a new migration, never by editing this one.

const WATCHED_MARKS = `('a:readiness', 'a:opening', 'a:voting_day', 'a:counting', 'r:readiness', 'r:opening',
  'r:voting', 'r:turnout', 'r:closing', 'r:protocol')`;
const REPORTED = `array['r:opening', 'r:voting', 'r:turnout', 'r:closing', 'r:protocol']`;
const QUIET_ONLY = `('r:voting', 'r:turnout', 'r:closing')`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql
    .raw(`create or replace function alert_marks_inserted() returns trigger language plpgsql
    set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $$
    begin
    perform alert_stations_refresh(array(select distinct a.station_id from added a
      where a.mark in ${WATCHED_MARKS}
        and not (a.mark in ${QUIET_ONLY} and exists (select 1 from unnest(${REPORTED}) q(mark)
          join station_marks m on m.election_id = a.election_id and m.mark = q.mark and m.station_id = a.station_id
          where not exists (select 1 from added b
            where b.election_id = m.election_id and b.mark = m.mark and b.station_id = m.station_id)))));
    return null;
    end $$`)
    .execute(db);
}
