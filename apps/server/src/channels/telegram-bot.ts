import { channelNotice } from '@pollwatch/core';
import type { ChannelsService } from './channels.service.ts';

export interface TelegramBotOptions {
  token: string;
  /** `https://api.telegram.org` in production; a local fake in tests. */
  apiBase: string;
  /** Long-poll wait in seconds (Telegram holds `getUpdates` open up to this long). */
  pollSeconds: number;
}

interface Update {
  update_id: number;
  message?: { chat: { id: number }; text?: string };
}

type Log = (entry: Record<string, unknown>, msg: string) => void;

/**
 * The Telegram bot by long polling (`getUpdates` / `sendMessage`): works without a public URL.
 * `/start CODE` links the chat to an observer (the code comes from the field app); then every text
 * is a coded report through the same channel service as SMS (channel `telegram`).
 */
export class TelegramBot {
  private offset = 0;
  private stopped = false;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly channels: ChannelsService,
    private readonly options: TelegramBotOptions,
    private readonly log: Log = () => {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    await this.loop;
  }

  private async call<T>(method: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const response = await fetch(`${this.options.apiBase}/bot${this.options.token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    const json = (await response.json()) as { ok: boolean; result: T; description?: string };
    if (!json.ok) throw new Error(`telegram ${method}: ${json.description ?? response.status}`);
    return json.result;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.controller = new AbortController();
        const updates = await this.call<Update[]>(
          'getUpdates',
          { offset: this.offset, timeout: this.options.pollSeconds, allowed_updates: ['message'] },
          this.controller.signal,
        );
        for (const update of updates) {
          this.offset = Math.max(this.offset, update.update_id + 1);
          await this.handle(update);
        }
      } catch (error) {
        if (this.stopped) break;
        this.log({ error: (error as Error).message }, 'telegram polling failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async handle(update: Update): Promise<void> {
    const message = update.message;
    if (!message || typeof message.text !== 'string') return;
    const chatId = String(message.chat.id);
    const text = message.text;
    let reply: string | null;
    const start = /^\/start(?:@\w+)?\s*(\S*)/.exec(text);
    if (start) {
      const linked = start[1] ? await this.channels.linkTelegram(chatId, start[1]) : false;
      reply = channelNotice(linked ? 'linked' : start[1] ? 'linkFailed' : 'notLinked', 'ru');
    } else {
      reply = (await this.channels.handle('telegram', chatId, text)).reply;
    }
    if (reply) await this.call('sendMessage', { chat_id: message.chat.id, text: reply });
  }
}
