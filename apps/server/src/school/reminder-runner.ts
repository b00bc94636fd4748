import { randomUUID } from 'node:crypto';
import {
  classReminderText,
  dueReminderKind,
  localDateTime,
  REMINDER_LEADS,
  type SchoolLocale,
  schoolText,
} from '@pollwatch/core';
import type { ReminderStatus, Store, StoredReminder } from '@pollwatch/db';
import type { MessageSender } from '../channels/message-sender.ts';
import { type JobLog, MessageJob, type MessageJobOptions } from '../workers/polling-job-runner.ts';

/** Sends a text to a Telegram chat through the Bot API (`sendMessage`); a local fake in tests. */
export class TelegramSender implements MessageSender {
  constructor(private readonly options: { token: string; apiBase: string; timeoutMs?: number }) {}

  async send(chatId: string, text: string): Promise<void> {
    const response = await fetch(`${this.options.apiBase}/bot${this.options.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chatId, text }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const json = (await response.json().catch(() => ({}))) as { ok?: boolean };
    if (!response.ok || !json.ok) throw new Error(`telegram sendMessage answered ${response.status}`);
  }
}

export interface ReminderChannels {
  /** Only when an SMS gateway is configured: without one, nobody is texted. */
  sms?: MessageSender | undefined;
  telegram?: MessageSender | undefined;
}

export type ReminderRunnerOptions = MessageJobOptions;

type Log = JobLog;

/**
 * Class reminders (issue 20), a background job in the database: every poll queues the reminders
 * now due (24 h and 2 h before each class, to everyone with a place; the unique index makes that
 * idempotent across runs and processes), then claims them one at a time (SKIP LOCKED) and sends
 * each by Telegram if the person linked a chat, else by SMS through the gateway, else leaves it
 * 'to_call' on the coordinator's list. A reminder is never sent twice; a failed send is retried,
 * then left to call. Logs carry the reminder's id, never a phone or a name.
 */
export class ReminderRunner extends MessageJob {
  constructor(
    private readonly store: Store,
    private readonly channels: ReminderChannels,
    private readonly now: () => Date,
    options: ReminderRunnerOptions = {},
    private readonly log: Log = () => {},
  ) {
    super(now, options, log, 'class reminders failed; next poll retries');
  }

  /** One pass: queue what is due, then send everything queued. */
  async runOnce(): Promise<{ queued: number; sent: number; toCall: number }> {
    const now = this.now();
    let queued = 0;
    const horizon = Math.max(...REMINDER_LEADS.map((l) => l.beforeMs));
    for (const c of await this.store.schoolPlaces.upcomingClasses(now, horizon)) {
      const kind = dueReminderKind(c.startsAt, now);
      if (kind) queued += await this.store.schoolPlaces.queueReminders(c.id, kind, randomUUID, now);
    }
    let sent = 0;
    let toCall = 0;
    await this.jobs.claimEach(
      (runner, at, staleBefore) => this.store.schoolPlaces.claimReminder(runner, at, staleBefore),
      async (reminder, at) => {
        const outcome = await this.deliver(reminder, at);
        await this.store.schoolPlaces.finishReminder(reminder.id, this.id, outcome, this.now());
        if (outcome.status === 'sent') sent++;
        if (outcome.status === 'to_call') toCall++;
        return true;
      },
    );
    return { queued, sent, toCall };
  }

  private async deliver(
    r: StoredReminder,
    now: Date,
  ): Promise<{ status: ReminderStatus; channel: 'telegram' | 'sms' | null }> {
    const klass = await this.store.school.findClass(r.classId);
    const contact = await this.store.schoolPlaces.contact(r.classId, r.applicantId);
    // Cancelled since, or the class began: nothing to remind of.
    if (!klass || !contact?.signedUp || klass.startsAt.getTime() <= now.getTime()) {
      return { status: 'skipped', channel: null };
    }
    const election = await this.store.elections.findById(klass.electionId);
    const local = localDateTime(klass.startsAt, election?.timeZone ?? 'UTC');
    const locale = (['ru', 'kk', 'en'].includes(contact.locale) ? contact.locale : 'ru') as SchoolLocale;
    const text = classReminderText(locale, {
      kind: r.kind,
      classTitle: schoolText(klass.title, locale),
      when: `${local.date} ${local.time}`,
      mode: klass.mode,
      place: klass.place,
    });
    const route: { channel: 'telegram' | 'sms'; sender: MessageSender; to: string } | undefined =
      contact.telegramChatId && this.channels.telegram
        ? { channel: 'telegram', sender: this.channels.telegram, to: contact.telegramChatId }
        : this.channels.sms && contact.phone
          ? { channel: 'sms', sender: this.channels.sms, to: contact.phone }
          : undefined;
    if (!route) return { status: 'to_call', channel: null };
    try {
      await route.sender.send(route.to, text);
      return { status: 'sent', channel: route.channel };
    } catch (error) {
      this.log({ reminder: r.id, channel: route.channel, err: (error as Error).name }, 'class reminder not sent');
      return r.attempts < this.maxAttempts
        ? { status: 'queued', channel: route.channel }
        : { status: 'to_call', channel: null };
    }
  }
}
