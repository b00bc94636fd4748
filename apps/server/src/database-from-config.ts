import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Db, openDatabase } from '@pollwatch/db';
import { type Config, sqliteFileFor } from './config.ts';

export function openConfiguredDatabase(config: Config): Db {
  if (!config.databaseUrl) privateSqliteFile(sqliteFileFor(config));
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileFor(config) });
}

/**
 * The database holds observers' names and phones: its folder is 0700 and its file 0600 whatever
 * the umask, created so before SQLite opens it. SQLite gives its -wal and -shm files the database
 * file's permissions.
 */
function privateSqliteFile(file: string): void {
  const folder = dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** For messages: which database, without credentials. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `SQLite ${sqliteFileFor(config)}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
