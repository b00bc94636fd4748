import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Copies a live SQLite database to `destination` with SQLite's online backup API: a consistent
 * snapshot while the server keeps writing (pages changed during the copy are copied again), never
 * a half-written file as copying the file (and forgetting its WAL) would give. The copy is 0600.
 */
export async function backupSqliteFile(source: string, destination: string): Promise<void> {
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(destination);
  } finally {
    db.close();
  }
  const { chmod } = await import('node:fs/promises');
  await chmod(destination, 0o600);
}

/** Whether a SQLite file holds no pollwatch tables (a restore goes only into an empty database). */
export function sqliteFileIsEmpty(file: string): boolean {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'users'").get() as {
      n: number;
    };
    return row.n === 0;
  } finally {
    db.close();
  }
}

/**
 * Whether the PostgreSQL schema a connection writes to (the first of its search_path) holds no
 * pollwatch tables. Asks the catalogue about that one schema only: reading every schema (as Kysely's
 * introspection does) fails when another deployment or a parallel test drops a table meanwhile.
 */
export async function postgresSchemaIsEmpty(db: Db): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.tables
    where table_name = 'users' and table_schema = current_schema()`.execute(db.kysely);
  return (rows[0]?.n ?? 0) === 0;
}
