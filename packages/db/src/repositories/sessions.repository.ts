import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { timeValue } from '../values.ts';

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

  /**
   * Rolls many sessions forward in one transaction (call it inside one). Each update's trigger
   * moves its user's "last heard from" rows (observer_watch), which the report writer moves too:
   * on PostgreSQL those rows are locked first, in the writer's order (election, observer; see
   * `ReportsRepository.lockWatched`), and the sessions are updated in token order, so this
   * transaction and a report writer's (or another server's roll-forward) never wait for each other
   * in a cycle.
   */
  async extendMany(items: readonly { tokenHash: string; at: Date; expiresAt: Date }[]): Promise<void> {
    if (items.length === 0) return;
    const sorted = [...items].sort((a, b) => (a.tokenHash < b.tokenHash ? -1 : a.tokenHash > b.tokenHash ? 1 : 0));
    if (this.dialect === 'postgres') {
      const hashes = sorted.map((i) => i.tokenHash);
      await sql`select 1 from observer_watch w
        where w.observer_id in (select se.user_id from sessions se where se.token_hash = any(${hashes}::text[]))
        order by w.election_id, w.observer_id
        for update of w`.execute(this.db);
      // Three statements, not one round trip per session: a voting-day second rolls forward
      // hundreds of observers' sessions. The rows are locked in token order first (one UPDATE
      // takes them in its plan's order, which two processes need not share).
      await sql`select 1 from sessions where token_hash = any(${hashes}::text[]) order by token_hash for update`.execute(
        this.db,
      );
      await sql`update sessions s set last_seen_at = v.at, expires_at = v.expires_at
        from unnest(${hashes}::text[], ${sorted.map((i) => i.at.toISOString())}::timestamptz[],
          ${sorted.map((i) => i.expiresAt.toISOString())}::timestamptz[]) as v(token_hash, at, expires_at)
        where s.token_hash = v.token_hash`.execute(this.db);
      return;
    }
    for (const { tokenHash, at, expiresAt } of sorted) await this.extend(tokenHash, at, expiresAt);
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
    if (this.dialect === 'postgres') {
      // Many users' sessions at once: their "last heard from" rows are locked first, in the report
      // writer's order (see `extendMany`), before the deletes' trigger moves them.
      const at = timeValue(this.dialect, now);
      const result = await sql`with watched as (
          select 1 from observer_watch w
          where w.observer_id in (select se.user_id from sessions se where se.expires_at <= ${at})
          order by w.election_id, w.observer_id
          for update of w)
        delete from sessions where expires_at <= ${at} and (select count(*) from watched) >= 0`.execute(this.db);
      return Number(result.numAffectedRows ?? 0);
    }
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', timeValue(this.dialect, now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
