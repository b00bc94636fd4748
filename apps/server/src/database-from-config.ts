import { type Db, openDatabase } from '@pollwatch/db';
import { type Config, sqliteFileFor } from './config.ts';

export function openConfiguredDatabase(config: Config): Db {
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileFor(config) });
}

/** For messages: which database, without credentials. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `SQLite ${sqliteFileFor(config)}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
