import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { type Db, type DialectName, openDatabase } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';

/**
 * Every DB test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. Each test gets its
 * own empty database (SQLite in memory) or its own schema (PostgreSQL), so files run in parallel.
 * In CI a missing TEST_DATABASE_URL is an error, never a silent skip.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI && !postgresUrl) {
  throw new Error('CI is set but TEST_DATABASE_URL is not: the PostgreSQL runs would be skipped.');
}

export const postgresSkipReason = postgresUrl ? undefined : 'TEST_DATABASE_URL is not set';
export const testDialects: DialectName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends Db {
  /** Closes the connection and drops the test's schema. */
  dispose(): Promise<void>;
}

export async function createTestDb(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: Db;
  let drop = async () => {};
  if (dialect === 'postgres') {
    if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
    const schema = `pw_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    db = openDatabase({ databaseUrl: postgresUrl, searchPath: schema, poolSize: 4 });
    drop = async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  } else {
    db = openDatabase({ sqliteFile: ':memory:' });
  }
  if (options.migrate !== false) await migrateToLatest(db.kysely);
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
      const db = openDatabase({ sqliteFile: join(dir, 'pollwatch.db') });
      await migrateToLatest(db.kysely);
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
