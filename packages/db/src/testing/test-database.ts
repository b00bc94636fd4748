import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, inject } from 'vitest';
import { type Db, type DialectName, openDatabase } from '../database.ts';
import { generateDataKeyLine } from '../field-crypto.ts';
import { migrateToLatest } from '../migrate.ts';
import { testDatabasePrefix } from './test-run.ts';

// The builders of plain test records, for the tests outside this package too (`@pollwatch/db/testing`).
export { countingStore } from './statement-counter.ts';
export { createTestForms, createTestObserver, createTestWorld, testElection, testStation } from './test-data.ts';

/**
 * Every DB test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. Each test gets its
 * own empty database (SQLite in memory) or its own schema (PostgreSQL), so files run in parallel.
 * In CI a missing TEST_DATABASE_URL is an error, never a silent skip.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !postgresUrl) {
  throw new Error('CI is set but TEST_DATABASE_URL is not: the PostgreSQL runs would be skipped.');
}

/** Personal data is sealed in tests as in production, with a key of this test process. */
export const TEST_DATA_KEYS = generateDataKeyLine();

export const postgresSkipReason = postgresUrl ? undefined : 'TEST_DATABASE_URL is not set';
export const testDialects: DialectName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends Db {
  /** Closes the connection and drops the test's schema. */
  dispose(): Promise<void>;
}

/**
 * The migrations' source text, hashed: a template made from other migrations (a file added or
 * edited since) is never reused.
 */
function migrationsKey(): string {
  const folder = new URL('../migrations/', import.meta.url);
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.ts')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(new URL(name, folder)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Migrating from empty costs 1.5–3 s on PostgreSQL and 30–150 ms on SQLite, for every one of the
 * hundreds of database tests. Instead each dialect is migrated once into a template, and every test
 * gets its own copy of it: a PostgreSQL database made with CREATE DATABASE … TEMPLATE (a file copy
 * inside the server, shared by every test process), or a SQLite in-memory database deserialized
 * from the template's bytes (once per test process). The migrations themselves are still run from
 * empty by migrate.test.ts.
 */
let sqliteTemplate: Promise<Buffer> | undefined;
function sqliteTemplateImage(): Promise<Buffer> {
  sqliteTemplate ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pollwatch-template-'));
    try {
      const file = join(dir, 'template.db');
      const db = openDatabase({ sqliteFile: file });
      try {
        await migrateToLatest(db.kysely);
        // An in-memory copy cannot keep a write-ahead log: store the template as a plain file.
        await sql`pragma journal_mode = delete`.execute(db.kysely);
      } finally {
        await db.close();
      }
      return readFileSync(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return sqliteTemplate;
}

let postgresTemplate: Promise<string> | undefined;
/** The name of a migrated template database, made once by whichever test process asks first. */
function postgresTemplateName(url: string): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `pw_template_${migrationsKey()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // One maker at a time across every test process; the others wait, then find it made.
      await admin.query('select pg_advisory_lock(hashtext($1))', ['pollwatch-test-template']);
      const found = await admin.query('select datistemplate from pg_database where datname = $1', [name]);
      if (found.rows[0]?.datistemplate === true) return name;
      // A half-made one (a maker killed midway) is made again.
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
      const db = openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 1 });
      try {
        await migrateToLatest(db.kysely);
      } finally {
        await db.close();
      }
      // Marked last: only a complete template is ever copied.
      await admin.query(`alter database ${name} is_template true`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', ['pollwatch-test-template']).catch(() => {});
      await admin.end();
    }
  })();
  postgresTemplate.catch(() => {
    postgresTemplate = undefined;
  });
  return postgresTemplate;
}

/**
 * CREATE DATABASE … TEMPLATE, asked again when the template is briefly unusable: being remade by
 * another test process (3D000, it does not exist) or open in another session (55006).
 */
async function copyTemplate(url: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const template = await postgresTemplateName(url);
    try {
      await adminQuery(url, `create database ${name} template ${template}`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 10 || (code !== '3D000' && code !== '55006')) throw error;
      postgresTemplate = undefined;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/**
 * DROP DATABASE forces a checkpoint (2–4 s on a busy machine), so when the run has a global
 * set-up (`test-run.ts`) the copies are dropped together when the run ends; otherwise each test
 * drops its own.
 */
function testRunId(): string | undefined {
  try {
    return inject('pollwatchTestRun') as string | undefined;
  } catch {
    return undefined;
  }
}

export async function createTestDb(
  dialect: DialectName,
  options: { migrate?: boolean; dataKeys?: string } = {},
): Promise<TestDb> {
  const dataKeys = options.dataKeys ?? TEST_DATA_KEYS;
  const migrate = options.migrate !== false;
  let db: Db;
  let drop = async () => {};
  if (dialect === 'postgres') {
    if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
    const id = `pw_test_${randomBytes(6).toString('hex')}`;
    if (migrate) {
      // A database of its own, copied from the migrated template.
      const run = testRunId();
      const name = run ? `${testDatabasePrefix(run)}${randomBytes(6).toString('hex')}` : id;
      await copyTemplate(postgresUrl, name);
      db = openDatabase({ databaseUrl: withDatabase(postgresUrl, name), poolSize: 4, dataKeys });
      if (!run) drop = () => adminQuery(postgresUrl, `drop database if exists ${name} with (force)`);
    } else {
      // An empty schema of its own, for the tests that migrate it themselves.
      await adminQuery(postgresUrl, `create schema ${id}`);
      db = openDatabase({ databaseUrl: postgresUrl, searchPath: id, poolSize: 4, dataKeys });
      drop = () => adminQuery(postgresUrl, `drop schema if exists ${id} cascade`);
    }
  } else {
    db = openDatabase(
      migrate ? { sqliteFile: ':memory:', sqliteImage: await sqliteTemplateImage(), dataKeys } : { dataKeys },
    );
  }
  return {
    ...db,
    dispose: async () => {
      try {
        await db.close();
      } finally {
        await drop();
      }
    },
  };
}

/** `describe` once per dialect under test, with a fresh migrated database for every test. */
export function describeEachDialect(title: string, suite: (db: () => TestDb, dialect: DialectName) => void): void {
  const all: DialectName[] = ['sqlite', 'postgres'];
  for (const dialect of all) {
    const skip = !testDialects.includes(dialect);
    describe.skipIf(skip)(`${title} [${dialect}]`, () => {
      let current: TestDb | undefined;
      beforeEach(async () => {
        current = await createTestDb(dialect);
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      suite(() => {
        if (!current) throw new Error('test database is not open');
        return current;
      }, dialect);
    });
  }
}

/**
 * `describe` on SQLite in a file, a fresh one for every test: what a real server runs on, where
 * work can open its own connection on another thread (the report writer does).
 */
export function describeSqliteFile(title: string, suite: (db: () => TestDb, dialect: DialectName) => void): void {
  describe(`${title} [sqlite file]`, () => {
    let current: TestDb | undefined;
    beforeEach(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pollwatch-db-'));
      const file = join(dir, 'pollwatch.db');
      // The migrated template's bytes: opening switches the file to WAL as a server's would be.
      writeFileSync(file, await sqliteTemplateImage(), { mode: 0o600 });
      const db = openDatabase({ sqliteFile: file, dataKeys: TEST_DATA_KEYS });
      current = {
        ...db,
        dispose: async () => {
          try {
            await db.close();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });
    suite(() => {
      if (!current) throw new Error('test database is not open');
      return current;
    }, 'sqlite');
  });
}
