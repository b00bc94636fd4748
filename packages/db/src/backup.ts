import SQLite from 'better-sqlite3';

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
