import { type Kysely, sql } from 'kysely';

// Issue 17, `npm run bench -- dashboard`: the alerts and the overview count the open critical
// incidents (an incident the observer marked high that the queue has not verified or rejected).
// The queue's indexes lead with (election, status): every open entry of every kind was read from
// the table to test its kind and severity (~4,700 rows at 1,000,000 revisions: 3–8 ms per count on
// SQLite, twice per alerts page). The incidents alone, by severity and state, newest change first:
// the count is one covering range, the list its first rows. Nothing changes on the ingest path but
// one more index entry for each incident. Frozen once landed: change the schema with a new
// migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index report_verifications_incident_idx
    on report_verifications (election_id, incident_severity, status, changed_at, report_id, station_id)
    where form_kind = 'incident'`.execute(db);
}
