import { CompiledQuery, type Kysely } from 'kysely';
import type { DialectName } from './database.ts';
import type { Database } from './schema.ts';

/** SQLite allows 32,766 parameters per statement, PostgreSQL 65,535. */
const MAX_PARAMETERS = 30_000;
const texts = new Map<string, string>();

/**
 * Inserts many rows with one statement per chunk, skipping Kysely's query builder: on the ingest
 * path building and compiling a 50-row insert cost more than SQLite took to run it. The SQL text
 * depends only on the table, columns and row count, so it is built once and the connection's
 * statement cache reuses the prepared statement. Table and column names are our own constants,
 * never input.
 */
export async function insertRows(
  db: Kysely<Database>,
  dialect: DialectName,
  table: keyof Database & string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; ) {
    const chunk = rows.slice(start, start + chunkSize(dialect, rows.length - start, perChunk));
    start += chunk.length;
    const parameters: unknown[] = [];
    for (const row of chunk) {
      if (row.length !== columns.length) throw new Error(`insertRows: a row of ${table} has ${row.length} values`);
      for (const value of row) parameters.push(value);
    }
    await db.executeQuery(CompiledQuery.raw(insertText(dialect, table, columns, chunk.length), parameters));
  }
}

/**
 * SQLite: a power of two, so that a few statements serve every batch size (a group of 50 is 32 +
 * 16 + 2). Preparing an insert compiles the table's triggers into it, and with every group commit
 * of a new size that cost the report writer more than running it; a cached statement costs
 * nothing. PostgreSQL prepares each query anyway, and its per-statement triggers want one
 * statement.
 */
function chunkSize(dialect: DialectName, remaining: number, perChunk: number): number {
  const most = Math.min(remaining, perChunk);
  return dialect === 'postgres' ? most : 2 ** Math.floor(Math.log2(most));
}

function insertText(dialect: DialectName, table: string, columns: readonly string[], rows: number): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}`;
  let text = texts.get(key);
  if (text) return text;
  let n = 0;
  const placeholder = dialect === 'postgres' ? () => `$${++n}` : () => '?';
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map(placeholder).join(', ')})`);
  text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  if (texts.size >= 2000) texts.clear();
  texts.set(key, text);
  return text;
}
