import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The public site (issue 19): posts (statements and observers' opinions, one row per language,
// translations sharing a group) and each election's public dashboard switch.
// Frozen once landed: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  const id = pg ? sql`uuid` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  const no = pg ? sql`false` : sql`0`;

  await db.schema
    .createTable('posts')
    .addColumn('id', id, (c) => c.primaryKey())
    /** Translations of one post share the group (the first version's id). */
    .addColumn('translation_group', id, (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('cover_sha256', 'text')
    .addColumn('cover_alt', 'text')
    .addColumn('author_kind', 'text', (c) => c.notNull())
    /** Printed only when the author agreed to be named (author_consent). */
    .addColumn('author_name', 'text')
    .addColumn('author_consent', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('election_id', id, (c) => c.references('elections.id'))
    /** The observer who sent an opinion from the field app: never shown in public. */
    .addColumn('submitted_by', id, (c) => c.references('users.id'))
    .addColumn('publish_at', ts)
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addCheckConstraint('posts_status_check', sql`status in ('draft','submitted','published')`)
    .addCheckConstraint('posts_kind_check', sql`kind in ('statement','opinion')`)
    .addCheckConstraint('posts_language_check', sql`language in ('ru','kk','en')`)
    .addUniqueConstraint('posts_group_language_key', ['translation_group', 'language'])
    .execute();
  await db.schema.createIndex('posts_public_idx').on('posts').columns(['status', 'language', 'publish_at']).execute();

  await db.schema
    .createTable('public_dashboards')
    .addColumn('election_id', id, (c) => c.primaryKey().references('elections.id'))
    /** The public address: /dashboard/<slug>. */
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('published', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('quick_count_published', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('updated_by', id, (c) => c.references('users.id'))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}
