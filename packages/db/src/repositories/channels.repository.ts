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

/** Observers' addresses on the message channels (issue 22): who an SMS or a Telegram chat is from. */
export class ChannelsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    /** Applicants' phones are sealed: an SMS sender is found by the phone's blind index. */
    private readonly keys: DataKeyring = new DataKeyring(),
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
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('channel_identities as r')
                    .select('r.address')
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
      .where('address', '=', address)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** An observer's linked addresses (SMS and Telegram; pending link codes are not links), masked. */
  async linksOf(userId: string, mask: (channel: string, address: string) => string): Promise<ChannelLink[]> {
    const rows = await this.db
      .selectFrom('channel_identities')
      .select(['channel', 'address', 'created_at'])
      .where('user_id', '=', userId)
      .where('channel', 'in', ['sms', 'telegram'])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      channel: r.channel as 'sms' | 'telegram',
      addressMask: mask(r.channel, r.address),
      createdAt: readIsoTime(r.created_at),
    }));
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
      .where('address', '=', address)
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
    await this.db
      .insertInto('channel_conversations')
      .values({ channel, address, ...row })
      .onConflict((oc) => oc.columns(['channel', 'address']).doUpdateSet(row))
      .execute();
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
