import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';

export type ThrottleScope = 'account' | 'ip' | 'invite-ip';

/**
 * Failed sign-ins, kept in the database so that every server process sees the same count.
 * Keys are hashed by the caller: neither emails nor IP addresses are stored in clear here.
 */
export class SignInFailuresRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async record(scope: ThrottleScope, keyHash: string, now: Date): Promise<void> {
    await this.db
      .insertInto('sign_in_failures')
      .values({ scope, key_hash: keyHash, at: timeValue(this.dialect, now) })
      .execute();
  }

  /** How many failures since `since`, and when the oldest of them happened. */
  async since(scope: ThrottleScope, keyHash: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom('sign_in_failures')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('at').as('oldest')])
      .where('scope', '=', scope)
      .where('key_hash', '=', keyHash)
      .where('at', '>', timeValue(this.dialect, since))
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldest: row.oldest ? readTime(row.oldest as Date | string) : null };
  }

  async clear(scope: ThrottleScope, keyHash: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('scope', '=', scope).where('key_hash', '=', keyHash).execute();
  }

  async deleteOlderThan(before: Date): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('at', '<=', timeValue(this.dialect, before)).execute();
  }
}
