import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';

export type JoinScope = 'join-ip' | 'join-phone';

/**
 * Sign-up attempts, kept in the database so that every server process counts the same flood.
 * Keys are hashed by the caller: neither IP addresses nor phone numbers are stored in clear here.
 */
export class JoinAttemptsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async record(scope: JoinScope, keyHash: string, now: Date): Promise<void> {
    await this.db
      .insertInto('join_attempts')
      .values({ scope, key_hash: keyHash, at: timeValue(this.dialect, now) })
      .execute();
  }

  async since(scope: JoinScope, keyHash: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom('join_attempts')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('at').as('oldest')])
      .where('scope', '=', scope)
      .where('key_hash', '=', keyHash)
      .where('at', '>', timeValue(this.dialect, since))
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldest: row.oldest ? readTime(row.oldest as Date | string) : null };
  }

  async deleteOlderThan(before: Date): Promise<void> {
    await this.db.deleteFrom('join_attempts').where('at', '<=', timeValue(this.dialect, before)).execute();
  }
}
