import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Broadcast, PostgresBroadcast } from './broadcast.ts';
import { DataKeyring } from './field-crypto.ts';
import { preparingClient } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseConfig {
  /** postgres://… to use PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string | undefined;
  sqliteFile?: string;
  /** SQLite in memory only: start from this serialized database (tests clone a migrated one). */
  sqliteImage?: Buffer;
  /** PostgreSQL only: schema to put first on the search path (tests use one schema each). */
  searchPath?: string;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
  /** SQLite: how long to wait for another connection's write lock (default 5 s). */
  busyTimeoutMs?: number;
  /** Keys of personal data at rest, `id:base64,…`, first active (see field-crypto.ts). */
  dataKeys?: string | undefined;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /**
   * How another thread or process opens its own connection to this database (workers do);
   * undefined for SQLite in memory, which only its opener can see.
   */
  connection?: DatabaseConfig;
  /** PostgreSQL: messages to every process on this database (accepted reports for live views). */
  broadcast?: (topic: string) => Broadcast;
  /** The keys that seal and open personal data; empty until configured (every use then fails loudly). */
  keyring: DataKeyring;
  close(): Promise<void>;
}

/** A connection description that carries the keyring's keys, also when they are set after opening. */
function withKeys(connection: DatabaseConfig, keyring: DataKeyring): DatabaseConfig {
  return Object.defineProperty(connection, 'dataKeys', { enumerable: true, get: () => keyring.text });
}

export function isPostgresUrl(url: string | undefined): url is string {
  return Boolean(url && /^postgres(ql)?:\/\//.test(url));
}

export function openDatabase(config: DatabaseConfig): Db {
  const keyring = new DataKeyring(config.dataKeys);
  if (isPostgresUrl(config.databaseUrl)) {
    const pool = new pg.Pool({
      Client: preparingClient(),
      connectionString: config.databaseUrl,
      max: config.poolSize ?? 10,
      ...(config.searchPath ? { options: `-c search_path=${config.searchPath}` } : {}),
    });
    // A dropped connection in the pool must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = config.databaseUrl;
    return {
      kysely,
      dialect: 'postgres',
      connection: withKeys(
        { databaseUrl: url, ...(config.searchPath ? { searchPath: config.searchPath } : {}) },
        keyring,
      ),
      broadcast: (topic) => new PostgresBroadcast(url, pool, config.searchPath, topic),
      keyring,
      close: () => kysely.destroy(),
    };
  }

  const file = config.sqliteFile ?? ':memory:';
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = file === ':memory:' && config.sqliteImage ? new SQLite(config.sqliteImage) : new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, not left in free space: a replaced clear value
  // (personal data before encryption, an anonymised applicant) must not stay readable in the file.
  sqlite.pragma('secure_delete = ON');
  // Wait for a concurrent writer (the CLI next to a running server) instead of failing at once.
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMs ?? 5000))}`);
  // The connection whose commit finds the log past this many pages copies them into the database
  // (a checkpoint). SQLite's default, 1,000 pages, meant a 4 MB copy and two flushes every second
  // or so of voting-day ingest, often on the request thread; at 10,000 (40 MB of log) pages that
  // changed many times are copied once, and the report writer, which commits most, meets the
  // threshold first. Measured: +15% reports/s on the ingest bench.
  sqlite.pragma('wal_autocheckpoint = 10000');
  // FULL: a commit is on disk before we answer. Observers are told "saved" only then; ingest
  // groups reports that arrive together into one commit, so this costs one flush per group.
  sqlite.pragma('synchronous = FULL');
  // SQLite's own lower() folds ASCII only: "ЕРЛАН" would never match "ерлан". JavaScript's folds
  // every script, as PostgreSQL's does under a UTF-8 locale.
  sqlite.function('lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    dialect: 'sqlite',
    ...(file === ':memory:' ? {} : { connection: withKeys({ sqliteFile: resolve(file) }, keyring) }),
    keyring,
    close: () => kysely.destroy(),
  };
}

/**
 * Kysely prepares every query anew; preparing costs SQLite more than running a short query. The
 * same SQL text gets the same prepared statement back (a statement is reusable once it has run).
 */
function withStatementCache(sqlite: SQLite.Database, limit = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      // Kysely begins with a deferred BEGIN: a transaction that reads, then writes, fails at once
      // with SQLITE_BUSY if another connection (the report writer's thread) committed in between.
      // IMMEDIATE takes the write lock up front and waits for it (busy_timeout) instead.
      const text = sqlText === 'begin' ? 'begin immediate' : sqlText;
      let statement = cache.get(text);
      if (statement) {
        // Most recently used last, so the oldest is the first to go.
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}
