import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (the kz protocol window on SQLite, one server process): every station's first protocol
// adds its 'r:protocol' mark, and SQLite's row trigger refreshed the station's alerts from scratch
// (nine derive branches) for each, inside the report writer's transaction: the multi-row insert
// into reports cost ~1.3 ms per statement there. What 20261213410000-alert-report-marks-clear did
// for PostgreSQL, for SQLite: a report mark ('r:…') only appears negated in the alerts' rules, so a
// new one can only clear alerts, and exactly those whose rule names it. Those rows are deleted and
// their areas counted down; nothing is derived. A new assignment mark ('a:…') can raise alerts and
// still refreshes its station as before. Same alerts as a full refresh: ingest-triggers.test.ts,
// dashboard-counts.test.ts.
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
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  const run = (text: string) => sql.raw(text).execute(db);
  // The refresh as it stands (20261208010000), kept for the assignment marks.
  const refresh = (
    (
      await sql<{ sql: string }>`select sql from sqlite_master where type = 'trigger'
        and name = 'station_marks_alerts_insert'`.execute(db)
    ).rows[0]?.sql ?? ''
  ).replace(/^[\s\S]*?\bbegin\b/i, '');
  if (!refresh.trim()) throw new Error('station_marks_alerts_insert not found');
  await run('drop trigger station_marks_alerts_insert');
  await run(`create trigger station_marks_alerts_insert after insert on station_marks
    when new.mark in ${ASSIGNMENT_MARKS} begin${refresh}`);
  for (const [mark, alerts] of Object.entries(CLEARS)) {
    const cleared = `(${alerts.map((a) => `'${a}'`).join(', ')})`;
    await run(`create trigger station_marks_alerts_clear_${mark.slice(2)} after insert on station_marks
      when new.mark = '${mark}' begin
      update area_alerts set stations = stations - 1
        where (election_id, mark, schedule, area_id) in (select x.election_id, x.mark, x.schedule, x.area_id
          from station_alerts x where x.station_id = new.station_id and x.mark in ${cleared});
      delete from station_alerts where station_id = new.station_id and mark in ${cleared};
      end`);
  }
}
