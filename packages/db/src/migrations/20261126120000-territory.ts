import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Elections, the territory tree, polling stations and file imports (issue 3).
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  const falseValue = pg ? sql`false` : sql`0`;
  const real = pg ? sql`double precision` : sql`real`;

  await db.schema
    .createTable('elections')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', json, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('voting_date', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('polls_open', 'text', (c) => c.notNull())
    .addColumn('polls_close', 'text', (c) => c.notNull())
    .addColumn('monitoring_from', 'text', (c) => c.notNull())
    .addColumn('turnout_checkpoints', json, (c) => c.notNull())
    .addColumn('ballot_options', json, (c) => c.notNull())
    .addColumn('protocol_template', 'text', (c) => c.notNull())
    .addColumn('is_demo', bool, (c) => c.notNull().defaultTo(falseValue))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint(
      'elections_kind_check',
      sql`kind in ('presidential','parliamentary','local_council','referendum')`,
    )
    .execute();

  await db.schema
    .createTable('areas')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('parent_id', id, (c) => c.references('areas.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('name', json, (c) => c.notNull())
    .addColumn('commission', json)
    .addColumn('is_demo', bool, (c) => c.notNull().defaultTo(falseValue))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('areas_level_check', sql`level in ('country','region','district','city','settlement','abroad')`)
    .execute();
  await db.schema.createIndex('areas_parent_idx').on('areas').column('parent_id').execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('election_id', id, (c) => c.notNull().references('elections.id'))
    .addColumn('area_id', id, (c) => c.notNull().references('areas.id'))
    .addColumn('region_id', id, (c) => c.notNull().references('areas.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('registered_voters', 'integer')
    .addColumn('commission', json)
    .addColumn('latitude', real)
    .addColumn('longitude', real)
    .addColumn('accessibility', 'text')
    .addColumn('polls_open', 'text')
    .addColumn('polls_close', 'text')
    .addColumn('time_zone', 'text')
    /** Lower-cased address and name: a portable case-insensitive search for both dialects. */
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('is_demo', bool, (c) => c.notNull().defaultTo(falseValue))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('stations_region_number_key', ['election_id', 'region_id', 'number'])
    .addCheckConstraint('stations_number_check', sql`number > 0`)
    .addCheckConstraint('stations_voters_check', sql`registered_voters is null or registered_voters >= 0`)
    .execute();
  await db.schema.createIndex('stations_area_idx').on('stations').columns(['election_id', 'area_id']).execute();
  await db.schema.createIndex('stations_number_idx').on('stations').columns(['election_id', 'number']).execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('election_id', id, (c) => c.references('elections.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('applied_at', ts)
    .addColumn('report', json)
    .execute();
}
