import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PREPARE_AFTER, PreparedStatements, preparingClient } from './prepared-statements.ts';
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
  let pool: pg.Pool;
  beforeEach(async () => {
    db = await createTestDb('postgres');
    // A pool and a table of texts of this test alone: the process's own table is shared by every
    // test file of the worker, and may be full.
    pool = new pg.Pool({
      connectionString: db.connection?.databaseUrl,
      max: 1,
      Client: preparingClient(new PreparedStatements(PREPARE_AFTER, 10)),
    });
  });
  afterEach(async () => {
    await pool.end();
    await db.dispose();
  });

  it('a statement sent often is parsed once per connection and answers the same', async () => {
    const client = await pool.connect();
    try {
      const answers: number[] = [];
      for (let i = 0; i < PREPARE_AFTER + 2; i++) {
        const { rows } = await client.query<{ n: number }>('select $1::int + 1 as n', [i]);
        answers.push(rows[0]?.n ?? -1);
      }
      const prepared = await client.query<{ statement: string }>(
        "select statement from pg_prepared_statements where name like 'pw\\_%'",
      );
      expect(answers).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(prepared.rows.map((r) => r.statement)).toEqual(['select $1::int + 1 as n']);
    } finally {
      client.release();
    }
  });

  it('after a column is added under a prepared select *, one call fails and the next sees the column', async () => {
    const client = await pool.connect();
    try {
      await client.query('create table prepared_t (a int)');
      await client.query('insert into prepared_t values (1)');
      const select = () => client.query('select * from prepared_t where a = $1', [1]);
      for (let i = 0; i < PREPARE_AFTER + 1; i++) await select();
      await client.query("alter table prepared_t add column b text default 'new'");
      const refused = await select().then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/must not change result type/);
      expect((await select()).rows).toEqual([{ a: 1, b: 'new' }]);
    } finally {
      client.release();
    }
  });
});
