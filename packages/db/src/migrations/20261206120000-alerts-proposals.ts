import type { Kysely } from 'kysely';

// Alerts and the automatic assignment proposal (issue 17): no new table (alerts are computed when
// asked, proposals are not stored), only the indexes their queries need: a silent phone is an
// observer with no report since a moment, and the alerts group stations by their own hours and zone.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('reports_observer_updated_idx')
    .on('reports')
    .columns(['observer_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('stations_schedule_idx')
    .on('stations')
    .columns(['election_id', 'time_zone', 'polls_open', 'polls_close'])
    .execute();
  await db.schema.createIndex('sessions_user_seen_idx').on('sessions').columns(['user_id', 'last_seen_at']).execute();
}
