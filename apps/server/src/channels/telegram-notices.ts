import { randomUUID } from 'node:crypto';
import {
  expectedShifts,
  type FormDefinition,
  type GuidedReply,
  guidedTexts,
  reminderCheckpointNow,
  type StationSchedule,
} from '@pollwatch/core';
import type { Store, TelegramNotice, TelegramNoticeStatus } from '@pollwatch/db';
import { type JobLog, MessageJob, type MessageJobOptions } from '../workers/polling-job-runner.ts';
import { type ChannelsService, localeOf } from './channels.service.ts';

export interface TelegramApiOptions {
  token: string;
  apiBase: string;
  timeoutMs?: number;
}

/** One `sendMessage` with the reply's buttons as an inline keyboard. */
export async function sendTelegram(options: TelegramApiOptions, chatId: string, reply: GuidedReply): Promise<void> {
  const response = await fetch(`${options.apiBase}/bot${options.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      chat_id: chatId,
      text: reply.text,
      ...(reply.buttons.length > 0
        ? {
            reply_markup: {
              inline_keyboard: reply.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))),
            },
          }
        : {}),
    }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const json = (await response.json().catch(() => ({}))) as { ok?: boolean };
  if (!response.ok || !json.ok) throw new Error(`telegram sendMessage answered ${response.status}`);
}

export type TelegramNoticeOptions = MessageJobOptions;

type Log = JobLog;

/** Follow-up requests older than this when the job first sees them are not announced any more. */
const FOLLOW_UP_HORIZON_MS = 2 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/**
 * What the Telegram bot says on its own (issue 22), a background job in the database like the
 * class reminders: every poll queues (a) the HQ's follow-up requests to observers with a linked
 * chat and (b) a reminder a few minutes before each turnout checkpoint to every voting-day observer
 * with a linked chat — one row per observer and subject, a unique index, so never twice — then
 * claims them one at a time (SKIP LOCKED) and sends each in the chat's language. A follow-up is
 * answered in the observer app (the report's new revision goes back to the queue); a reminder's
 * button starts the guided turnout report. Logs carry the notice's id, never a chat or a name.
 */
export class TelegramNoticeRunner extends MessageJob {
  constructor(
    private readonly store: Store,
    private readonly channels: ChannelsService,
    private readonly api: TelegramApiOptions,
    private readonly now: () => Date,
    options: TelegramNoticeOptions = {},
    private readonly log: Log = () => {},
  ) {
    super(now, options, log, 'telegram notices failed; next poll retries');
  }

  /** One pass: queue what is due, then send everything queued. */
  async runOnce(): Promise<{ queued: number; sent: number; skipped: number }> {
    const now = this.now();
    const notices = this.store.telegramNotices;
    let queued = await notices.queue(
      (await notices.linkedFollowUps(new Date(now.getTime() - FOLLOW_UP_HORIZON_MS))).map((f) => ({
        userId: f.userId,
        kind: 'follow_up' as const,
        subject: `${f.reportId}@${f.requestedAt.toISOString()}`,
        electionId: f.electionId,
        stationId: f.stationId,
        reportId: f.reportId,
      })),
      randomUUID,
      now,
    );
    for (const election of await this.store.elections.list()) {
      if (Math.abs(Date.parse(`${election.votingDate}T12:00:00Z`) - now.getTime()) > DAY_MS) continue;
      const due = new Map<string, { userId: string; stationId: string; checkpoint: string }>();
      for (const a of await notices.linkedAssignments(election.id, expectedShifts.turnout)) {
        const checkpoint = reminderCheckpointNow(this.schedule(election, a), now);
        if (checkpoint && !due.has(`${a.userId}@${checkpoint}`)) {
          due.set(`${a.userId}@${checkpoint}`, { userId: a.userId, stationId: a.stationId, checkpoint });
        }
      }
      queued += await notices.queue(
        [...due.values()].map((d) => ({
          ...d,
          kind: 'turnout' as const,
          subject: `${election.id}@${d.checkpoint}`,
          electionId: election.id,
        })),
        randomUUID,
        now,
      );
    }
    let sent = 0;
    let skipped = 0;
    await this.jobs.claimEach(
      (runner, at, staleBefore) => notices.claim(runner, at, staleBefore),
      async (notice, at) => {
        const status = await this.deliver(notice, at);
        await notices.finish(notice.id, this.id, status, this.now());
        if (status === 'sent') sent++;
        if (status === 'skipped') skipped++;
        return status !== 'queued'; // the Bot API is failing: the next poll retries
      },
    );
    return { queued, sent, skipped };
  }

  private schedule(
    election: {
      votingDate: string;
      timeZone: string;
      pollsOpen: string;
      pollsClose: string;
      turnoutCheckpoints: string[];
    },
    station: { timeZone: string | null; pollsOpen: string | null; pollsClose: string | null } | undefined,
  ): StationSchedule {
    return {
      votingDate: election.votingDate,
      timeZone: station?.timeZone ?? election.timeZone,
      pollsOpen: station?.pollsOpen ?? election.pollsOpen,
      pollsClose: station?.pollsClose ?? election.pollsClose,
      checkpoints: election.turnoutCheckpoints,
    };
  }

  private async deliver(n: TelegramNotice, now: Date): Promise<TelegramNoticeStatus> {
    const chat = await this.store.telegramNotices.chatOf(n.userId);
    const observer = chat ? await this.channels.observerAt('telegram', chat) : undefined;
    // Unlinked or disabled since it was queued: nobody to tell.
    if (!chat || observer?.userId !== n.userId) return 'skipped';
    const conversation = await this.store.channels.conversation('telegram', chat);
    const locale = localeOf(conversation?.locale, observer.locale);
    const t = guidedTexts[locale];
    const station = await this.store.stations.findById(n.stationId);
    const number = station ? String(station.number) : '';
    let reply: GuidedReply;
    if (n.kind === 'follow_up') {
      // Answered (or decided otherwise) since: nothing to ask any more.
      const request = (await this.store.verification.followUps(n.userId)).find((r) => r.reportId === n.reportId);
      if (!request || `${request.reportId}@${request.requestedAt.toISOString()}` !== n.subject) return 'skipped';
      const versions = await this.store.forms.versions(request.formId);
      const definition = versions[0]?.definition as FormDefinition | undefined;
      const title = definition ? (definition.title[locale] ?? definition.title.ru) : request.formKind;
      reply = {
        text: t.followUp
          .replace('{form}', title)
          .replace('{station}', number)
          .replace('{comment}', request.comment ?? ''),
        buttons: [],
      };
    } else {
      const election = await this.store.elections.findById(n.electionId);
      // Too late (the checkpoint's grace is over) or no turnout form to start: not sent.
      if (!election || reminderCheckpointNow(this.schedule(election, station), now) !== n.checkpoint) return 'skipped';
      const form = (await this.channels.formsOf(n.userId)).find(
        (f) => f.electionId === n.electionId && f.entry.form.kind === 'turnout',
      );
      if (!form) return 'skipped';
      reply = {
        text: t.turnoutReminder.replace('{time}', n.checkpoint ?? '').replace('{station}', number),
        buttons: [[{ text: t.startTurnout, data: `form:${form.formId}` }]],
      };
    }
    try {
      await sendTelegram(this.api, chat, reply);
    } catch (error) {
      this.log({ notice: n.id, err: (error as Error).name }, 'telegram notice not sent');
      return n.attempts < this.maxAttempts ? 'queued' : 'failed';
    }
    await this.channels.logMessage('telegram', 'out', chat, {
      userId: n.userId,
      stationId: n.stationId,
      ...(n.reportId ? { reportId: n.reportId } : {}),
      status: 'accepted',
      outcome: n.kind === 'follow_up' ? 'follow_up' : 'turnout_reminder',
      text: reply.text,
    });
    return 'sent';
  }
}
