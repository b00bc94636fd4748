import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREPARE_AFTER, PreparedStatements } from './prepared-statements.ts';
import { createTestDb, postgresSkipReason, type TestDb } from './testing/test-database.ts';

describe('which statements are prepared', () => {
  it('a text is prepared from its PREPARE_AFTER-th use on, under one name', () => {
    const statements = new PreparedStatements(3, 10);
    expect(statements.nameFor('select $1')).toBeUndefined();
    expect(statements.nameFor('select $1')).toBeUndefined();
    const name = statements.nameFor('select $1');
    expect(name).toMatch(/^pw_[\w-]+$/);
    expect(statements.nameFor('select $1')).toBe(name);
    expect(statements.nameFor('select $2')).toBeUndefined();
  });

  it('prepares at most the cap of different texts, and never a very long one', () => {
    const statements = new PreparedStatements(1, 2);
    expect(statements.nameFor('select 1 where $1')).toBeDefined();
    expect(statements.nameFor('select 2 where $1')).toBeDefined();
    expect(statements.nameFor('select 3 where $1')).toBeUndefined();
    expect(new PreparedStatements(1, 10).nameFor(`select $1 -- ${'x'.repeat(20_000)}`)).toBeUndefined();
  });

  it('a text the server refused once is sent unprepared from then on', () => {
    const statements = new PreparedStatements(1, 10);
    expect(statements.nameFor('select * from t where a = $1')).toBeDefined();
    statements.poison('select * from t where a = $1');
    expect(statements.nameFor('select * from t where a = $1')).toBeUndefined();
  });
});

describe.skipIf(postgresSkipReason)('prepared statements on PostgreSQL', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb('postgres');
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('a statement sent often is parsed once per connection and answers the same', async () => {
    // A text of this test alone: the process's table of texts is shared by every test of the worker.
    const tag = randomBytes(6).toString('hex');
    const answers = await db.kysely.connection().execute(async (conn) => {
      const out: number[] = [];
      for (let i = 0; i < PREPARE_AFTER + 2; i++) {
        const { rows } = await sql<{ n: number }>`select ${i}::int + 1 as n, ${tag}::text as tag`.execute(conn);
        out.push(rows[0]?.n ?? -1);
      }
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements
        where name like 'pw\\_%' and statement like ${`%${'::text as tag'}%`}`.execute(conn);
      return { out, prepared: prepared.rows.map((r) => r.statement) };
    });
    expect(answers.out).toEqual([1, 2, 3, 4, 5]);
    expect(answers.prepared).toHaveLength(1);
    expect(answers.prepared[0]).toContain('+ 1 as n');
  });

  it('after a column is added under a prepared select *, one call fails and the next sees the column', async () => {
    const table = `prepared_${randomBytes(6).toString('hex')}`;
    const outcome = await db.kysely.connection().execute(async (conn) => {
      await sql.raw(`create table ${table} (a int)`).execute(conn);
      await sql.raw(`insert into ${table} values (1)`).execute(conn);
      const select = () => sql<Record<string, unknown>>`select * from ${sql.table(table)} where a = ${1}`.execute(conn);
      for (let i = 0; i < PREPARE_AFTER + 1; i++) await select();
      await sql.raw(`alter table ${table} add column b text default 'new'`).execute(conn);
      const refused = await select().then(
        () => undefined,
        (error: Error) => error.message,
      );
      const after = await select();
      return { refused, row: after.rows[0] };
    });
    expect(outcome.refused).toMatch(/must not change result type/);
    expect(outcome.row).toEqual({ a: 1, b: 'new' });
  });
});
