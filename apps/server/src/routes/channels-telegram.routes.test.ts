import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatMessage } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const TOKEN = '123456:TEST-token';

/**
 * A local fake of the Telegram Bot API (real HTTP on 127.0.0.1, the real JSON protocol): updates are
 * queued by the test and handed out by `getUpdates` from `offset`; `sendMessage` is recorded.
 */
async function fakeBotApi() {
  const updates: { update_id: number; message: unknown }[] = [];
  const sent: { chat_id: number; text: string }[] = [];
  let nextId = 100;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => {
      body += c;
    });
    request.on('end', async () => {
      const params = body ? JSON.parse(body) : {};
      const reply = (result: unknown) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
      if (request.url === `/bot${TOKEN}/getUpdates`) {
        const pending = () => updates.filter((u) => u.update_id >= (params.offset ?? 0));
        for (let i = 0; i < 10 && pending().length === 0; i++) await new Promise((r) => setTimeout(r, 30));
        return reply(pending());
      }
      if (request.url === `/bot${TOKEN}/sendMessage`) {
        sent.push(params);
        return reply({ message_id: sent.length, chat: { id: params.chat_id }, text: params.text });
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
    say(chatId: number, text: string) {
      updates.push({
        update_id: nextId++,
        message: { message_id: nextId, date: 0, chat: { id: chatId, type: 'private' }, from: { id: chatId }, text },
      });
    },
    async reply(count: number): Promise<string> {
      for (let i = 0; i < 300 && sent.length < count; i++) await new Promise((r) => setTimeout(r, 50));
      return sent[count - 1]?.text ?? '';
    },
  };
}

describeEachDialect('Telegram reports through the bot (issue 22)', (db) => {
  let t: TestApp;
  let api: Awaited<ReturnType<typeof fakeBotApi>>;

  beforeEach(async () => {
    api = await fakeBotApi();
    t = await startTestApp(db(), {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_BASE: api.url,
      TELEGRAM_BOT_NAME: 'pollwatch_bot',
    });
  });

  afterEach(async () => {
    await t.close();
    await new Promise((resolve) => api.server.close(resolve));
  });

  it('links a chat with the code from the field app, then a coded message makes the report the HQ sees live', async () => {
    const admin = await t.setupAdmin();
    const post = async (url: string, payload: unknown) => {
      const response = await t.request({ method: 'POST', url, cookie: admin, body: payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    const electionId = (
      await post('/api/v1/elections', {
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election.id;
    const area = (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } }))
      .area;
    const stationId = (
      await post(`/api/v1/elections/${electionId}/stations`, { areaId: area.id, number: 1, address: 'Абай, 1' })
    ).station.id;
    const observer = await t.signInAs('observer', admin);
    await post(`/api/v1/elections/${electionId}/assignments`, {
      observerId: observer.user.id,
      stationId,
      shift: 'voting_day',
    });
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const turnout = pack.forms.find((f: { kind: string }) => f.kind === 'turnout');

    // Before linking: the bot does not know the chat.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    api.say(4242, 'TURNOUT A1000');
    expect(await api.reply(1)).toMatch(/^Этот чат не привязан к наблюдателю/);

    const link = await t.request({ method: 'POST', url: '/api/v1/me/telegram-link', cookie: observer.cookie });
    expect(link.statusCode, link.body).toBe(200);
    const { code, link: deepLink } = link.json();
    expect(deepLink).toBe(`https://t.me/pollwatch_bot?start=${code}`);
    expect((await t.request({ method: 'POST', url: '/api/v1/me/telegram-link', cookie: admin })).statusCode).toBe(403);
    api.say(4242, `/start ${code}`);
    expect(await api.reply(2)).toMatch(/^Чат привязан/);
    api.say(777, `/start ${code}`); // a used code links nobody else
    expect(await api.reply(3)).toMatch(/^Код привязки не подошёл/);

    const controller = new AbortController();
    const stream = await fetch(`${base}/api/v1/elections/${electionId}/events`, {
      headers: { cookie: admin },
      signal: controller.signal,
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();

    const answers = { checkpoint_time: '10:00', voters_received: 312, source: 'own_count' };
    api.say(4242, formatMessage({ prefix: 'TURNOUT', form: turnout.definition }, answers));
    expect(await api.reply(4)).toMatch(/^Принято: Явка\./);

    let seen = '';
    const decoder = new TextDecoder();
    while (!seen.includes('report.accepted')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    controller.abort();
    expect(seen).toContain(stationId);

    const list = await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/reports`, cookie: admin });
    expect(list.statusCode, list.body).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ stationId, formKind: 'turnout', observerId: observer.user.id });
    expect((await t.store.reports.findReport(item.id))?.channel).toBe('telegram');
  });
});
