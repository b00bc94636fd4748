import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  channelNotice,
  DomainError,
  type FormDefinition,
  type Locale,
  locales,
  type MessageForm,
  messageDedupeMaterial,
  normaliseKzMobile,
  parseMessage,
  replyToParsed,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { assertNotThrottled, recordFailure, type ThrottleKey } from '../auth/sign-in-throttle.ts';
import type { IngestService } from '../reports/ingest.service.ts';
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
}

type Log = (entry: Record<string, unknown>, msg: string) => void;

/** A sender's phone or chat in a log line: a short hash, never the number. */
export const senderHash = (address: string) =>
  createHash('sha256').update(`sender:${address}`).digest('hex').slice(0, 16);

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

  async inboundSms(from: string, text: string): Promise<InboundResult> {
    const phone = normaliseKzMobile(from);
    const address = phone.ok ? phone.e164 : from.trim().slice(0, 64);
    const result = await this.handle('sms', address, text);
    if (result.reply) {
      try {
        await this.sender.send(address, result.reply);
      } catch (error) {
        this.log({ sender: senderHash(address), error: (error as Error).message }, 'sms reply failed');
      }
    }
    return result;
  }

  async handle(channel: 'sms' | 'telegram', address: string, text: string): Promise<InboundResult> {
    const now = this.now();
    const key: ThrottleKey = { scope: 'message-sender', value: `${channel}:${address}` };
    try {
      await assertNotThrottled(this.store, [key], now);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'rate_limited') {
        this.log({ sender: senderHash(address), channel }, 'message sender throttled');
        return { outcome: 'throttled', reply: null };
      }
      throw error;
    }
    const observer = await this.store.channels.find(channel, address);
    if (observer?.role !== 'observer' || observer.status !== 'active') {
      await recordFailure(this.store, [key], now);
      this.log({ sender: senderHash(address), channel }, 'message from a sender not on the roster');
      return {
        outcome: 'not_registered',
        reply: channelNotice(channel === 'sms' ? 'notRegistered' : 'notLinked', 'ru'),
      };
    }
    const locale: Locale = (locales as readonly string[]).includes(observer.locale)
      ? (observer.locale as Locale)
      : 'ru';
    const forms = await this.formsOf(observer.userId);
    const parsed = parseMessage(
      text,
      forms.map((f) => f.entry),
    );
    if (!parsed.form || parsed.problems.length > 0) {
      await recordFailure(this.store, [key], now);
      return {
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
      return { outcome: 'rejected', reply: channelNotice('notRegistered', locale) };
    }
    const id = messageReportId(
      messageDedupeMaterial(`${channel}:${address}`, text, now, this.options.dedupeWindowSeconds),
    );
    if (await this.store.reports.findReport(id)) {
      return { outcome: 'duplicate', reply: channelNotice('duplicate', locale), reportId: id };
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
      this.log({ sender: senderHash(address), channel, code: error.code }, 'message report refused by ingest');
      return {
        outcome: 'rejected',
        reply: `${replyToParsed(
          { ...parsed, problems: [{ code: 'unreadable', fragment: error.code }] },
          forms.map((f) => f.entry),
          locale,
        )}`,
      };
    }
    return {
      outcome: 'recorded',
      reply: replyToParsed(
        parsed,
        forms.map((f) => f.entry),
        locale,
      ),
      reportId: id,
    };
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
    this.log({ sender: senderHash(chatId) }, 'telegram chat linked');
    return true;
  }

  /** The published forms of the observer's elections, each with its SMS prefix (the form code). */
  private async formsOf(userId: string) {
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
}
