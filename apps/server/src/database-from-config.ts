import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DataKeyError, type Db, openDatabase } from '@pollwatch/db';
import { type Config, legacyDataKeyFile, sqliteFileFor } from './config.ts';

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
 * else the key file (DATA_KEY_FILE, by default `<DATA_DIR>.keys`). Undefined when neither is there.
 * The file must be the owner's only (0600): a key readable by others is refused, and so is a key
 * file inside the data folder (a copy of the folder would carry the key with the data it seals).
 * A key file an older version left in `DATA_DIR/data-keys` is moved out first, with a notice.
 */
export function configuredDataKeys(
  config: Pick<Config, 'dataKeys' | 'dataKeyFile'> & Partial<Pick<Config, 'dataDir'>>,
): string | undefined {
  if (config.dataKeys) return config.dataKeys;
  const file = config.dataKeyFile;
  if (!file) return undefined;
  if (config.dataDir) placeKeyFile(file, config.dataDir);
  if (!existsSync(file)) return undefined;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new DataKeyError(`${file} is readable by others: chmod 600 it (it holds the personal data key)`);
  }
  return readFileSync(file, 'utf8');
}

/** The path with symbolic links resolved as far as it exists. */
function realPath(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(realPath(parent), basename(abs));
}

/** True when `path` is `folder` or lies under it. */
function isInside(path: string, folder: string): boolean {
  const rel = relative(realPath(folder), realPath(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Refuses a key file inside the data folder, and moves one an earlier version made there
 * (`DATA_DIR/data-keys`) to the configured place when nothing is there yet, so an upgraded install
 * keeps its key (same bytes, 0600) and says where it went.
 */
function placeKeyFile(file: string, dataDir: string): void {
  if (isInside(file, dataDir)) {
    throw new DataKeyError(
      `the data key file ${file} is inside the data folder ${resolve(dataDir)}: a copy of the folder would ` +
        'carry the key with the data it seals. Move it out (e.g. beside the folder) and set DATA_KEY_FILE ' +
        'to the new place, or pass the key as DATA_KEYS',
    );
  }
  const legacy = legacyDataKeyFile(dataDir);
  if (!existsSync(legacy)) return;
  if (existsSync(file)) {
    if (readFileSync(file, 'utf8') !== readFileSync(legacy, 'utf8')) {
      throw new DataKeyError(
        `two data key files: ${file} and ${legacy} (inside the data folder), with different keys. Keep the one ` +
          'that opens this database outside the data folder (DATA_KEY_FILE) and remove the other',
      );
    }
    unlinkSync(legacy);
    console.warn(`pollwatch: removed ${legacy}, a copy of the data key file ${file}, from the data folder.`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    renameSync(legacy, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(legacy, file);
    chmodSync(file, statSync(legacy).mode & 0o777);
    unlinkSync(legacy);
  }
  console.warn(
    `pollwatch: moved the personal data key file out of the data folder: ${legacy} → ${file}. ` +
      'Keep a copy away from this server and its backups (README, "Personal data at rest").',
  );
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
