import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest, pendingMigrations } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import { createTestDb, testDialects } from './testing/test-database.ts';

const expectedTables = ['audit_log', 'invites', 'sessions', 'settings', 'sign_in_failures', 'users'];

describe('migrations', () => {
  it('lists every migration file, in timestamp order', () => {
    const files = readdirSync(new URL('./migrations/', import.meta.url))
      .filter((f) => /^\d{14}-[a-z0-9-]+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(migrations)).toEqual(files.sort());
  });

  for (const dialect of testDialects) {
    it(`migrates an empty database to the latest schema, and a second run changes nothing [${dialect}]`, async () => {
      const db = await createTestDb(dialect, { migrate: false });
      try {
        expect(await pendingMigrations(db.kysely)).toEqual(Object.keys(migrations));
        const first = await migrateToLatest(db.kysely);
        expect(first.applied).toEqual(Object.keys(migrations));
        // This schema's tables only: reading every schema races with parallel tests dropping theirs.
        const tables = (
          await (dialect === 'sqlite'
            ? sql<{ name: string }>`select name from sqlite_master where type = 'table'`
            : sql<{ name: string }>`select table_name as name from information_schema.tables
                where table_schema = current_schema()`
          ).execute(db.kysely)
        ).rows
          .map((t) => t.name)
          .sort();
        expect(tables).toEqual(expect.arrayContaining(expectedTables));
        expect(await pendingMigrations(db.kysely)).toEqual([]);
        expect((await migrateToLatest(db.kysely)).applied).toEqual([]);
      } finally {
        await db.dispose();
      }
    });
  }
});

describe('SQLite settings', () => {
  it('opens files in WAL mode with foreign keys enforced', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('./database.ts');
    const db = openDatabase({ sqliteFile: join(mkdtempSync(join(tmpdir(), 'pw-')), 'nested', 'pollwatch.db') });
    try {
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
      expect(journal.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db.kysely);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      await migrateToLatest(db.kysely);
      await expect(
        sql`insert into sessions (token_hash, user_id, created_at, last_seen_at, expires_at) values ('x', 'missing', '', '', '')`.execute(
          db.kysely,
        ),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await db.close();
    }
  });
});
