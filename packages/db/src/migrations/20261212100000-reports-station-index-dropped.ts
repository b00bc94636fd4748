import type { Kysely } from 'kysely';

// Issue 23, the ingest path: every new report wrote an entry into each of the reports table's
// secondary indexes, and those keyed by station or observer land on a different leaf page for
// each report (a group commit of 22 reports rewrote ~34 pages of reports_station_idx alone, of
// ~200 pages in all; SQLite writes each changed page whole into its log, then into the database).
// reports_station_idx (station_id, form_kind) duplicates what reports_election_station_updated_idx
// (election_id, station_id, updated_at, id) and reports_election_kind_station_idx (election_id,
// form_kind, station_id, observer_id) already give once the election is named: a station belongs to
// one election, and every query that looked reports up by station alone now names it too (the
// writer's earlier turnout counts and protocol copies, a photo's visibility, a station's documents).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reports_station_idx').execute();
}
