import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type AssignmentShift,
  channelNotice,
  DomainError,
  type FormDefinition,
  formDueNow,
  type Locale,
  locales,
  type MessageForm,
  maskAddress,
  maskPhonesInText,
  messageDedupeMaterial,
  normaliseKzMobile,
  type Organisation,
  parseMessage,
  replyToParsed,
  type SmsCardLocale,
  type StationSchedule,
  smsCardContent,
} from '@pollwatch/core';
import type { ChannelMessageFilter, DataKeyring, MessageStatus, Store } from '@pollwatch/db';
import { smsCardPdf } from '@pollwatch/documents';
import { manageableAccount } from '../accounts/users.service.ts';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { assertNotThrottled, recordFailure, type ThrottleKey } from '../auth/sign-in-throttle.ts';
import type { IngestService } from '../reports/ingest.service.ts';
import { revokeChannelLinks } from './channel-links.ts';
import type { MessageSender } from './message-sender.ts';

export interface ChannelsOptions {
  /** A repeat of the same text from the same sender within this many seconds is recorded once. */
  dedupeWindowSeconds: number;
}

export type InboundOutcome = 'recorded' | 'duplicate' | 'rejected' | 'not_registered' | 'throttled';

export interface InboundResult {
  outcome: InboundOutcome;
  reply: string | null;
  reportId?: string;
  /** Who and where, for the message log. */
  userId?: string;
  stationId?: string;
  locale?: Locale;
}

const statusOf: Record<InboundOutcome, MessageStatus> = {
  recorded: 'accepted',
  duplicate: 'accepted',
  rejected: 'refused',
  not_registered: 'refused',
  throttled: 'refused',
};

type Log = (entry: Record<string, unknown>, msg: string) => void;

/**
 * A sender's phone or chat in the message log and in log lines: its keyed blind index (the data
 * key's HMAC, issue 21), never the number, and not a plain hash either — every Kazakh mobile number
 * (10^10) could be hashed in minutes to reverse one.
 */
export const senderHash = (keys: DataKeyring, address: string) => keys.index(address, 'sender').slice(0, 22);

/** What stands for a sender in throttle rows and report ids: keyed like `senderHash`, never the number. */
const senderKey = (keys: DataKeyring, channel: string, address: string) =>
  keys.index(`${channel}:${address}`, 'message-sender');

/** The report id a message makes: the same for a repeat in the window, so ingest stores it once. */
export function messageReportId(material: string): string {
  const h = createHash('sha256').update(material).digest('hex');
  // RFC 9562 version 8 (custom) UUID from the hash.
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const linkHash = (code: string) => createHash('sha256').update(`telegram-link:${code}`).digest('hex');

/** Constant-time comparison of a webhook's secret. */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface HmacOptions {
  secret: string;
  /** How old (or how far ahead) a signed call's timestamp may be. */
  maxAgeSeconds: number;
}

/**
 * An HMAC-SHA256 webhook signature over `<timestamp>.<raw body>`, hex (optionally `sha256=`-prefixed),
 * compared in constant time; the timestamp (Unix seconds) must lie within the replay window.
 */
export function signatureMatches(
  rawBody: string,
  signature: string | undefined,
  timestamp: string | undefined,
  options: HmacOptions,
  now: Date,
): 'ok' | 'bad' | 'old' {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp) || !options.secret) return 'bad';
  const given = signature
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  const expected = createHmac('sha256', options.secret).update(`${timestamp}.${rawBody}`).digest('hex');
  const a = Buffer.from(given.padEnd(expected.length, '0').slice(0, expected.length), 'utf8');
  const ok = timingSafeEqual(a, Buffer.from(expected, 'utf8')) && given.length === expected.length;
  if (!ok) return 'bad';
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) > options.maxAgeSeconds ? 'old' : 'ok';
}

/** A chat's chosen language, else the account's, else Russian. */
export function localeOf(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) if (c && (locales as readonly string[]).includes(c)) return c as Locale;
  return 'ru';
}

/**
 * Coded reports by SMS (and, through the same method, Telegram): who sent it, what it says, and
 * the report it makes through the SAME ingest pipeline as the field app (channel `sms`).
 */
export class ChannelsService {
  constructor(
    private readonly store: Store,
    private readonly ingest: IngestService,
    private readonly sender: MessageSender,
    private readonly now: () => Date,
    private readonly options: ChannelsOptions,
    private readonly log: Log = () => {},
  ) {}

  /** A sender in a log line or the message log: keyed, never the number (see `senderHash`). */
  senderHash(address: string): string {
    return senderHash(this.store.keyring, address);
  }

  async inboundSms(from: string, text: string): Promise<InboundResult> {
    const phone = normaliseKzMobile(from);
    const address = phone.ok ? phone.e164 : from.trim().slice(0, 64);
    const result = await this.handle('sms', address, text);
    if (result.reply) {
      let status: MessageStatus = 'accepted';
      try {
        await this.sender.send(address, result.reply);
      } catch (error) {
        status = 'error';
        this.log({ sender: this.senderHash(address), error: (error as Error).message }, 'sms reply failed');
      }
      await this.logMessage('sms', 'out', address, { ...result, status, outcome: 'reply', text: result.reply });
    }
    return result;
  }

  /**
   * One line of the message log: the sender as a hash and a mask, phone-like numbers in the text
   * masked too, so the HQ's page never shows a number in clear.
   */
  async logMessage(
    channel: 'sms' | 'telegram',
    direction: 'in' | 'out',
    address: string,
    m: {
      userId?: string | undefined;
      stationId?: string | undefined;
      reportId?: string | undefined;
      status: MessageStatus;
      outcome: string;
      text: string;
    },
  ): Promise<void> {
    try {
      await this.store.channels.logMessage({
        id: randomUUID(),
        channel,
        direction,
        senderHash: this.senderHash(address),
        senderMask: maskAddress(channel, address),
        userId: m.userId ?? null,
        stationId: m.stationId ?? null,
        reportId: m.reportId ?? null,
        status: m.status,
        outcome: m.outcome,
        text: maskPhonesInText(m.text.slice(0, 2000)),
        createdAt: this.now(),
      });
    } catch (error) {
      this.log({ sender: this.senderHash(address), error: (error as Error).message }, 'message log write failed');
    }
  }

  /** An inbound coded message: the report it makes, logged in and out of the message log by the caller's channel. */
  async handle(
    channel: 'sms' | 'telegram',
    address: string,
    text: string,
    chatLocale?: Locale,
  ): Promise<InboundResult> {
    let result: InboundResult;
    try {
      result = await this.handleCoded(channel, address, text, chatLocale);
    } catch (error) {
      await this.logMessage(channel, 'in', address, { status: 'error', outcome: 'error', text });
      throw error;
    }
    await this.logMessage(channel, 'in', address, {
      ...result,
      status: statusOf[result.outcome],
      outcome: result.outcome,
      text,
    });
    return result;
  }

  /**
   * A message from a sender on no roster: counted as a failure of that sender; false once the
   * sender is throttled (then nothing is answered).
   */
  async strangerAllowed(channel: 'sms' | 'telegram', address: string): Promise<boolean> {
    const now = this.now();
    const key: ThrottleKey = { scope: 'message-sender', value: senderKey(this.store.keyring, channel, address) };
    try {
      await assertNotThrottled(this.store, [key], now);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'rate_limited') return false;
      throw error;
    }
    await recordFailure(this.store, [key], now);
    return true;
  }

  /** The active observer behind an address, or undefined. */
  async observerAt(channel: 'sms' | 'telegram', address: string) {
    const observer = await this.store.channels.find(channel, address);
    return observer?.role === 'observer' && observer.status === 'active' ? observer : undefined;
  }

  private async handleCoded(
    channel: 'sms' | 'telegram',
    address: string,
    text: string,
    chatLocale?: Locale,
  ): Promise<InboundResult> {
    const now = this.now();
    const key: ThrottleKey = { scope: 'message-sender', value: senderKey(this.store.keyring, channel, address) };
    try {
      await assertNotThrottled(this.store, [key], now);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'rate_limited') {
        this.log({ sender: this.senderHash(address), channel }, 'message sender throttled');
        return { outcome: 'throttled', reply: null };
      }
      throw error;
    }
    const observer = await this.store.channels.find(channel, address);
    if (observer?.role !== 'observer' || observer.status !== 'active') {
      await recordFailure(this.store, [key], now);
      this.log({ sender: this.senderHash(address), channel }, 'message from a sender not on the roster');
      return {
        outcome: 'not_registered',
        reply: channelNotice(channel === 'sms' ? 'notRegistered' : 'notLinked', chatLocale ?? 'ru'),
      };
    }
    const locale = localeOf(chatLocale, observer.locale);
    const who = { userId: observer.userId, locale };
    const forms = await this.formsOf(observer.userId);
    const parsed = parseMessage(
      text,
      forms.map((f) => f.entry),
    );
    if (!parsed.form || parsed.problems.length > 0) {
      await recordFailure(this.store, [key], now);
      return {
        ...who,
        outcome: 'rejected',
        reply: replyToParsed(
          parsed,
          forms.map((f) => f.entry),
          locale,
        ),
      };
    }
    const form = forms.find((f) => f.entry.form === parsed.form);
    const assignment = form
      ? (await this.store.assignments.list({ electionId: form.electionId, observerId: observer.userId }))[0]
      : undefined;
    const user = await this.store.users.findById(observer.userId);
    if (!form || !assignment || !user) {
      return { ...who, outcome: 'rejected', reply: channelNotice('notRegistered', locale) };
    }
    const where = { ...who, stationId: assignment.stationId };
    const id = messageReportId(
      messageDedupeMaterial(
        senderKey(this.store.keyring, channel, address),
        text,
        now,
        this.options.dedupeWindowSeconds,
      ),
    );
    if (await this.store.reports.findReport(id)) {
      return { ...where, outcome: 'duplicate', reply: channelNotice('duplicate', locale), reportId: id };
    }
    try {
      await this.ingest.submit(
        { user, audited: false },
        {
          id,
          revision: 1,
          stationId: assignment.stationId,
          formId: form.formId,
          formVersion: form.version,
          answers: parsed.answers,
        },
        channel,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.log({ sender: this.senderHash(address), channel, code: error.code }, 'message report refused by ingest');
      return {
        ...where,
        outcome: 'rejected',
        reply: `${replyToParsed(
          { ...parsed, problems: [{ code: 'unreadable', fragment: error.code }] },
          forms.map((f) => f.entry),
          locale,
        )}`,
      };
    }
    return {
      ...where,
      outcome: 'recorded',
      reply: replyToParsed(
        parsed,
        forms.map((f) => f.entry),
        locale,
      ),
      reportId: id,
    };
  }

  /** A page of the message log in the actor's area scope. */
  async messages(actor: Actor, filter: Omit<ChannelMessageFilter, 'scope'> & { limit: number; offset: number }) {
    const { limit, offset, ...rest } = filter;
    const page = await this.store.channels.listMessages({ ...rest, scope: scopeOf(actor) }, { limit, offset });
    return { total: page.total, items: page.items.map(({ senderHash: _hash, ...item }) => item) };
  }

  /**
   * The printable SMS card of a published form (PDF, ru or kk, on the letterhead): the format, the
   * codes and a checked example; with an observer's name when printed for one (area-scoped).
   */
  async smsCard(
    actor: Actor,
    formId: string,
    locale: SmsCardLocale,
    observerId?: string,
  ): Promise<{ pdf: Uint8Array; code: string }> {
    const form = await this.store.forms.findById(formId);
    const published = form
      ? (await this.store.forms.versions(formId)).find((v) => v.status === 'published')
      : undefined;
    if (!form || !published) throw new DomainError('not_found', 'no published form');
    const observer = observerId ? await manageableAccount(this.store, actor, observerId) : undefined;
    const organisation = (await this.store.settings.get('organisation')) as Organisation | undefined;
    if (!organisation) {
      throw new DomainError('letter_details_missing', 'the letterhead is not set', { missing: ['organisation'] });
    }
    const card = smsCardContent(
      { prefix: form.code.toUpperCase(), form: published.definition as FormDefinition },
      locale,
    );
    const pdf = await smsCardPdf({
      card,
      organisation: {
        name: organisation.name[locale],
        registration: organisation.registration,
        address: organisation.address,
        contacts: organisation.contacts,
      },
      observerName: observer?.displayName,
    });
    return { pdf, code: form.code };
  }

  /** The observer's linked Telegram chats and SMS numbers, masked (never the number). */
  async links(actor: Actor, userId: string) {
    await this.linkable(this.store, actor, userId);
    return this.store.channels.linksOf(userId, maskAddress);
  }

  /**
   * Unlinks an observer's Telegram chats and/or SMS number (a lost phone): by the observer
   * themselves, or by a coordinator who manages them (404 outside their area). Audited.
   */
  async unlink(actor: Actor, userId: string, channels: readonly ('sms' | 'telegram')[] = ['sms', 'telegram']) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.linkable(tx, actor, userId);
      const unlinked = await revokeChannelLinks(tx, userId, channels, now);
      await audit(
        tx,
        actor,
        { action: 'channel.unlinked', entityType: 'user', entityId: userId, details: { channels: unlinked } },
        now,
      );
      return unlinked;
    });
  }

  private async linkable(tx: Store, actor: Actor, userId: string) {
    if (actor.user.id === userId && actor.user.role === 'observer') return;
    const target = await manageableAccount(tx, actor, userId);
    if (target.role !== 'observer') throw new DomainError('role_not_allowed', 'channel links belong to observers');
  }

  /** A one-time code the observer sends the bot (`/start CODE`) to link their Telegram chat. */
  async telegramLinkCode(userId: string): Promise<string> {
    const code = randomBytes(12).toString('base64url');
    await this.store.channels.link('telegram-link', linkHash(code), userId, this.now());
    return code;
  }

  /** Links a chat with a link code; false if the code is unknown or used. */
  async linkTelegram(chatId: string, code: string): Promise<boolean> {
    const hash = linkHash(code.trim());
    const owner = await this.store.channels.find('telegram-link', hash);
    if (!owner || !(await this.store.channels.unlink('telegram-link', hash))) return false;
    await this.store.channels.link('telegram', chatId, owner.userId, this.now());
    this.log({ sender: this.senderHash(chatId) }, 'telegram chat linked');
    return true;
  }

  /** The published forms of the observer's elections, each with its SMS prefix (the form code). */
  async formsOf(userId: string) {
    const out: { entry: MessageForm; electionId: string; formId: string; version: number }[] = [];
    for (const electionId of await this.store.assignments.electionIdsOf(userId)) {
      for (const form of await this.store.forms.listByElection(electionId)) {
        const published = (await this.store.forms.versions(form.id)).find((v) => v.status === 'published');
        if (!published) continue;
        out.push({
          entry: { prefix: form.code.toUpperCase(), form: published.definition as FormDefinition },
          electionId,
          formId: form.id,
          version: published.version,
        });
      }
    }
    return out;
  }

  /**
   * The forms the Telegram menu offers now: published forms of the observer's elections that the
   * station's voting day and the observer's shifts make due (core's `formDueNow`), incidents always.
   */
  async dueFormsOf(userId: string, at: Date = this.now()) {
    const forms = await this.formsOf(userId);
    const due: typeof forms = [];
    const schedules = new Map<string, { shifts: AssignmentShift[]; schedule: StationSchedule }[]>();
    for (const form of forms) {
      let places = schedules.get(form.electionId);
      if (!places) {
        places = await this.placesOf(userId, form.electionId);
        schedules.set(form.electionId, places);
      }
      if (places.some((p) => formDueNow(form.entry.form.kind, p.shifts, p.schedule, at))) due.push(form);
    }
    return due;
  }

  /** Each station the observer is assigned to in the election: their shifts there and its voting day. */
  async placesOf(userId: string, electionId: string) {
    const election = await this.store.elections.findById(electionId);
    if (!election) return [];
    const byStation = new Map<string, AssignmentShift[]>();
    for (const a of await this.store.assignments.list({ electionId, observerId: userId })) {
      byStation.set(a.stationId, [...(byStation.get(a.stationId) ?? []), a.shift]);
    }
    const out: { stationId: string; shifts: AssignmentShift[]; schedule: StationSchedule }[] = [];
    for (const [stationId, shifts] of byStation) {
      const station = await this.store.stations.findById(stationId);
      out.push({
        stationId,
        shifts,
        schedule: {
          votingDate: election.votingDate,
          timeZone: station?.timeZone ?? election.timeZone,
          pollsOpen: station?.pollsOpen ?? election.pollsOpen,
          pollsClose: station?.pollsClose ?? election.pollsClose,
          checkpoints: election.turnoutCheckpoints,
        },
      });
    }
    return out;
  }
}
