import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { formatMessage } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

// Issue 21, personal data at rest: no phone number or IIN in clear in the server's logs either —
// every log line of a run that signs people up, links SMS and Telegram, takes reports by SMS and
// the HQ's searches, at the most verbose level, with the production serializers.

const PHONE = '+77011234567';
const JOINER = { phone: '+77057654321', iin: '900315400126' };
const STRANGER = '+77089990011';
const CHAT = '5550123987';

/** Every way the numbers could appear: E.164, without the plus, national, spaced as typed. */
const clearValues = [
  PHONE,
  PHONE.slice(1),
  PHONE.slice(2),
  JOINER.phone.slice(2),
  JOINER.iin,
  STRANGER.slice(2),
  CHAT,
  '701 123 45 67',
  '705 765 43 21',
  '708 999 00 11',
];

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describeEachDialect('personal data in the logs', (db) => {
  it('carry no phone number, IIN or chat id of a sign-up, a channel link, an SMS report or a search', async () => {
    const lines: string[] = [];
    const log = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startTestApp(
      db(),
      { SMS_WEBHOOK_SECRET: 'webhook-secret', SMS_FROM_FIELD: 'phone', SMS_TEXT_FIELD: 'message' },
      { log },
    );
    const app = t;
    const admin = await app.setupAdmin();
    const post = async (url: string, body: unknown, cookie = admin) => {
      const response = await app.request({ method: 'POST', url, cookie, body });
      expect(response.statusCode, response.body).toBeLessThan(300);
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
      await post(`/api/v1/elections/${electionId}/stations`, {
        areaId: area.id,
        number: 1,
        address: 'Абай, 1',
        registeredVoters: 1500,
      })
    ).station.id;

    // A volunteer signs up on the public form (phone and IIN), twice; the HQ searches by the phone.
    for (let i = 0; i < 2; i++) {
      const token = (await app.request({ method: 'GET', url: '/api/v1/join/token' })).json();
      app.advance(5_000);
      const joined = await app.request({
        method: 'POST',
        url: '/api/v1/join',
        body: {
          token: token.token,
          consentVersion: token.consentVersion,
          fullName: 'Иван Петров',
          phone: '+7 705 765 43 21',
          iin: JOINER.iin,
          birthDate: '1990-03-15',
          languages: ['ru'],
          availability: ['election_day'],
          consent: true,
          locale: 'ru',
        },
        headers: { origin: 'http://localhost:80' },
      });
      expect(joined.statusCode, joined.body).toBe(202);
    }
    const found = await app.request({
      method: 'GET',
      url: `/api/v1/applicants?q=${encodeURIComponent('8 705 765 43 21')}`,
      cookie: admin,
    });
    expect(found.json().total).toBe(1);
    // A refused sign-up: an invalid phone.
    const token = (await app.request({ method: 'GET', url: '/api/v1/join/token' })).json();
    app.advance(5_000);
    await app.request({
      method: 'POST',
      url: '/api/v1/join',
      body: { token: token.token, consentVersion: token.consentVersion, fullName: 'X', phone: '+7 701 123 45' },
      headers: { origin: 'http://localhost:80' },
    });

    // An observer with SMS and Telegram linked, reporting by SMS; a stranger's number too.
    const observer = await app.signInAs('observer', admin);
    await post(`/api/v1/elections/${electionId}/assignments`, {
      observerId: observer.user.id,
      stationId,
      shift: 'voting_day',
    });
    await app.store.channels.link('sms', PHONE, observer.user.id, new Date());
    await app.store.channels.link('telegram', CHAT, observer.user.id, new Date());
    const links = await app.request({
      method: 'GET',
      url: `/api/v1/users/${observer.user.id}/channel-links`,
      cookie: admin,
    });
    expect(links.json().links).toHaveLength(2);
    const pack = (await app.request({ method: 'GET', url: '/api/v1/me/field-pack', cookie: observer.cookie })).json();
    const turnout = pack.forms.find((f: { kind: string }) => f.kind === 'turnout');
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
    const sms = async (phone: string, message: string) =>
      (
        await fetch(`${base}/api/v1/channels/sms/inbound?secret=webhook-secret`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ phone, message }).toString(),
        })
      ).json() as Promise<{ outcome: string }>;
    const text = formatMessage(
      { prefix: 'TURNOUT', form: turnout.definition },
      { checkpoint_time: '10:00', voters_received: 312, source: 'commission' },
    );
    expect((await sms('8 701 123 45 67', text)).outcome).toBe('recorded');
    expect((await sms('8 701 123 45 67', 'TURNOUT A25:99')).outcome).toBe('rejected');
    expect((await sms('+7 708 999 00 11', text)).outcome).toBe('not_registered');
    // The messages log page, filtered.
    await app.request({ method: 'GET', url: '/api/v1/channels/messages?observer=Observer', cookie: admin });
    // The lost-phone procedure.
    await post(`/api/v1/users/${observer.user.id}/lost-phone`, undefined);
    expect((await sms('8 701 123 45 67', text)).outcome).toBe('not_registered');
    // A database failure, logged with its stack.
    await sql`alter table channel_identities rename to channel_identities_gone`.execute(db().kysely);
    await sms('8 701 123 45 67', text);
    await sql`alter table channel_identities_gone rename to channel_identities`.execute(db().kysely);

    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(30);
    expect(all).toContain('sms received');
    expect(all).toContain('message from a sender not on the roster');
    for (const value of clearValues) expect(all, `"${value}" in the log`).not.toContain(value);
    // Nor as a plain hash of the number, which trying every Kazakh mobile number (10^10) reverses:
    // a sender in a log line is the data key's HMAC.
    for (const phone of [PHONE, JOINER.phone, STRANGER, CHAT]) {
      const plain = createHash('sha256').update(`sender:${phone}`).digest('hex').slice(0, 16);
      expect(all, `sha256 of ${phone} in the log`).not.toContain(plain);
    }
    expect(all).toMatch(/"sender":"[A-Za-z0-9_-]{22}"/);
  });
});
