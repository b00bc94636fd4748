import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The resolution to the CEC (issue 18, part 2): versions of a preliminary statement or a final
// resolution, each with the HQ's texts and the data snapshot it was built from; and the numbered
// recommendations an approved final resolution leaves for the next election to follow up.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;

  await db.schema
    .createTable('resolutions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    /** preliminary | final */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    /** draft | approved (an approved version is frozen: its texts and snapshot never change). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('texts', json, (c) => c.notNull())
    .addColumn('snapshot', json, (c) => c.notNull())
    /** SHA-256 of the snapshot's canonical JSON. */
    .addColumn('snapshot_hash', 'text', (c) => c.notNull())
    .addColumn('taken_at', ts, (c) => c.notNull())
    .addColumn('chain_seq', 'bigint')
    .addColumn('chain_hash', 'text')
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('approved_by', id, (c) => c.references('users.id'))
    .addColumn('approved_at', ts)
    .addUniqueConstraint('resolutions_election_kind_version_key', ['election_id', 'kind', 'version'])
    .execute();

  await db.schema
    .createTable('recommendations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('resolution_id', id, (c) => c.notNull().references('resolutions.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('chapter', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('recommendations_resolution_number_key', ['resolution_id', 'number'])
    .execute();
  await db.schema.createIndex('recommendations_election_idx').on('recommendations').column('election_id').execute();
}
