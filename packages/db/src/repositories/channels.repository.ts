import type { Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';
import { timeValue } from '../values.ts';
import { DataKeyring } from '../field-crypto.ts';

/** `telegram-link`: a one-time link code (its SHA-256 as the address) waiting for the observer's chat. */
export type MessageChannel = 'sms' | 'telegram' | 'telegram-link';

/** The account a message channel's sender is, as the channel needs it. */
export interface ChannelObserver {
  userId: string;
  role: string;
  status: string;
  locale: string;
}

/** Observers' addresses on the message channels (issue 22): who an SMS or a Telegram chat is from. */
export class ChannelsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Links an address to an account; a second link of the same address moves it. */
  async link(channel: MessageChannel, address: string, userId: string, now: Date): Promise<void> {
    await this.db
      .insertInto('channel_identities')
      .values({ channel, address, user_id: userId, created_at: timeValue(this.dialect, now) })
      .onConflict((oc) => oc.columns(['channel', 'address']).doUpdateSet({ user_id: userId }))
      .execute();
  }

  /**
   * The account behind an address: a linked one first, then (for SMS) the certified applicant with
   * this phone, whose account is the observer's.
   */
  async find(channel: MessageChannel, address: string): Promise<ChannelObserver | undefined> {
    const linked = await this.db
      .selectFrom('channel_identities as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['u.id', 'u.role', 'u.status', 'u.locale'])
      .where('c.channel', '=', channel)
      .where('c.address', '=', address)
      .executeTakeFirst();
    const row =
      linked ??
      (channel === 'sms'
        ? await this.db
            .selectFrom('applicants as a')
            .innerJoin('users as u', 'u.id', 'a.user_id')
            .select(['u.id', 'u.role', 'u.status', 'u.locale'])
            .where('a.phone_hash', 'in', this.keys.lookups(address, 'phone'))
            .where('a.merged_into', 'is', null)
            .orderBy('a.updated_at', 'desc')
            .executeTakeFirst()
        : undefined);
    return row ? { userId: row.id, role: row.role, status: row.status, locale: row.locale } : undefined;
  }

  /** Removes an address (a used link code); true if it was there. */
  async unlink(channel: MessageChannel, address: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('channel_identities')
      .where('channel', '=', channel)
      .where('address', '=', address)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
    /** Applicants' phones are sealed: an SMS sender is found by the phone's blind index. */
    private readonly keys: DataKeyring = new DataKeyring(),
