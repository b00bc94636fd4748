import type { Kysely } from 'kysely';

// The dashboard bench (issue 17): counts the overview and the alerts make of assignments and
// applicants read these indexes alone instead of visiting a table row per entry — observers with
// an assignment for some shifts (the silent phones' count: 18,000 assignments, 28 ms -> a few on
// SQLite), and applicants per status in an area. Frozen once landed: change the schema with a new
// migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('assignments_election_shift_observer_idx')
    .on('assignments')
    .columns(['election_id', 'shift', 'observer_id', 'station_id'])
    .execute();
  await db.schema
    .createIndex('applicants_election_status_area_idx')
    .on('applicants')
    .columns(['election_id', 'status', 'merged_into', 'area_id'])
    .execute();
}
