import type { AreaScope } from '@pollwatch/core';
import { type Kysely, sql } from 'kysely';
import { observerInScope, stationInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import { DataKeyring } from '../field-crypto.ts';
import type { Database } from '../schema.ts';
import { readInt, readIsoTime, timeValue } from '../values.ts';

/**
 * `telegram-link`: a one-time link code (its SHA-256 as the address) waiting for the observer's chat.
 * `sms-revoked`: SMS was unlinked (a lost phone; the address is the account id): the phone on the
 * observer's applicant record no longer identifies them; an explicit `sms` link still does.
 */
export type MessageChannel = 'sms' | 'telegram' | 'telegram-link' | 'sms-revoked';

export type MessageStatus = 'accepted' | 'refused' | 'error';

/** One line of the message log, as written. `senderHash` / `senderMask` stand for the address. */
export interface NewChannelMessage {
  id: string;
  channel: 'sms' | 'telegram';
  direction: 'in' | 'out';
  senderHash: string;
  senderMask: string;
  userId: string | null;
  stationId: string | null;
  reportId: string | null;
  status: MessageStatus;
  outcome: string;
  text: string;
  createdAt: Date;
}

/** A line of the message log as the HQ reads it. */
export interface ChannelMessage extends Omit<NewChannelMessage, 'createdAt'> {
  createdAt: string;
  observerName: string | null;
  stationNumber: number | null;
}

export interface ChannelMessageFilter {
  scope: AreaScope;
  channel?: 'sms' | 'telegram' | undefined;
  status?: MessageStatus | undefined;
  /** A part of the observer's name, or their account id. */
  observer?: string | undefined;
  stationNumber?: number | undefined;
  /** Inclusive UTC bounds. */
  from?: Date | undefined;
  to?: Date | undefined;
}

/** A linked channel address of an observer, masked. */
export interface ChannelLink {
  channel: 'sms' | 'telegram';
  addressMask: string;
  createdAt: string;
}

/** The account a message channel's sender is, as the channel needs it. */
export interface ChannelObserver {
  userId: string;
  role: string;
  status: string;
  locale: string;
}

type AddressTable = 'channel_identities' | 'channel_conversations';
const addressTables: readonly AddressTable[] = ['channel_identities', 'channel_conversations'];

/**
 * Observers' addresses on the message channels (issue 22): who an SMS or a Telegram chat is from.
 * Addresses (phone numbers, chat ids) are sealed at rest (issue 21): a `pw1` envelope, looked up
 * by a keyed blind index; only this repository opens them.
 */
export class ChannelsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    /** Addresses and applicants' phones are sealed: an SMS sender is found by blind indexes. */
    private readonly keys: DataKeyring = new DataKeyring(),
  ) {}

  /** The blind index of an address on a channel, under the active key (what is stored). */
  private hashOf(channel: string, address: string): string {
    return this.keys.index(address, `channel:${channel}`);
  }

  /** The address's blind index under every configured key: rows not yet rotated match too. */
  private lookupsOf(channel: string, address: string): string[] {
    return this.keys.lookups(address, `channel:${channel}`);
  }

  /** The stored form of an address: its index, its envelope and the key of both. */
  private sealed(table: AddressTable, channel: string, address: string) {
    return {
      address_hash: this.hashOf(channel, address),
      address_sealed: this.keys.encrypt(address, `${table}.address`),
      pii_key: this.keys.activeId,
    };
  }

  private open(table: AddressTable, row: { address_sealed: string | null }): string {
    if (row.address_sealed === null) throw new Error(`${table}: a row without its sealed address`);
    return this.keys.decrypt(row.address_sealed, `${table}.address`);
  }

  /** Links an address to an account; a second link of the same address moves it. */
  async link(channel: MessageChannel, address: string, userId: string, now: Date): Promise<void> {
    // The same address under an older key (before `rotate-keys` reached it) is the same link.
    const hash = this.hashOf(channel, address);
    const older = this.lookupsOf(channel, address).filter((h) => h !== hash);
    if (older.length > 0) {
      await this.db
        .deleteFrom('channel_identities')
        .where('channel', '=', channel)
        .where('address_hash', 'in', older)
        .execute();
    }
    const sealed = this.sealed('channel_identities', channel, address);
    await this.db
      .insertInto('channel_identities')
      .values({ channel, ...sealed, user_id: userId, created_at: timeValue(this.dialect, now) })
      .onConflict((oc) => oc.columns(['channel', 'address_hash']).doUpdateSet({ user_id: userId }))
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
      .where('c.address_hash', 'in', this.lookupsOf(channel, address))
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
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('channel_identities as r')
                    .select('r.address_hash')
                    .where('r.channel', '=', 'sms-revoked')
                    .whereRef('r.user_id', '=', 'u.id'),
                ),
              ),
            )
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
      .where('address_hash', 'in', this.lookupsOf(channel, address))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** An observer's linked addresses (SMS and Telegram; pending link codes are not links), masked. */
  async linksOf(userId: string, mask: (channel: string, address: string) => string): Promise<ChannelLink[]> {
    const rows = await this.db
      .selectFrom('channel_identities')
      .select(['channel', 'address_sealed', 'created_at'])
      .where('user_id', '=', userId)
      .where('channel', 'in', ['sms', 'telegram'])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      channel: r.channel as 'sms' | 'telegram',
      addressMask: mask(r.channel, this.open('channel_identities', r)),
      createdAt: readIsoTime(r.created_at),
    }));
  }

  /** The observer's most recently linked Telegram chat, in clear (to send it a message), if any. */
  async telegramChatOf(userId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('channel_identities')
      .select('address_sealed')
      .where('channel', '=', 'telegram')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row ? this.open('channel_identities', row) : undefined;
  }

  /**
   * Removes every address of an observer on the given channels (a lost phone), pending link codes
   * included; returns the channels that had one.
   */
  async unlinkUser(userId: string, channels: readonly MessageChannel[]): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('channel_identities')
      .where('user_id', '=', userId)
      .where('channel', 'in', [...channels])
      .returning('channel')
      .execute();
    return [...new Set(rows.map((r) => r.channel))].sort();
  }

  /** A chat's chosen language and conversation state (JSON), if it has any. */
  async conversation(channel: string, address: string): Promise<{ locale: string | null; state: unknown } | undefined> {
    const row = await this.db
      .selectFrom('channel_conversations')
      .select(['locale', 'state'])
      .where('channel', '=', channel)
      .where('address_hash', 'in', this.lookupsOf(channel, address))
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return row ? { locale: row.locale, state: row.state ? JSON.parse(row.state) : null } : undefined;
  }

  async saveConversation(
    channel: string,
    address: string,
    value: { locale: string | null; state: unknown },
    now: Date,
  ): Promise<void> {
    const row = {
      locale: value.locale,
      state: value.state === null || value.state === undefined ? null : JSON.stringify(value.state),
      updated_at: timeValue(this.dialect, now),
    };
    const sealed = this.sealed('channel_conversations', channel, address);
    const older = this.lookupsOf(channel, address).filter((h) => h !== sealed.address_hash);
    if (older.length > 0) {
      await this.db
        .deleteFrom('channel_conversations')
        .where('channel', '=', channel)
        .where('address_hash', 'in', older)
        .execute();
    }
    await this.db
      .insertInto('channel_conversations')
      .values({ channel, ...sealed, ...row })
      .onConflict((oc) => oc.columns(['channel', 'address_hash']).doUpdateSet(row))
      .execute();
  }

  /** How many addresses each key seals (both tables), for start-up checks and `rotate-keys`. */
  async keyUse(): Promise<{ keyId: string | null; rows: number }[]> {
    const counts = new Map<string | null, number>();
    for (const table of addressTables) {
      const rows = await this.db
        .selectFrom(table)
        .select(['pii_key', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy('pii_key')
        .execute();
      for (const r of rows) counts.set(r.pii_key, (counts.get(r.pii_key) ?? 0) + Number(r.n));
    }
    return [...counts]
      .map(([keyId, rows]) => ({ keyId, rows }))
      .sort((a, b) => String(a.keyId).localeCompare(String(b.keyId)));
  }

  /** Opens one address sealed with this key (a start-up check that the configured key is the right one). */
  async openOneSealedWith(keyId: string): Promise<boolean> {
    for (const table of addressTables) {
      const row = await this.db
        .selectFrom(table)
        .select('address_sealed')
        .where('pii_key', '=', keyId)
        .limit(1)
        .executeTakeFirst();
      if (row) {
        this.open(table, row);
        return true;
      }
    }
    return false;
  }

  /**
   * Re-seals and re-indexes up to `limit` addresses not on the active key (both tables, identities
   * first), and returns how many it moved; 0 when none is left. A row changed meanwhile (the server
   * writes with the active key too) is left as it is. Resumable like the applicants' rotation.
   */
  async rotatePage(limit: number): Promise<{ moved: number; seen: number }> {
    const active = this.keys.activeId;
    for (const table of addressTables) {
      const rows = await this.db
        .selectFrom(table)
        .select(['channel', 'address_hash', 'address_sealed'])
        .where((eb) => eb.or([eb('pii_key', '<>', active), eb('pii_key', 'is', null)]))
        .orderBy('channel')
        .orderBy('address_hash')
        .limit(limit)
        .execute();
      if (rows.length === 0) continue;
      let moved = 0;
      for (const row of rows) {
        const sealed = this.sealed(table, row.channel, this.open(table, row));
        // The same address written meanwhile under the active key: that newer row stays, this one goes.
        const newer = await this.db
          .selectFrom(table)
          .select('address_hash')
          .where('channel', '=', row.channel)
          .where('address_hash', '=', sealed.address_hash)
          .executeTakeFirst();
        const result = newer
          ? await this.db
              .deleteFrom(table)
              .where('channel', '=', row.channel)
              .where('address_hash', '=', row.address_hash)
              .executeTakeFirst()
          : await this.db
              .updateTable(table)
              .set(sealed)
              .where('channel', '=', row.channel)
              .where('address_hash', '=', row.address_hash)
              .executeTakeFirst();
        moved += Number('numDeletedRows' in result ? result.numDeletedRows : result.numUpdatedRows);
      }
      return { moved, seen: rows.length };
    }
    return { moved: 0, seen: 0 };
  }

  /** Appends a line to the message log. */
  async logMessage(m: NewChannelMessage): Promise<void> {
    await this.db
      .insertInto('channel_messages')
      .values({
        id: m.id,
        channel: m.channel,
        direction: m.direction,
        sender_hash: m.senderHash,
        sender_mask: m.senderMask,
        user_id: m.userId,
        station_id: m.stationId,
        report_id: m.reportId,
        status: m.status,
        outcome: m.outcome,
        text: m.text,
        created_at: timeValue(this.dialect, m.createdAt),
      })
      .execute();
  }

  /**
   * A page of the message log, newest first, with the total under the same filter. A regional
   * coordinator sees the messages of stations in their area, and of observers in it when a message
   * names no station; a sender on no roster is seen by national staff only.
   */
  async listMessages(
    filter: ChannelMessageFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: ChannelMessage[]; total: number }> {
    let q = this.db
      .selectFrom('channel_messages as m')
      .leftJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('stations as st', 'st.id', 'm.station_id');
    if (filter.scope.kind !== 'all') {
      const scope = filter.scope;
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('m.station_id', 'is not', null), stationInScope('m.station_id', scope)]),
          eb.and([
            eb('m.station_id', 'is', null),
            eb('m.user_id', 'is not', null),
            observerInScope('m.user_id', scope),
          ]),
        ]),
      );
    }
    if (filter.channel) q = q.where('m.channel', '=', filter.channel);
    if (filter.status) q = q.where('m.status', '=', filter.status);
    if (filter.stationNumber !== undefined) q = q.where('st.number', '=', filter.stationNumber);
    if (filter.observer) {
      const like = `%${filter.observer.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const who = filter.observer;
      q = q.where((eb) =>
        eb.or([sql<boolean>`lower(u.display_name) like ${like} escape '\\'`, eb('m.user_id', '=', uuidOrNull(who))]),
      );
    }
    if (filter.from) q = q.where('m.created_at', '>=', timeValue(this.dialect, filter.from));
    if (filter.to) q = q.where('m.created_at', '<=', timeValue(this.dialect, filter.to));
    const [rows, count] = await Promise.all([
      q
        .select([
          'm.id',
          'm.channel',
          'm.direction',
          'm.sender_hash',
          'm.sender_mask',
          'm.user_id',
          'm.station_id',
          'm.report_id',
          'm.status',
          'm.outcome',
          'm.text',
          'm.created_at',
          'u.display_name',
          'st.number',
        ])
        .orderBy('m.created_at', 'desc')
        .orderBy('m.id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: readInt(count.n),
      items: rows.map((r) => ({
        id: r.id,
        channel: r.channel as 'sms' | 'telegram',
        direction: r.direction as 'in' | 'out',
        senderHash: r.sender_hash,
        senderMask: r.sender_mask,
        userId: r.user_id,
        stationId: r.station_id,
        reportId: r.report_id,
        status: r.status as MessageStatus,
        outcome: r.outcome,
        text: r.text,
        createdAt: readIsoTime(r.created_at),
        observerName: r.display_name ?? null,
        stationNumber: r.number ?? null,
      })),
    };
  }
}

/** A value only ever equal to a user id when it looks like one (PostgreSQL's uuid column refuses others). */
function uuidOrNull(value: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    ? value
    : '00000000-0000-0000-0000-000000000000';
}
