import type { AddressInfo } from 'node:net';
import { formatMessage } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FakeBotApi, Sent } from '../testing/fake-bot-api.ts';
import { startTelegramApp, votingDayObserver } from '../testing/telegram-fixture.ts';
import type { TestApp } from '../testing/test-app.ts';

describeEachDialect('Telegram reports through the bot (issue 22)', (db) => {
  let t: TestApp;
  let api: FakeBotApi;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ t, api, close } = await startTelegramApp(db()));
  });

  afterEach(() => close());

  it('links a chat with the code from the field app, then a coded message makes the report the HQ sees live', async () => {
    const { admin, electionId, stationId, observer } = await votingDayObserver(t, 1);
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const turnout = pack.forms.find((f: { kind: string }) => f.kind === 'turnout');

    // Before linking: the bot does not know the chat.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    api.say(4242, 'TURNOUT A1000');
    expect(await api.reply(1)).toMatch(/^Выберите язык/);

    const link = await t.request({ method: 'POST', url: '/api/v1/me/telegram-link', cookie: observer.cookie });
    expect(link.statusCode, link.body).toBe(200);
    const { code, link: deepLink } = link.json();
    expect(deepLink).toBe(`https://t.me/pollwatch_bot?start=${code}`);
    expect((await t.request({ method: 'POST', url: '/api/v1/me/telegram-link', cookie: admin })).statusCode).toBe(403);
    api.say(4242, `/start ${code}`);
    expect(await api.reply(2)).toMatch(/^Чат привязан/);
    expect(await api.reply(3)).toMatch(/^Какой отчёт отправить/);
    api.say(777, `/start ${code}`); // a used code links nobody else
    expect(await api.reply(4)).toMatch(/^Код привязки не подошёл/);

    const controller = new AbortController();
    const stream = await fetch(`${base}/api/v1/elections/${electionId}/events`, {
      headers: { cookie: admin },
      signal: controller.signal,
    });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();

    const answers = { checkpoint_time: '10:00', voters_received: 312, source: 'own_count' };
    api.say(4242, formatMessage({ prefix: 'TURNOUT', form: turnout.definition }, answers));
    expect(await api.reply(5)).toMatch(/^Принято: Явка\./);

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

    // A new invite (a lost phone) unlinks the chat: the next message makes no report, and the audit says so.
    const invite = await t.request({
      method: 'POST',
      url: `/api/v1/users/${observer.user.id}/invites`,
      cookie: admin,
      body: { replaceSession: true },
    });
    expect(invite.statusCode, invite.body).toBeLessThan(300);
    api.say(4242, formatMessage({ prefix: 'TURNOUT', form: turnout.definition }, { ...answers, voters_received: 400 }));
    expect(await api.reply(6)).toMatch(/^Выберите язык/);
    const again = await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/reports`, cookie: admin });
    expect(again.json().items).toHaveLength(1);
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?action=invite.issued', cookie: admin });
    expect(audit.body).toContain('"unlinked":["telegram"]');
  });

  it('walks a stranger through the language, linking and a guided incident report with a photo, resumable', async () => {
    const { admin, electionId, stationId, observer } = await votingDayObserver(t, 7);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    // Ten digits, as Telegram's chat ids are: a short id turns up inside the log's random UUIDs
    // (hex digits) often enough to fail the check that the id itself is not shown.
    const chat = 5151023344;
    let n = 0;
    const next = async () => api.nth(++n);
    const data = (m: Sent) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data);

    // A stranger flooding the bot is throttled like an unknown SMS number: answered 10 times, then not.
    for (let i = 0; i < 12; i++) api.say(9090, `spam ${i}`);
    n += 10;
    // A stranger: the language first (a button press edits that message), then how to link, in Kazakh.
    api.say(chat, 'сәлем');
    expect(data(await next())).toEqual(['lang:ru', 'lang:kk', 'lang:en']);
    expect(api.sent.filter((m) => m.chat_id === 9090)).toHaveLength(10);
    const throttled = await t.store.channels.listMessages(
      { scope: { kind: 'all' }, status: 'refused' },
      { limit: 50, offset: 0 },
    );
    expect(throttled.items.filter((m) => m.outcome === 'throttled')).toHaveLength(2);
    api.press(chat, 'lang:kk');
    expect(await next()).toMatchObject({ method: 'editMessageText', message_id: 11, text: 'Тіл: қазақша.' });
    expect((await next()).text).toMatch(/^Бұл чат байқаушыға байланыстырылмаған/);
    const { code } = (
      await t.request({ method: 'POST', url: '/api/v1/me/telegram-link', cookie: observer.cookie })
    ).json();
    api.say(chat, `/start ${code}`);
    expect((await next()).text).toMatch(/^Чат байланыстырылды/);
    const menu = await next();
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const incident = pack.forms.find((f: { kind: string }) => f.kind === 'incident');
    expect(data(menu)).toContain(`form:${incident.formId}`);

    api.press(chat, `form:${incident.formId}`);
    const q1 = await next();
    expect(q1.text).toMatch(/сұрақтың 1-сі/);
    api.press(chat, data(q1)[0] as string); // the first category
    const q2 = await next();
    api.press(chat, data(q1)[0] as string); // a stale button of question 1: not understood, question 2 again
    expect((await next()).text).toMatch(/^Түсініксіз/);
    api.press(chat, data(q2)[0] as string);
    expect((await next()).text).toMatch(/Уақытты жазыңыз/);
    api.say(chat, '25:99');
    expect((await next()).text).toMatch(/^Уақыт СС:ММ түрінде/);
    api.say(chat, '14.30');
    expect((await next()).text).toMatch(/Не болды\?/);
    // Interrupted: /start later picks up the same question from the database.
    api.say(chat, '/start');
    expect((await next()).text).toMatch(/^Тоқтаған жерден жалғастырамыз\.\n.*\n?Не болды\?/s);
    api.say(chat, 'Бюллетеньдер лақтырылды');
    const yesNo = await next();
    api.press(chat, data(yesNo).find((d) => d.endsWith(':n')) as string);
    expect((await next()).text).toMatch(/Фото жіберіңіз/);
    api.photo(chat);
    const afterPhoto = await next();
    expect(afterPhoto.text).toMatch(/^Фото сақталды/);
    api.press(chat, data(afterPhoto).find((d) => d.startsWith('s:')) as string);
    const summary = await next();
    expect(summary.text).toMatch(/^«Бұзушылық» есебін тексеріңіз:/);
    expect(summary.text).toContain('Бюллетеньдер лақтырылды');
    api.press(chat, 'send');
    expect((await next()).text).toBe('Қабылданды: Бұзушылық.');
    expect(api.answered.length).toBeGreaterThanOrEqual(7); // every press answered

    const list = await t.request({ method: 'GET', url: `/api/v1/elections/${electionId}/reports`, cookie: admin });
    const [item] = list.json().items;
    expect(item).toMatchObject({ stationId, formKind: 'incident', observerId: observer.user.id });
    const stored = await t.store.reports.findReport(item.id);
    expect(stored?.channel).toBe('telegram');
    const detail = (await t.request({ method: 'GET', url: `/api/v1/reports/${item.id}`, cookie: admin })).json();
    const answers = detail.revisions[0].answers;
    expect(answers).toMatchObject({
      incident_time: '14:30',
      description: 'Бюллетеньдер лақтырылды',
      complaint_filed: false,
    });
    expect(answers.evidence).toHaveLength(1);
    // The photo is stored like a field upload: complete, owned by the observer.
    expect(await t.store.reports.photo(answers.evidence[0])).toMatchObject({
      complete: true,
      uploadedBy: observer.user.id,
    });

    // The message log: in and out, the chat id masked.
    const log = await t.request({
      method: 'GET',
      url: '/api/v1/channels/messages?channel=telegram&limit=200',
      cookie: admin,
    });
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items.some((m: { reportId: string }) => m.reportId === item.id)).toBe(true);
    expect(log.body).not.toContain(String(chat));
  });
});
