import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { insertRows } from './bulk-insert.ts';
import type { Database } from './schema.ts';
import { describeEachDialect } from './testing/test-database.ts';

describeEachDialect('many rows in few statements', (db, dialect) => {
  it('inserts every row once, in order, whatever the count (SQLite in chunks of powers of two)', async () => {
    const { kysely } = db();
    await sql`create table bulk_rows (seq integer primary key, label text not null)`.execute(kysely);
    const statements: string[] = [];
    let next = 1;
    for (const count of [1, 13, 50, 0, 64]) {
      const rows = Array.from({ length: count }, () => [next, `row ${next++}`]);
      await insertRows(
        {
          // The connection, watched: which statements ran.
          executeQuery: (query: { sql: string }) => {
            statements.push(query.sql);
            return kysely.executeQuery(query as never);
          },
        } as never,
        dialect,
        'bulk_rows' as keyof Database & string,
        ['seq', 'label'],
        rows,
      );
    }
    const stored = await sql<{ seq: number; label: string }>`select seq, label from bulk_rows order by seq`.execute(
      kysely,
    );
    expect(stored.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 128 }, (_, i) => i + 1));
    expect(stored.rows.every((r) => r.label === `row ${r.seq}`)).toBe(true);
    const sizes = statements.map((s) => s.split('), (').length);
    // 1, 13 = 8 + 4 + 1, 50 = 32 + 16 + 2, 64: a handful of statement texts serve every count.
    expect(sizes).toEqual(dialect === 'sqlite' ? [1, 8, 4, 1, 32, 16, 2, 64] : [1, 13, 50, 64]);
  });
});
