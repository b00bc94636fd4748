import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatMessage } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pdfText } from '../../../../packages/documents/src/resolution/read-back.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const PHONE = '+77011234567';

/** A local stand-in for an HTTP SMS gateway: real HTTP on 127.0.0.1, records what it is asked to send. */
async function fakeGateway(): Promise<{ server: Server; url: string; sent: Record<string, string>[] }> {
  const sent: Record<string, string>[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => {
      body += c;
    });
    request.on('end', () => {
      sent.push({ ...JSON.parse(body), authorization: request.headers.authorization ?? '' });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, sent };
}

describeEachDialect('SMS reports through the webhook (issue 22)', (db) => {
  let t: TestApp;
  let gateway: Awaited<ReturnType<typeof fakeGateway>>;
  let admin: string;
  let base: string;
  let electionId: string;
  let stationId: string;
  let observerCookie: string;
  let turnout: { formId: string; version: number; definition: never };

  beforeEach(async () => {
    gateway = await fakeGateway();
    t = await startTestApp(db(), {
      SMS_WEBHOOK_SECRET: 'webhook-secret',
      SMS_FROM_FIELD: 'phone',
      SMS_TEXT_FIELD: 'message',
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: 'gw-token',
    });
    admin = await t.setupAdmin();
    const post = async (url: string, payload: unknown) => {
      const response = await t.request({ method: 'POST', url, cookie: admin, body: payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    electionId = (
      await post('/api/v1/elections', {
        name: { ru: 'Выборы' },
        kind: 'presidential',
        votingDate: '2026-11-10',
        timeZone: 'Asia/Almaty',
      })
    ).election.id;
    const area = (await post('/api/v1/areas', { parentId: null, level: 'region', code: 'ALA', name: { ru: 'Алматы' } }))
      .area;
    stationId = (
      await post(`/api/v1/elections/${electionId}/stations`, {
        areaId: area.id,
        number: 1,
        address: 'Абай, 1',
        registeredVoters: 1500,
      })
    ).station.id;
    const observer = await t.signInAs('observer', admin);
    observerCookie = observer.cookie;
    await post(`/api/v1/elections/${electionId}/assignments`, {
      observerId: observer.user.id,
      stationId,
      shift: 'voting_day',
    });
    await t.store.channels.link('sms', PHONE, observer.user.id, new Date());
    const pack = (await t.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observerCookie })).json();
    turnout = pack.forms.find((f: { kind: string }) => f.kind === 'turnout');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await t.close();
    await new Promise((resolve) => gateway.server.close(resolve));
  });

  const sms = (message: string, secret = 'webhook-secret', phone = '8 701 123 45 67') =>
    fetch(`${base}/api/v1/channels/sms/inbound?secret=${encodeURIComponent(secret)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone, message, id: 'gw-1' }).toString(),
    });

  it('records the same report as the field app, the HQ sees it live, the gateway gets the reply', async () => {
    const answers = { checkpoint_time: '10:00', voters_received: 312, source: 'commission' };
    const text = formatMessage({ prefix: 'TURNOUT', form: turnout.definition }, answers);

    // The HQ's live stream, open before the SMS arrives.
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/v1/elections/${electionId}/events`, {
      headers: { cookie: admin },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();

    const response = await sms(withCyrillic(text));
    expect(response.status).toBe(200);
    const { outcome, reportId } = (await response.json()) as { outcome: string; reportId: string };
    expect(outcome).toBe('recorded');

    let seen = '';
    const decoder = new TextDecoder();
    while (!seen.includes(reportId)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    controller.abort();
    expect(seen).toContain(reportId);

    // The same answers from the field app.
    const app = await t.request({
      method: 'POST',
      url: '/api/v1/reports',
      cookie: observerCookie,
      body: {
        id: crypto.randomUUID(),
        revision: 1,
        stationId,
        formId: turnout.formId,
        formVersion: turnout.version,
        answers,
      },
    });
    expect(app.statusCode, app.body).toBeLessThan(300);
    const bySms = await t.request({ method: 'GET', url: `/api/v1/reports/${reportId}`, cookie: admin });
    const byApp = await t.request({ method: 'GET', url: `/api/v1/reports/${app.json().id}`, cookie: admin });
    expect(bySms.statusCode, bySms.body).toBe(200);
    type Detail = {
      report: Record<string, unknown>;
      revisions: Record<string, unknown>[];
      lines: unknown[];
    };
    // Everything but the id, the time and the place in the chain: answers, flags, form version, lines.
    const same = ({ report, revisions, lines }: Detail) => {
      const { id: _id, updatedAt: _u, ...summary } = report;
      const kept = revisions.map(({ receivedAt: _r, chainSeq: _s, chainHash: _h, clientTime: _c, ...rest }) => rest);
      return { summary, kept, lines };
    };
    const smsDetail = bySms.json() as Detail;
    expect(smsDetail.revisions[0]?.answers).toEqual(answers);
    expect(same(smsDetail)).toEqual(same(byApp.json() as Detail));

    expect(gateway.sent).toHaveLength(1);
    expect(gateway.sent[0]).toMatchObject({ to: PHONE, authorization: 'Bearer gw-token' });
    expect(gateway.sent[0]?.text).toMatch(/^Принято: Явка\./);
  });

  it('records a message repeated 100 times once', async () => {
    const text = formatMessage(
      { prefix: 'TURNOUT', form: turnout.definition },
      { checkpoint_time: '12:00', voters_received: 500, source: 'own_count' },
    );
    // All at once, as a gateway retrying a burst would: one report id, stored once by the ingest.
    const replies = (await Promise.all(Array.from({ length: 100 }, async () => (await sms(text)).json()))) as {
      outcome: string;
      reportId: string;
    }[];
    expect(new Set(replies.map((r) => r.reportId)).size).toBe(1);
    expect(replies.every((r) => r.outcome === 'recorded' || r.outcome === 'duplicate')).toBe(true);
    const report = await t.request({ method: 'GET', url: `/api/v1/reports/${replies[0]?.reportId}`, cookie: admin });
    expect(report.statusCode).toBe(200);
    // And once more later, in the window: a duplicate.
    expect(((await (await sms(text)).json()) as { outcome: string }).outcome).toBe('duplicate');
  });

  it('answers exactly what to fix and records nothing', async () => {
    const response = await sms('TURNOUT ZZ9 A25:99');
    expect(((await response.json()) as { outcome: string }).outcome).toBe('rejected');
    expect(gateway.sent[0]?.text).toMatch(/^Не принято: Явка\. Исправьте: ZZ — неизвестный код;/);
  });

  it('refuses a forged call (401) and a sender not on the roster, then throttles that number', async () => {
    const forged = await sms('TURNOUT A1000', 'wrong');
    expect(forged.status).toBe(401);
    expect(gateway.sent).toHaveLength(0);
    const stranger = await sms('TURNOUT A1000', 'webhook-secret', '+77779998877');
    expect(((await stranger.json()) as { outcome: string }).outcome).toBe('not_registered');
    expect(gateway.sent[0]).toMatchObject({
      to: '+77779998877',
      text: 'Этот номер не зарегистрирован в сети наблюдателей.',
    });
    for (let i = 0; i < 12; i++) await sms('TURNOUT A1000', 'webhook-secret', '+77779998877');
    expect(((await (await sms('x', 'webhook-secret', '+77779998877')).json()) as { outcome: string }).outcome).toBe(
      'throttled',
    );
  });

  it('logs every message in and out with the number masked, searchable by status and observer, area-scoped', async () => {
    await sms(
      formatMessage(
        { prefix: 'TURNOUT', form: turnout.definition },
        { checkpoint_time: '10:00', voters_received: 5, source: 'own_count' },
      ),
    );
    await sms('TURNOUT A1000', 'webhook-secret', '+77779998877');
    const list = async (query: string, cookie = admin) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/channels/messages?${query}`, cookie });
      expect(response.statusCode, response.body).toBe(200);
      return response;
    };
    const all = await list('');
    expect(all.json().total).toBe(4); // two in, two replies out
    expect(all.body).not.toMatch(/7011234567|7779998877/);
    const refused = (await list('status=refused')).json().items;
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      direction: 'in',
      outcome: 'not_registered',
      userId: null,
      senderMask: '+7 ••• ••• •• 77',
    });
    const observerId = (await t.store.channels.find('sms', PHONE))?.userId as string;
    const mine = (await list(`observer=${observerId}&status=accepted`)).json().items;
    expect(mine.map((m: { direction: string }) => m.direction).sort()).toEqual(['in', 'out']);
    expect(mine[0]).toMatchObject({ stationId, stationNumber: 1 });
    expect((await list('station=2')).json().total).toBe(0);
    // A regional coordinator of another area sees none of them.
    const other = (
      await t.request({
        method: 'POST',
        url: '/api/v1/areas',
        cookie: admin,
        body: { parentId: null, level: 'region', code: 'AST', name: { ru: 'Астана' } },
      })
    ).json().area;
    const regional = await t.signInAs('regional_coordinator', admin);
    await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${regional.user.id}`,
      cookie: admin,
      body: { areaId: other.id },
    });
    expect((await list('', regional.cookie)).json().total).toBe(0);
    const observer = await t.request({ method: 'GET', url: '/api/v1/channels/messages', cookie: observerCookie });
    expect(observer.statusCode).toBe(403);
  });

  it('unlinks SMS when the observer reports the phone lost, audited', async () => {
    const links = await t.request({ method: 'GET', url: '/api/v1/me/channel-links', cookie: observerCookie });
    expect(links.json().links).toEqual([expect.objectContaining({ channel: 'sms', addressMask: '+7 ••• ••• •• 67' })]);
    const unlink = await t.request({
      method: 'POST',
      url: '/api/v1/me/channel-links/unlink',
      cookie: observerCookie,
      body: { channels: ['sms'] },
    });
    expect(unlink.statusCode, unlink.body).toBe(200);
    expect(unlink.json().unlinked).toEqual(['sms']);
    expect(((await (await sms('TURNOUT A1000')).json()) as { outcome: string }).outcome).toBe('not_registered');
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?action=channel.unlinked', cookie: admin });
    expect(audit.body).toContain('channel.unlinked');
  });

  it("a lost phone: one action by the HQ ends the observer's sessions and unlinks SMS and Telegram, audited", async () => {
    const observer = (await t.store.channels.find('sms', PHONE))?.userId as string;
    await t.store.channels.link('telegram', '5550123987', observer, new Date());
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: observerCookie })).statusCode).toBe(200);
    // Not for staff accounts (they change their password instead).
    const staff = await t.signInAs('analyst', admin);
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/users/${staff.user.id}/lost-phone`,
      cookie: admin,
    });
    expect(refused.json().error.code).toBe('role_not_allowed');

    const lost = await t.request({ method: 'POST', url: `/api/v1/users/${observer}/lost-phone`, cookie: admin });
    expect(lost.statusCode, lost.body).toBe(200);
    expect(lost.json()).toEqual({ unlinked: ['sms', 'telegram'] });
    // The field app on the lost phone is signed out, its SMS and its Telegram chat no longer report.
    expect((await t.request({ method: 'GET', url: '/api/v1/me', cookie: observerCookie })).statusCode).toBe(401);
    expect(((await (await sms('TURNOUT A1000')).json()) as { outcome: string }).outcome).toBe('not_registered');
    expect(await t.store.channels.find('telegram', '5550123987')).toBeUndefined();
    expect(await t.store.channels.find('sms', PHONE)).toBeUndefined();
    const links = await t.request({ method: 'GET', url: `/api/v1/users/${observer}/channel-links`, cookie: admin });
    expect(links.json().links).toEqual([]);
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit?action=user.lost_phone', cookie: admin });
    expect(audit.json().items).toEqual([
      expect.objectContaining({
        action: 'user.lost_phone',
        entityId: observer,
        details: expect.objectContaining({ unlinked: ['sms', 'telegram'] }),
      }),
    ]);
  });

  it('prints the SMS card of a form in Kazakh on the letterhead, with an example the webhook accepts', async () => {
    const url = `/api/v1/channels/sms-card?formId=${turnout.formId}&locale=kk`;
    const missing = await t.request({ method: 'GET', url, cookie: admin });
    expect(missing.json().error.code).toBe('letter_details_missing');
    const org = await t.request({
      method: 'PUT',
      url: '/api/v1/settings/organisation',
      cookie: admin,
      body: {
        name: { ru: 'ОО «За честные выборы»', kk: '«Әділ сайлау үшін» ҚБ' },
        registration: 'БИН 123456789012',
        signatoryName: 'Һәкімжан Нұрланұлы',
        signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
      },
    });
    expect(org.statusCode, org.body).toBe(200);
    const pdf = await t.request({ method: 'GET', url, cookie: admin });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('«Әділ сайлау үшін» ҚБ');
    expect(text).toContain('Жадынама: SMS арқылы есеп');
    const example = /Мысал (TURNOUT [A-Z0-9 ]+?) Жауап/.exec(text)?.[1] as string;
    expect(example).toMatch(/^TURNOUT /);
    expect(((await (await sms(example)).json()) as { outcome: string }).outcome).toBe('recorded');
  });

  it('refuses a linked sender whose observer account is disabled', async () => {
    const observer = (await t.store.channels.find('sms', PHONE))?.userId as string;
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${observer}`,
      cookie: admin,
      body: { status: 'disabled' },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const response = await sms(`TURNOUT A1000`);
    expect(((await response.json()) as { outcome: string }).outcome).toBe('not_registered');
  });
});

describeEachDialect('SMS webhook signed with HMAC (issue 22)', (db) => {
  let t: TestApp;
  let base: string;
  beforeEach(async () => {
    t = await startTestApp(db(), {
      SMS_WEBHOOK_HMAC_SECRET: 'hmac-secret',
      SMS_WEBHOOK_SIGNATURE_HEADER: 'X-Gateway-Signature',
      SMS_WEBHOOK_MAX_AGE_SECONDS: '300',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => t.close());

  const call = (body: string, signature: string, timestamp: number) =>
    fetch(`${base}/api/v1/channels/sms/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gateway-signature': signature,
        'x-timestamp': String(timestamp),
      },
      body,
    });
  const sign = (body: string, timestamp: number, secret = 'hmac-secret') =>
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

  it('takes a good signature, refuses a wrong one, another body, an old one and none', async () => {
    const body = JSON.stringify({ from: '+77779998877', text: 'TURNOUT A1000' });
    const now = Math.floor(t.now().getTime() / 1000);
    const good = await call(body, sign(body, now), now);
    expect(good.status).toBe(200);
    expect(((await good.json()) as { outcome: string }).outcome).toBe('not_registered');
    expect((await call(body, sign(body, now, 'other-secret'), now)).status).toBe(401);
    expect((await call(body.replace('A1000', 'A9000'), sign(body, now), now)).status).toBe(401);
    const old = now - 301;
    expect((await call(body, sign(body, old), old)).status).toBe(401);
    expect((await call(body, '', now)).status).toBe(401);
    // The shared secret alone is not enough once HMAC is configured.
    const plain = await fetch(`${base}/api/v1/channels/sms/inbound?secret=hmac-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(plain.status).toBe(401);
  });
});

/** The message as typed on a phone with a Russian keyboard: look-alike letters, lower case. */
function withCyrillic(text: string): string {
  return text.replace(
    /[ACEHKMOPTX]/g,
    (c) => ({ A: 'а', C: 'с', E: 'е', H: 'н', K: 'к', M: 'м', O: 'о', P: 'р', T: 'т', X: 'х' })[c] ?? c,
  );
}
