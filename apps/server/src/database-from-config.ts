import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataKeyError, type Db, openDatabase } from '@pollwatch/db';
import { type Config, sqliteFileFor } from './config.ts';

/**
 * The database with the configured data keys, if any (a first run creates them: see
 * `openServerDatabase` in security/data-keys.ts, which `serve` and the CLI use).
 */
export function openConfiguredDatabase(config: Config): Db {
  if (!config.databaseUrl) privateSqliteFile(sqliteFileFor(config));
  return openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileFor(config),
    dataKeys: configuredDataKeys(config),
  });
}

/**
 * Where the keys of personal data at rest come from (README, "Personal data at rest"): DATA_KEYS,
 * else the key file (DATA_KEY_FILE, by default `DATA_DIR/data-keys`). Undefined when neither is there.
 * The file must be the owner's only (0600): a key readable by others is refused.
 */
export function configuredDataKeys(config: Pick<Config, 'dataKeys' | 'dataKeyFile'>): string | undefined {
  if (config.dataKeys) return config.dataKeys;
  const file = config.dataKeyFile;
  if (!file || !existsSync(file)) return undefined;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new DataKeyError(`${file} is readable by others: chmod 600 it (it holds the personal data key)`);
  }
  return readFileSync(file, 'utf8');
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
