import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import {
  backupSqliteFile,
  DataKeyError,
  openDatabase,
  postgresSchemaIsEmpty,
  Store,
  sqliteFileIsEmpty,
} from '@pollwatch/db';
import { type Config, sqliteFileFor } from '../config.ts';
import { configuredDataKeys } from '../database-from-config.ts';
import { verifyChain } from '../reports/hash-chain.ts';
import { sealedKeyIds, verifyDataKeys } from '../security/data-keys.ts';

const run = promisify(execFile);

/** What a backup folder holds, written last (a folder without it is an unfinished backup). */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  /** The file beside the manifest: `pollwatch.db` (SQLite) or `database.pgdump` (pg_dump -Fc). */
  database: string;
  blobs: number;
  /**
   * The ids of the data keys that seal the personal data in it. The keys themselves are NOT in a
   * backup: without them its phones, IINs and document numbers cannot be read (README, "Personal
   * data at rest"). Keep them apart from the backups.
   */
  dataKeyIds?: string[];
}

export interface RestoreReport {
  chain: { ok: boolean; entries: number };
  blobs: { checked: number; damaged: string[] };
  /** The configured data keys open the restored personal data (checked; a wrong key is an error). */
  dataKeys: { ids: string[] };
}

/** A PostgreSQL URL's `search_path` (from `?options=-c search_path=…`), to dump that schema only. */
function schemaOf(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options)?.[1];
}

/** libpq does not take `options` with the rest of a URL for pg_dump's -d everywhere: pass it apart. */
function pgArgs(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  return { url: parsed.toString(), env: { ...process.env, ...(options ? { PGOPTIONS: options } : {}) } };
}

async function blobFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const files: string[] = [];
  for (const prefix of await readdir(root)) {
    for (const name of await readdir(join(root, prefix))) files.push(join(prefix, name));
  }
  return files;
}

/**
 * `pollwatch backup DIR`: the database (SQLite through its online backup API, PostgreSQL through
 * pg_dump's custom format) and the photos (content-addressed blobs), into a new folder, 0700. Safe
 * while the server runs. The folder holds personal data: keep it as carefully as the server.
 */
export async function backup(config: Config, destination: string): Promise<BackupManifest> {
  if (existsSync(destination) && (await readdir(destination)).length > 0) {
    throw new Error(`${destination} is not empty: a backup goes into a new folder`);
  }
  await mkdir(destination, { recursive: true, mode: 0o700 });
  await chmod(destination, 0o700);
  let database: string;
  if (config.databaseUrl) {
    database = 'database.pgdump';
    const { url, env } = pgArgs(config.databaseUrl);
    const schema = schemaOf(config.databaseUrl);
    await run(
      'pg_dump',
      [
        '--format=custom',
        '--no-owner',
        ...(schema ? [`--schema=${schema}`] : []),
        `--file=${join(destination, database)}`,
        url,
      ],
      { env },
    );
    await chmod(join(destination, database), 0o600);
  } else {
    database = 'pollwatch.db';
    await backupSqliteFile(sqliteFileFor(config), join(destination, database));
  }
  // Blobs are written once and never change, so copying them after the database snapshot can only
  // bring more than the snapshot lists, never less.
  const blobsFrom = join(config.dataDir, 'blobs');
  if (existsSync(blobsFrom)) await cp(blobsFrom, join(destination, 'blobs'), { recursive: true });
  const live = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileFor(config) });
  let dataKeyIds: string[];
  try {
    dataKeyIds = await sealedKeyIds(Store.over(live));
  } finally {
    await live.close();
  }
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    dialect: config.databaseUrl ? 'postgres' : 'sqlite',
    database,
    blobs: (await blobFiles(join(destination, 'blobs'))).length,
    dataKeyIds,
  };
  await writeFile(join(destination, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/**
 * `pollwatch restore DIR`: into an empty database only (a fresh SQLite data folder, or a new
 * PostgreSQL database), then verifies what it restored: the hash chain, and every photo's bytes
 * against its name. `serve` migrates a backup of an older version forward as usual.
 */
export async function restore(config: Config, source: string): Promise<RestoreReport> {
  const manifest = JSON.parse(await readFile(join(source, 'backup.json'), 'utf8')) as BackupManifest;
  if (manifest.format !== 1) throw new Error('unknown backup format');
  const wantsPostgres = Boolean(config.databaseUrl);
  if ((manifest.dialect === 'postgres') !== wantsPostgres) {
    throw new Error(`this is a ${manifest.dialect} backup; set DATABASE_URL accordingly`);
  }
  // Before anything is written: without the keys, the restored personal data could not be read.
  const dataKeys = configuredDataKeys(config);
  const needed = manifest.dataKeyIds ?? [];
  if (needed.length > 0 && !dataKeys) {
    throw new DataKeyError(
      `this backup's personal data is sealed with data key ${needed.map((k) => `"${k}"`).join(', ')}, which a ` +
        'backup never holds: set DATA_KEYS or DATA_KEY_FILE to it, then restore again',
    );
  }
  if (config.databaseUrl) {
    const db = openDatabase({ databaseUrl: config.databaseUrl });
    try {
      if (!(await postgresSchemaIsEmpty(db))) {
        throw new Error('the database is not empty: restore into a new database');
      }
    } finally {
      await db.close();
    }
    const { url, env } = pgArgs(config.databaseUrl);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url}`, join(source, manifest.database)], {
      env,
    });
  } else {
    const file = sqliteFileFor(config);
    if (existsSync(file) && !sqliteFileIsEmpty(file)) {
      throw new Error(`${file} is not empty: restore into a new DATA_DIR`);
    }
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    await cp(join(source, manifest.database), file);
    await chmod(file, 0o600);
  }
  const blobsFrom = join(source, 'blobs');
  if (existsSync(blobsFrom)) await cp(blobsFrom, join(config.dataDir, 'blobs'), { recursive: true });

  const db = openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileFor(config), dataKeys });
  try {
    const store = Store.over(db);
    // A wrong key is found now, not on the day someone needs an observer's phone.
    if (needed.length > 0) await verifyDataKeys(store);
    const verdict = await verifyChain(store);
    const damaged: string[] = [];
    const files = await blobFiles(join(config.dataDir, 'blobs'));
    for (const file of files) {
      const hash = createHash('sha256');
      await pipeline(createReadStream(join(config.dataDir, 'blobs', file)), hash);
      const name = file.split('/').pop() ?? '';
      if (hash.digest('hex') !== name) damaged.push(name);
    }
    return {
      chain: { ok: verdict.ok, entries: verdict.entries },
      blobs: { checked: files.length, damaged },
      dataKeys: { ids: needed },
    };
  } finally {
    await db.close();
  }
}
