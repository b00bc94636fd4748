import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { readTime, timeValue } from '../values.ts';

export interface StoredSession {
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export class SessionsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(tokenHash: string, userId: string, now: Date, expiresAt: Date): Promise<void> {
    const at = timeValue(this.dialect, now);
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: tokenHash,
        user_id: userId,
        created_at: at,
        last_seen_at: at,
        expires_at: timeValue(this.dialect, expiresAt),
      })
      .execute();
  }

  async findValid(tokenHash: string, now: Date): Promise<StoredSession | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', timeValue(this.dialect, now))
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      userId: row.user_id,
      createdAt: readTime(row.created_at),
      lastSeenAt: readTime(row.last_seen_at),
      expiresAt: readTime(row.expires_at),
    };
  }

  /** Whether the user is signed in somewhere: a session that has not expired. */
  async hasActive(userId: string, now: Date): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', userId)
      .where('expires_at', '>', timeValue(this.dialect, now))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async extend(tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: timeValue(this.dialect, now), expires_at: timeValue(this.dialect, expiresAt) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Signs a user out everywhere, optionally keeping the session making the request. */
  async deleteForUser(userId: string, exceptTokenHash?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash);
    await query.execute();
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', timeValue(this.dialect, now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
