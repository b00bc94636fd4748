import type { Kysely } from 'kysely';

// The readiness triggers of 20261207010000-dashboard-counts add a station's answers to the per-area
// counts by joining its stations row; SQLite, without statistics, read that station's answers
// through the (election, question, value) index, i.e. every answer of the election: 50 ms per
// readiness report written at 10,000 stations (the dashboard bench's load took 15 minutes). A
// covering index led by election and station makes that a read of the station's own few rows
// (2,000 readiness reports: 101 s -> 4.5 s under load). Frozen once landed: change the schema with a
// new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('readiness_answers_station_idx')
    .on('readiness_answers')
    .columns(['election_id', 'station_id', 'question_id', 'value'])
    .execute();
}
