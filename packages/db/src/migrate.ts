import { type Kysely, type MigrationResultSet, Migrator, PostgresAdapter, sql } from 'kysely';
import { setMigrationDataKeys } from './migration-context.ts';
import { migrations } from './migrations/index.ts';

/**
 * On PostgreSQL the migration tables must be looked for in our own schema: unqualified, Kysely
 * finds them in any schema of the database, and a second deployment (or a parallel test) in
 * another schema made a fresh one skip creating its tables ("kysely_migration_lock does not exist").
 */
async function migrator(db: Kysely<any>): Promise<Migrator> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const schema = postgres
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export interface MigrationReport {
  applied: string[];
}

export interface MigrateOptions {
  /** The data keys (`id:base64,…`, first active): a migration encrypts personal data stored in clear. */
  dataKeys?: string | undefined;
}

/** Brings the schema up to date. Forward-only: there is no "down". */
export async function migrateToLatest(db: Kysely<any>, options: MigrateOptions = {}): Promise<MigrationReport> {
  setMigrationDataKeys(options.dataKeys);
  try {
    return await migrateWithRetries(db);
  } finally {
    setMigrationDataKeys(undefined);
  }
}

async function migrateWithRetries(db: Kysely<any>): Promise<MigrationReport> {
  for (let attempt = 1; ; attempt++) {
    const result: MigrationResultSet = await (await migrator(db)).migrateToLatest();
    if (!result.error) {
      return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    }
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    // Kysely checks for its tables by reading every schema of the database; a schema (3F000) or a
    // table (42P01, from pg_get_serial_sequence on a relation listed a moment before) that another
    // deployment or a parallel test drops meanwhile fails that read, before any migration ran.
    // Read again.
    const code = (result.error as { code?: string }).code;
    if (!failed && attempt < 5 && (code === '3F000' || code === '42P01')) continue;
    throw new Error(
      `migration ${failed ?? '(unknown)'} failed: ${String((result.error as Error).message ?? result.error)}`,
    );
  }
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  // The same whole-database read as above, and the same race with a schema dropped meanwhile.
  let all: Awaited<ReturnType<Migrator['getMigrations']>> = [];
  for (let attempt = 1; ; attempt++) {
    try {
      all = await (await migrator(db)).getMigrations();
      break;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt < 5 && (code === '3F000' || code === '42P01')) continue;
      throw error;
    }
  }
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
