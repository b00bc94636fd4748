import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';

/** Tables of timestamped events under a scope and a hashed key: failed sign-ins, sign-up attempts. */
type KeyedEventsTable = 'sign_in_failures' | 'join_attempts';

/**
 * Events counted per key over a window, kept in the database so that every server process counts
 * the same. Keys are hashed by the caller: no email, phone or IP address is stored in clear here.
 */
export class KeyedEventsRepository<Scope extends string> {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly table: KeyedEventsTable,
  ) {}

  async record(scope: Scope, keyHash: string, now: Date): Promise<void> {
    await this.db
      .insertInto(this.table)
      .values({ scope, key_hash: keyHash, at: timeValue(this.dialect, now) })
      .execute();
  }

  /**
   * Records the event only if this scope and key have none yet (a partial unique index makes it
   * atomic: see migration 20261207080000); false if one existed.
   */
  async recordOnce(scope: Scope, keyHash: string, now: Date): Promise<boolean> {
    const result = await this.db
      .insertInto(this.table)
      .values({ scope, key_hash: keyHash, at: timeValue(this.dialect, now) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** How many events since `since`, and when the oldest of them happened. */
  async since(scope: Scope, keyHash: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom(this.table)
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('at').as('oldest')])
      .where('scope', '=', scope)
      .where('key_hash', '=', keyHash)
      .where('at', '>', timeValue(this.dialect, since))
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldest: row.oldest ? readTime(row.oldest as Date | string) : null };
  }

  async clear(scope: Scope, keyHash: string): Promise<void> {
    await this.db.deleteFrom(this.table).where('scope', '=', scope).where('key_hash', '=', keyHash).execute();
  }

  async deleteOlderThan(before: Date): Promise<void> {
    await this.db.deleteFrom(this.table).where('at', '<=', timeValue(this.dialect, before)).execute();
  }
}
