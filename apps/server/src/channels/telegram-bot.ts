import type { GuidedReply } from '@pollwatch/core';
import type { ChatInput, TelegramConversations } from './telegram-conversation.ts';

export interface TelegramBotOptions {
  token: string;
  /** `https://api.telegram.org` in production; a local fake in tests. */
  apiBase: string;
  /** Long-poll wait in seconds (Telegram holds `getUpdates` open up to this long). */
  pollSeconds: number;
  /** Webhook mode: registered with `setWebhook` on start instead of polling. */
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
}

interface Update {
  update_id: number;
  message?: {
    chat: { id: number };
    text?: string;
    caption?: string;
    photo?: { file_id: string; file_size?: number; width: number; height: number }[];
  };
  callback_query?: { id: string; data?: string; message?: { message_id: number; chat: { id: number } } };
}

/** A photo larger than this is not fetched (Telegram's bot download limit is 20 MB). */
const PHOTO_FETCH_LIMIT = 15 * 1024 * 1024;

type Log = (entry: Record<string, unknown>, msg: string) => void;

/**
 * The Telegram bot by long polling (`getUpdates` / `sendMessage`): works without a public URL; or,
 * with a webhook URL, registered by `setWebhook` and fed by the webhook route (`receive`).
 * The conversation itself lives in `TelegramConversations`; this class speaks the protocol: text and
 * photo messages, button presses (`callback_query`, answered with `answerCallbackQuery`, the question
 * message edited in place with `editMessageText`), photos fetched with `getFile` and the file endpoint.
 */
export class TelegramBot {
  private offset = 0;
  private stopped = false;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly conversations: TelegramConversations,
    private readonly options: TelegramBotOptions,
    private readonly log: Log = () => {},
  ) {}

  start(): void {
    this.loop ??= this.options.webhookUrl ? this.registerWebhook() : this.run();
  }

  /** Webhook mode: Telegram pushes each update to the URL with the secret in a header. */
  private async registerWebhook(): Promise<void> {
    try {
      await this.call('setWebhook', {
        url: this.options.webhookUrl,
        secret_token: this.options.webhookSecret,
        allowed_updates: ['message', 'callback_query'],
      });
    } catch (error) {
      this.log({ error: (error as Error).message }, 'telegram setWebhook failed');
    }
  }

  /** One update pushed to the webhook (the route has checked the secret). */
  async receive(update: unknown): Promise<void> {
    try {
      await this.handle(update as Update);
    } catch (error) {
      this.log({ error: (error as Error).message }, 'telegram webhook update failed');
    }
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
          { offset: this.offset, timeout: this.options.pollSeconds, allowed_updates: ['message', 'callback_query'] },
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

  private markup(reply: GuidedReply) {
    return reply.buttons.length > 0
      ? {
          reply_markup: {
            inline_keyboard: reply.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))),
          },
        }
      : {};
  }

  private async download(fileId: string): Promise<Buffer> {
    const file = await this.call<{ file_path?: string; file_size?: number }>('getFile', { file_id: fileId });
    if (!file.file_path || (file.file_size ?? 0) > PHOTO_FETCH_LIMIT) throw new Error('photo too large or gone');
    const response = await fetch(`${this.options.apiBase}/file/bot${this.options.token}/${file.file_path}`, {
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`telegram file download answered ${response.status}`);
    const buffer = Buffer.from(await response.arrayBuffer());
    if (buffer.length > PHOTO_FETCH_LIMIT) throw new Error('photo too large');
    return buffer;
  }

  private async handle(update: Update): Promise<void> {
    const query = update.callback_query;
    if (query) {
      await this.call('answerCallbackQuery', { callback_query_id: query.id });
      const chat = query.message?.chat.id;
      if (chat === undefined || typeof query.data !== 'string') return;
      const [first, ...rest] = await this.conversations.handle(String(chat), { kind: 'button', data: query.data });
      if (first && query.message) {
        // The question's message turns into the next question: the chat stays short.
        await this.call('editMessageText', {
          chat_id: chat,
          message_id: query.message.message_id,
          text: first.text,
          ...this.markup(first),
        });
      } else if (first) rest.unshift(first);
      for (const reply of rest)
        await this.call('sendMessage', { chat_id: chat, text: reply.text, ...this.markup(reply) });
      return;
    }
    const message = update.message;
    if (!message) return;
    let input: ChatInput;
    const largest = message.photo?.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    if (largest) input = { kind: 'photo', bytes: () => this.download(largest.file_id) };
    else if (typeof message.text === 'string') input = { kind: 'text', text: message.text };
    else return;
    const replies = await this.conversations.handle(String(message.chat.id), input);
    for (const reply of replies) {
      if (reply.text)
        await this.call('sendMessage', { chat_id: message.chat.id, text: reply.text, ...this.markup(reply) });
    }
  }
}
