import type { Kysely } from 'kysely';

// The dashboard bench (issue 17, `npm run bench -- dashboard`, 10,000 stations, 1,000,000 revisions):
// a station's latest report among some kinds (the coverage list's `latest_report`: election and
// station equal, newest `updated_at` first, limit 1) was planned by SQLite, which has no statistics,
// on reports_election_idx (election_id, updated_at), so as to read in the order asked: every report
// of the election walked for each station, 28–35 s for the national coverage page. With election and
// station as the leading equalities and the order after them, each station reads its own few
// reports, newest first (24 ms). Frozen once landed: change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('reports_election_station_updated_idx')
    .on('reports')
    .columns(['election_id', 'station_id', 'updated_at', 'id'])
    .execute();
}
