import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 19. The approved resolution version an editor chose to publish with the election's public
// dashboard (null: none). A separate decision from publishing the dashboard, like the quick count's:
// the document can quote observers' incident descriptions. Frozen once landed.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? sql`uuid` : sql`text`;
  await db.schema
    .alterTable('public_dashboards')
    .addColumn('published_resolution_id', id, (c) => c.references('resolutions.id'))
    .execute();
}
