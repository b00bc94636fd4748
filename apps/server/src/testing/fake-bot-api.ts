import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = '123456:TEST-token';

/** The smallest valid PNG (1×1), as a phone's photo stands in for. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export type Sent = {
  method: string;
  chat_id: number;
  text: string;
  message_id?: number;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
};

/**
 * A local fake of the Telegram Bot API (real HTTP on 127.0.0.1, the real JSON protocol): updates are
 * queued by the test and handed out by `getUpdates` from `offset`; `sendMessage` and
 * `editMessageText` are recorded as the chat's messages; `answerCallbackQuery` must answer every
 * button press; `getFile` and `/file/bot<token>/<path>` serve a photo.
 */
export async function fakeBotApi() {
  const updates: { update_id: number; message?: unknown; callback_query?: unknown }[] = [];
  const sent: Sent[] = [];
  const answered: string[] = [];
  /** Every Bot API method called, in order; and what `setWebhook` was given. */
  const calls: string[] = [];
  const webhooks: { url: string; secret_token: string }[] = [];
  let nextId = 100;
  // Every queued update and every recorded message is announced, so that the bot's long poll and a
  // test waiting for a reply wake at once instead of polling on a timer.
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  const changed = () => changes.emit('change');
  /** Resolves as soon as `ready()` holds, or after `ms` whether it holds or not. */
  const until = (ready: () => boolean, ms: number) =>
    new Promise<void>((resolve) => {
      if (ready()) return resolve();
      const done = () => {
        clearTimeout(timer);
        changes.off('change', check);
        resolve();
      };
      const check = () => {
        if (ready()) done();
      };
      const timer = setTimeout(done, ms);
      changes.on('change', check);
    });
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => {
      body += c;
    });
    request.on('end', async () => {
      const params = body ? JSON.parse(body) : {};
      calls.push(request.url?.split('/').at(-1) ?? '');
      const reply = (result: unknown) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
      if (request.url === `/bot${TOKEN}/getUpdates`) {
        const pending = () => updates.filter((u) => u.update_id >= (params.offset ?? 0));
        // A long poll of 300 ms at most, answered as soon as an update is queued.
        await until(() => pending().length > 0, 300);
        return reply(pending());
      }
      if (request.url === `/bot${TOKEN}/sendMessage`) {
        sent.push({ method: 'sendMessage', ...params });
        changed();
        return reply({ message_id: sent.length, chat: { id: params.chat_id }, text: params.text });
      }
      if (request.url === `/bot${TOKEN}/editMessageText`) {
        if (!params.message_id || !sent[params.message_id - 1]) {
          return response
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}');
        }
        sent.push({ method: 'editMessageText', ...params });
        changed();
        return reply({ message_id: params.message_id, chat: { id: params.chat_id }, text: params.text });
      }
      if (request.url === `/bot${TOKEN}/answerCallbackQuery`) {
        answered.push(params.callback_query_id);
        return reply(true);
      }
      if (request.url === `/bot${TOKEN}/setWebhook`) {
        webhooks.push(params);
        return reply(true);
      }
      if (request.url === `/bot${TOKEN}/getFile`) {
        return reply({ file_id: params.file_id, file_size: PNG.length, file_path: `photos/${params.file_id}.png` });
      }
      if (request.url?.startsWith(`/file/bot${TOKEN}/photos/`)) {
        return response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PNG);
      }
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"ok":false,"error_code":404,"description":"Not Found"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    answered,
    calls,
    webhooks,
    /** A press of a button of the chat's latest message that has buttons (by its callback data). */
    press(chatId: number, data: string) {
      const withButtons = [...sent.keys()].reverse().find((i) => sent[i]?.reply_markup);
      const shown = withButtons === undefined ? undefined : sent[withButtons];
      const messageId = shown?.method === 'editMessageText' ? (shown.message_id as number) : (withButtons ?? 0) + 1;
      updates.push({
        update_id: nextId++,
        callback_query: {
          id: `cb${nextId}`,
          from: { id: chatId },
          data,
          message: { message_id: messageId, date: 0, chat: { id: chatId, type: 'private' } },
        },
      });
      changed();
    },
    photo(chatId: number) {
      updates.push({
        update_id: nextId++,
        message: {
          message_id: nextId,
          date: 0,
          chat: { id: chatId, type: 'private' },
          photo: [
            { file_id: 'small', width: 90, height: 90 },
            { file_id: 'large', width: 1280, height: 960, file_size: PNG.length },
          ],
        },
      });
      changed();
    },
    /** Waits for the chat's n-th message (sent or edited) and returns it. */
    async nth(count: number): Promise<Sent> {
      await until(() => sent.length >= count, 15_000);
      return sent[count - 1] as Sent;
    },
    say(chatId: number, text: string) {
      updates.push({
        update_id: nextId++,
        message: { message_id: nextId, date: 0, chat: { id: chatId, type: 'private' }, from: { id: chatId }, text },
      });
      changed();
    },
    async reply(count: number): Promise<string> {
      await until(() => sent.length >= count, 15_000);
      return sent[count - 1]?.text ?? '';
    },
  };
}

export type FakeBotApi = Awaited<ReturnType<typeof fakeBotApi>>;
