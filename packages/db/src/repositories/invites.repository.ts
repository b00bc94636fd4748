import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { timeValue } from '../values.ts';

export interface NewInvite {
  id: string;
  userId: string;
  codeHash: string;
  createdBy: string | null;
  expiresAt: Date;
}

export class InvitesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async create(invite: NewInvite, now: Date): Promise<void> {
    await this.db
      .insertInto('invites')
      .values({
        id: invite.id,
        user_id: invite.userId,
        code_hash: invite.codeHash,
        created_by: invite.createdBy,
        created_at: timeValue(this.dialect, now),
        expires_at: timeValue(this.dialect, invite.expiresAt),
        used_at: null,
      })
      .execute();
  }

  /** A new invite replaces any the observer has not used yet. */
  async revokeUnused(userId: string): Promise<void> {
    await this.db.deleteFrom('invites').where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }

  /**
   * Marks the invite used and returns its user, or undefined if the code is unknown, expired or
   * already used. One UPDATE decides, so two phones racing with one code cannot both win.
   */
  async consume(codeHash: string, now: Date): Promise<string | undefined> {
    const at = timeValue(this.dialect, now);
    const row = await this.db
      .updateTable('invites')
      .set({ used_at: at })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }
}
