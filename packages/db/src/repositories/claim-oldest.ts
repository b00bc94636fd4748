import type { Expression, ExpressionBuilder, Kysely, SqlBool, UpdateObject } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';

/** The queues that background runners claim a row from, oldest first; each has `id` and `created_at`. */
export type ClaimQueue = 'export_jobs' | 'school_reminders' | 'telegram_notices';

/**
 * Takes the oldest claimable row of a queue for this runner and answers its id (undefined when there
 * is none). Safe with any number of processes: PostgreSQL takes the row in one statement with
 * `FOR UPDATE SKIP LOCKED`, so two claimers never wait on or take the same row; SQLite (one writer)
 * re-checks `claimable` in the conditional update and tries the next row when another claim won.
 * `set` marks the row as taken (status, runner, claim time, attempts): the one home of this rule for
 * export jobs, school reminders and Telegram notices.
 */
export async function claimOldest<T extends ClaimQueue>(
  db: Kysely<Database>,
  dialect: DialectName,
  table: T,
  claimable: (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>,
  set: (eb: ExpressionBuilder<Database, T>) => UpdateObject<Database, T, T>,
): Promise<string | undefined> {
  // Kysely cannot follow a table name that is a type parameter; the callers' types are checked above.
  const q = db as unknown as Kysely<Record<ClaimQueue, { id: string; created_at: unknown }>>;
  const where = claimable as never;
  const next = () =>
    q
      .selectFrom(table as ClaimQueue)
      .select('id')
      .where(where)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1);
  const update = () => q.updateTable(table as ClaimQueue).set(set as never);
  if (dialect === 'postgres') {
    const row = await update().where('id', '=', next().forUpdate().skipLocked()).returning('id').executeTakeFirst();
    return row?.id;
  }
  for (let tries = 0; tries < 5; tries++) {
    const found = await next().executeTakeFirst();
    if (!found) return undefined;
    const result = await update().where('id', '=', found.id).where(where).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return found.id;
  }
  return undefined;
}
