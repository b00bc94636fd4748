import { randomUUID } from 'node:crypto';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ChannelsService } from '../channels/channels.service.ts';
import { LogMessageSender } from '../channels/message-sender.ts';
import { TelegramNoticeRunner } from '../channels/telegram-notices.ts';
import { IngestService } from '../reports/ingest.service.ts';
import { ReportEvents } from '../reports/report-events.ts';
import { type FakeBotApi, fakeBotApi, type Sent, TOKEN } from '../testing/fake-bot-api.ts';
import { startTelegramApp, votingDayObserver } from '../testing/telegram-fixture.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const MINUTE = 60_000;

/**
 * The bot's menu follows the voting day, and the bot speaks on its own (issue 22): a reminder
 * before each turnout checkpoint and the HQ's follow-up requests, each once, in the chat's
 * language, through a local fake Bot API. The test clock starts at 11:00 in Almaty (06:00 UTC) on
 * voting day; polls 07:00–20:00, checkpoints 10:00, 12:00, …
 */
describeEachDialect('Telegram: forms due now, turnout reminders and follow-up alerts (issue 22)', (db) => {
  let t: TestApp;
  let api: FakeBotApi;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // The app's own job stays off: the test runs the job's passes itself, at the times it chooses.
    ({ t, api, close } = await startTelegramApp(db(), { RUN_JOBS: 'false' }));
  });

  afterEach(() => close());

  /** An election on the test's day, one station, one voting-day observer whose chat is linked (in `locale`). */
  async function linkedObserver(chat: number, locale: 'ru' | 'kk' | 'en') {
    const { admin, electionId, stationId, observer } = await votingDayObserver(t, 42);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const formOf = (kind: string) =>
      pack.forms.find((f: { kind: string }) => f.kind === kind) as { formId: string; version: number };
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    let n = api.sent.length;
    const next = async () => api.nth(++n);
    api.say(chat, 'hi');
    await next(); // the language choice
    api.press(chat, `lang:${locale}`);
    await next();
    await next();
    const { code } = (
      await t.request({ method: 'POST', url: '/api/v1/me/telegram-link', cookie: observer.cookie })
    ).json();
    api.say(chat, `/start ${code}`);
    await next(); // linked
    const menu = await next();
    const channels = new ChannelsService(
      t.store,
      new IngestService(t.store, new ReportEvents(), t.now),
      new LogMessageSender(),
      t.now,
      { dedupeWindowSeconds: 600 },
    );
    const runner = () => new TelegramNoticeRunner(t.store, channels, { token: TOKEN, apiBase: api.url }, t.now);
    return { admin, electionId, stationId, observer, formOf, menu, next, runner };
  }

  const data = (m: Sent) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);

  it('offers the forms due now, and reminds once before the checkpoint with a button that starts the turnout report', async () => {
    const chat = 6161023344; // ten digits, as Telegram's are (see channels-telegram.routes.test)
    const { formOf, menu, next, runner } = await linkedObserver(chat, 'en');
    // 11:00: polls open, no checkpoint near; the opening is long done and the protocol is hours away.
    const at11 = data(menu);
    expect(at11).toContain(`form:${formOf('incident').formId}`);
    expect(at11).not.toContain(`form:${formOf('turnout').formId}`);
    expect(at11).not.toContain(`form:${formOf('opening').formId}`);
    expect(at11).not.toContain(`form:${formOf('protocol').formId}`);
    const job = runner();
    expect(await job.runOnce()).toEqual({ queued: 0, sent: 0, skipped: 0 });

    // 11:50: the 12:00 checkpoint's turnout report is due; a reminder goes out, once, however many passes.
    t.advance(50 * MINUTE);
    api.say(chat, '/menu');
    expect(data(await next())).toContain(`form:${formOf('turnout').formId}`);
    expect(await job.runOnce()).toEqual({ queued: 1, sent: 1, skipped: 0 });
    const reminder = await next();
    expect(reminder).toMatchObject({
      chat_id: String(chat),
      text: expect.stringMatching(/^At 12:00 the turnout report.*No\. 42/),
    });
    expect(data(reminder)).toEqual([`form:${formOf('turnout').formId}`]);
    expect(await Promise.all([job.runOnce(), runner().runOnce()])).toEqual([
      { queued: 0, sent: 0, skipped: 0 },
      { queued: 0, sent: 0, skipped: 0 },
    ]);
    const sentSoFar = api.sent.length;

    // The button starts the guided turnout report.
    api.press(chat, `form:${formOf('turnout').formId}`);
    expect((await next()).text).toMatch(/Question 1 of/);
    expect(api.sent.filter((m) => m.text.startsWith('At 12:00'))).toHaveLength(1);
    expect(api.sent.length).toBe(sentSoFar + 1);
  });

  it("tells the observer's chat of the HQ's follow-up request once, in its language, and not after it is answered", async () => {
    const chat = 7171023344; // ten digits: a short id could turn up inside a random UUID of the log
    const { admin, formOf, stationId, observer, next, runner } = await linkedObserver(chat, 'kk');
    const incident = formOf('incident');
    const reportId = randomUUID();
    const answers = {
      category: 'ballot_stuffing',
      severity: 'low',
      incident_time: '10:30',
      description: 'Урна',
      complaint_filed: false,
    };
    const sent = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: observer.cookie,
      body: { id: reportId, revision: 1, stationId, formId: incident.formId, formVersion: incident.version, answers },
    });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
    const job = runner();
    expect(await job.runOnce()).toMatchObject({ queued: 0, sent: 0 });

    const asked = await t.request({
      method: 'POST',
      url: `/api/v1/reports/${reportId}/verification`,
      cookie: admin,
      body: {
        decision: 'follow_up',
        comment: 'Урнаның нөмірін жазыңыз',
        expectedRevision: 1,
        expectedStatus: 'pending',
      },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(await job.runOnce()).toEqual({ queued: 1, sent: 1, skipped: 0 });
    const alert = await next();
    expect(alert.chat_id).toBe(String(chat));
    expect(alert.text).toMatch(
      /^Штаб «Бұзушылық» есебіңізді тексеруді сұрайды \(№ 42 учаске\): Урнаның нөмірін жазыңыз/,
    );
    expect(alert.text).toMatch(/байқаушы қосымшасында/);
    expect(await job.runOnce()).toEqual({ queued: 0, sent: 0, skipped: 0 });

    // The observer answers in the field app: the request is no longer open, nothing more is sent.
    const answered = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: observer.cookie,
      body: {
        id: reportId,
        revision: 2,
        stationId,
        formId: incident.formId,
        formVersion: incident.version,
        answers: { ...answers, description: 'Урна № 2' },
      },
    });
    expect(answered.statusCode, answered.body).toBeLessThan(300);
    t.advance(MINUTE);
    expect(await job.runOnce()).toEqual({ queued: 0, sent: 0, skipped: 0 });
    expect(api.sent.filter((m) => m.text.startsWith('Штаб'))).toHaveLength(1);
    // The message log has it, linked to the report, the chat masked.
    const log = await t.request({ method: 'GET', url: '/api/v1/channels/messages?channel=telegram', cookie: admin });
    expect(
      log
        .json()
        .items.some((m: { reportId: string; outcome: string }) => m.reportId === reportId && m.outcome === 'follow_up'),
    ).toBe(true);
    expect(log.body).not.toContain(String(chat));
  });
});

describeEachDialect('Telegram webhook mode (issue 22)', (db) => {
  it("registers the webhook on start and takes Telegram's pushes only with the secret header", async () => {
    const api = await fakeBotApi();
    const secret = 'webhook-secret-0123456789abcdef';
    const t = await startTestApp(db(), {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_BASE: api.url,
      TELEGRAM_WEBHOOK_URL: 'https://hq.example.kz/api/v1/channels/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: secret,
      RUN_JOBS: 'false',
    });
    try {
      await t.app.ready();
      for (let i = 0; i < 100 && api.webhooks.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(api.webhooks).toEqual([
        expect.objectContaining({
          url: 'https://hq.example.kz/api/v1/channels/telegram/webhook',
          secret_token: secret,
        }),
      ]);
      const update = {
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 8181, type: 'private' }, text: 'hi' },
      };
      const push = (headers: Record<string, string>) =>
        t.request({ method: 'POST', url: '/api/v1/channels/telegram/webhook', headers, body: update });
      expect((await push({})).statusCode).toBe(401);
      expect((await push({ 'x-telegram-bot-api-secret-token': `${secret}x` })).statusCode).toBe(401);
      expect(api.sent).toHaveLength(0);
      const taken = await push({ 'x-telegram-bot-api-secret-token': secret });
      expect(taken.statusCode, taken.body).toBe(200);
      expect(api.sent).toEqual([
        expect.objectContaining({ chat_id: 8181, text: expect.stringMatching(/^Выберите язык/) }),
      ]);
      expect(api.calls).not.toContain('getUpdates');
    } finally {
      await t.close();
      await new Promise((resolve) => api.server.close(resolve));
    }
  });
});
