import { iinCheckDigit } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ApplicantsService } from '../recruitment/applicants.service.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const IIN_FIRST11 = '90031530012';
const IIN = `${IIN_FIRST11}${iinCheckDigit(IIN_FIRST11)}`;

describeEachDialect('recruitment', (db) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp(db(), { TRUST_PROXY: 'true', PUBLIC_URL: 'https://observe.example.kz' });
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown, cookie = admin) =>
    t.request({ method, url, body, cookie, headers: { origin: 'https://observe.example.kz' } });

  let ipCounter = 0;
  async function signUp(body: Record<string, unknown>, ip = `10.0.0.${++ipCounter % 250}`) {
    const token = (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json();
    t.advance(5_000);
    return t.request({
      method: 'POST',
      url: '/api/v1/join',
      body: { token: token.token, consentVersion: token.consentVersion, ...body },
      headers: { 'x-forwarded-for': ip, origin: 'https://observe.example.kz' },
    });
  }

  const volunteer = (extra: Record<string, unknown> = {}) => ({
    fullName: 'Әсем Ғалымқызы Өмірзақова',
    phone: '8 (701) 123-45-67',
    birthDate: '1990-03-15',
    iin: IIN,
    languages: ['kk', 'ru'],
    availability: ['election_day', 'counting'],
    consent: true,
    locale: 'kk',
    ...extra,
  });

  async function world() {
    const election = (
      await call('POST', '/api/v1/elections', {
        name: { ru: 'Выборы Президента', kk: 'Президент сайлауы' },
        kind: 'presidential',
        votingDate: '2026-12-06',
        timeZone: 'Asia/Almaty',
      })
    ).json().election;
    const almaty = (
      await call('POST', '/api/v1/areas', { parentId: null, level: 'region', name: { ru: 'Алматы' } })
    ).json().area;
    const medeu = (
      await call('POST', '/api/v1/areas', { parentId: almaty.id, level: 'district', name: { ru: 'Медеуский' } })
    ).json().area;
    const astana = (
      await call('POST', '/api/v1/areas', { parentId: null, level: 'region', name: { ru: 'Астана' } })
    ).json().area;
    const station = (
      await call('POST', `/api/v1/elections/${election.id}/stations`, {
        areaId: medeu.id,
        number: 45,
        address: 'Алматы, ул. Шаһар, 5',
      })
    ).json().station;
    return { election, almaty, medeu, astana, station };
  }

  async function regional(areaId: string) {
    const { cookie, user } = await t.signInAs('regional_coordinator', admin);
    const set = await call('PATCH', `/api/v1/users/${user.id}`, { areaId });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().user.areaId).toBe(areaId);
    return cookie;
  }

  it('signs a volunteer up in Kazakh, and a repeated phone gets the same answer and changes nothing', async () => {
    const w = await world();
    const first = await signUp(volunteer({ areaId: w.medeu.id }));
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({ status: 'received' });
    const again = await signUp(volunteer({ fullName: 'Другое Имя', phone: '+7 701 123 45 67', areaId: w.astana.id }));
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(first.body);
    const list = (await call('GET', '/api/v1/applicants')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      fullName: 'Әсем Ғалымқызы Өмірзақова',
      phone: '+77011234567',
      areaId: w.medeu.id,
      status: 'applied',
      locale: 'kk',
      electionId: w.election.id,
      languages: ['kk', 'ru'],
    });
    expect((await t.request({ method: 'GET', url: '/api/v1/public/stats' })).json()).toEqual({ applicants: 1 });
    const full = (await call('GET', `/api/v1/applicants/${list.items[0].id}`)).json().applicant;
    expect(full).toMatchObject({ iin: IIN, consentVersion: expect.any(String), consentedAt: expect.any(String) });
  });

  it('refuses bad input with codes by field and stores nothing; no personal data in the audit log', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ phone: '12345' }, 'phone_invalid', '/phone'],
      [{ phone: '+7 727 250 00 00' }, 'phone_not_kz_mobile', '/phone'],
      [{ iin: `${IIN_FIRST11}${(Number(IIN.at(-1)) + 1) % 10}` }, 'iin_invalid', '/iin'],
      [{ birthDate: '2009-01-01', iin: undefined }, 'under_age', '/birthDate'],
      [{ consent: false }, 'consent_required', '/consent'],
      [{ fullName: '<script>alert(1)</script>' }, 'name_invalid', '/fullName'],
    ];
    for (const [extra, code, path] of cases) {
      const r = await signUp(volunteer(extra));
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe(code);
      expect(r.json().error.details).toContainEqual({ in: 'body', path, keyword: code });
      expect(r.body).not.toContain('+77011234567');
    }
    expect((await call('GET', '/api/v1/applicants')).json().total).toBe(0);
    const log = JSON.stringify((await call('GET', '/api/v1/audit?limit=200')).json());
    expect(log).not.toContain('7011234567');
    expect(log).not.toContain(IIN);
  });

  it('refuses forms sent too fast or with a forged token, drops the honeypot, and floods get 429', async () => {
    const token = (await t.request({ method: 'GET', url: '/api/v1/join/token' })).json();
    const headers = { 'x-forwarded-for': '10.9.9.9', origin: 'https://observe.example.kz' };
    const fast = await t.request({
      method: 'POST',
      url: '/api/v1/join',
      body: { ...volunteer(), token: token.token, consentVersion: token.consentVersion },
      headers,
    });
    expect(fast.json().error.code).toBe('join_too_fast');
    const forged = await t.request({
      method: 'POST',
      url: '/api/v1/join',
      body: { ...volunteer(), token: `${token.token.slice(0, -2)}xx`, consentVersion: token.consentVersion },
      headers,
    });
    expect(forged.json().error.code).toBe('join_token_invalid');
    const bot = await signUp(volunteer({ website: 'http://spam.example' }));
    expect(bot.statusCode).toBe(202);
    expect((await call('GET', '/api/v1/applicants')).json().total).toBe(0);

    let limited: Awaited<ReturnType<typeof signUp>> | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const r = await signUp(volunteer({ phone: `+7 700 000 00 ${String(i).padStart(2, '0')}` }), '10.1.1.1');
      if (r.statusCode === 429) limited = r;
      else expect(r.statusCode, r.body).toBe(202);
    }
    expect(limited?.json().error.code).toBe('rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // A real volunteer elsewhere still gets through.
    expect((await signUp(volunteer({ phone: '+7 777 111 22 33' }), '10.2.2.2')).statusCode).toBe(202);
  });

  it('shows a regional coordinator only their area subtree; others see none; observers their own record', async () => {
    const w = await world();
    await signUp(volunteer({ areaId: w.medeu.id }));
    await signUp(
      volunteer({ fullName: 'Иван Петров', phone: '+7 702 000 00 01', iin: undefined, areaId: w.astana.id }),
    );
    await signUp(volunteer({ fullName: 'Без Района', phone: '+7 702 000 00 02', iin: undefined }));
    const all = (await call('GET', '/api/v1/applicants')).json();
    expect(all.total).toBe(3);
    const asem = all.items.find((a: { fullName: string }) => a.fullName.startsWith('Әсем'));
    const ivan = all.items.find((a: { fullName: string }) => a.fullName === 'Иван Петров');

    const almatyRc = await regional(w.almaty.id);
    const mine = (await call('GET', '/api/v1/applicants', undefined, almatyRc)).json();
    expect(mine.items.map((a: { id: string }) => a.id)).toEqual([asem.id]);
    expect((await call('GET', `/api/v1/applicants/${ivan.id}`, undefined, almatyRc)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/applicants/${asem.id}`, undefined, almatyRc)).statusCode).toBe(200);
    const bulk = await call(
      'POST',
      '/api/v1/applicants/status',
      { ids: [asem.id, ivan.id], status: 'contacted' },
      almatyRc,
    );
    expect(bulk.json()).toEqual({ changed: [asem.id], refused: [{ id: ivan.id, code: 'not_found' }] });
    const moveOut = await call('PATCH', `/api/v1/applicants/${asem.id}`, { areaId: w.astana.id }, almatyRc);
    expect(moveOut.statusCode).toBe(400);
    const csv = (await call('GET', '/api/v1/applicants/export', undefined, almatyRc)).body;
    expect(csv).toContain('Әсем');
    expect(csv).not.toContain('Иван Петров');

    const noArea = (await t.signInAs('regional_coordinator', admin)).cookie;
    expect((await call('GET', '/api/v1/applicants', undefined, noArea)).json().total).toBe(0);
    for (const role of ['analyst', 'trainer', 'editor'] as const) {
      const { cookie } = await t.signInAs(role, admin);
      expect((await call('GET', '/api/v1/applicants', undefined, cookie)).statusCode).toBe(403);
      expect((await call('GET', `/api/v1/applicants/${asem.id}`, undefined, cookie)).statusCode).toBe(403);
    }

    // Every view of a full record is in the audit log (who, which record), without personal data.
    const views = (await call('GET', `/api/v1/audit?action=applicant.viewed&entityId=${asem.id}`)).json().items;
    expect(views.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(views)).not.toContain('Әсем');

    // The observer made from an applicant sees their own record only.
    for (const to of ['in_training', 'certified']) {
      expect((await call('POST', `/api/v1/applicants/${asem.id}/status`, { status: to })).statusCode).toBe(200);
    }
    const invite = await call('POST', `/api/v1/applicants/${asem.id}/invite`);
    expect(invite.statusCode, invite.body).toBe(201);
    const redeemed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/invite',
      body: { code: invite.json().invite.code },
    });
    expect(redeemed.statusCode).toBe(200);
    const observer = `pw_session=${redeemed.cookies.find((c) => c.name === 'pw_session')?.value}`;
    const own = await call('GET', '/api/v1/me/applicant', undefined, observer);
    expect(own.json().applicant.id).toBe(asem.id);
    expect((await call('GET', '/api/v1/applicants', undefined, observer)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/me/applicant', undefined, almatyRc)).statusCode).toBe(404);
  });

  it("answers 404 for another region's applicant (audited), scopes duplicates and letters, and names B's station or area 422", async () => {
    const w = await world();
    await signUp(volunteer({ areaId: w.medeu.id }));
    // The same IIN in Astana: a duplicate pair only the national staff can see whole.
    await signUp(volunteer({ fullName: 'Асем Омирзакова', phone: '+7 705 555 55 55', areaId: w.astana.id }));
    await signUp(
      volunteer({ fullName: 'Иван Петров', phone: '+7 702 000 00 01', iin: undefined, areaId: w.astana.id }),
    );
    const all = (await call('GET', '/api/v1/applicants')).json().items as { id: string; fullName: string }[];
    const asem = all.find((a) => a.fullName.startsWith('Әсем'))?.id as string;
    const ivan = all.find((a) => a.fullName === 'Иван Петров')?.id as string;
    const almatyRc = await regional(w.almaty.id);
    const rcId = (await call('GET', '/api/v1/me', undefined, almatyRc)).json().user.id;

    for (const [method, url, body] of [
      ['GET', `/api/v1/applicants/${ivan}`],
      ['PATCH', `/api/v1/applicants/${ivan}`, { idDocument: '1' }],
      ['POST', `/api/v1/applicants/${ivan}/notes`, { text: 'x' }],
      ['POST', `/api/v1/applicants/${ivan}/invite`],
      ['GET', `/api/v1/applicants/${ivan}/referrals`],
    ] as const) {
      const r = await call(method, url, body, almatyRc);
      expect(`${r.statusCode} ${r.json().error?.code}`, `${method} ${url}`).toBe('404 not_found');
    }
    const log = (await call('GET', `/api/v1/audit?action=access.out_of_scope&entityId=${ivan}`)).json().items;
    expect(log.map((e: { actorId: string; entityType: string }) => `${e.actorId} ${e.entityType}`)).toEqual(
      Array(5).fill(`${rcId} applicant`),
    );
    expect((await call('GET', `/api/v1/applicants/${ivan}`)).json().applicant.fullName).toBe('Иван Петров');

    expect((await call('GET', '/api/v1/applicants/duplicates')).json().groups).toHaveLength(1);
    expect((await call('GET', '/api/v1/applicants/duplicates', undefined, almatyRc)).json().groups).toEqual([]);

    const astanaStation = (
      await call('POST', `/api/v1/elections/${w.election.id}/stations`, {
        areaId: w.astana.id,
        number: 7,
        address: 'Астана, ул. Кенесары, 1',
      })
    ).json().station;
    await call('PUT', '/api/v1/settings/organisation', {
      name: { ru: 'ОО', kk: 'ҚБ' },
      registration: 'БИН 123456789012',
      signatoryName: 'Һәкімжан',
      signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
    });
    for (const to of ['contacted', 'in_training', 'certified', 'accredited']) {
      await call('POST', `/api/v1/applicants/${asem}/status`, { status: to });
    }
    await call('PATCH', `/api/v1/applicants/${asem}`, { idDocument: '045678912' });
    const letter = await call(
      'POST',
      `/api/v1/applicants/${asem}/referrals`,
      { stationId: astanaStation.id, locale: 'ru' },
      almatyRc,
    );
    expect(letter.json().error).toMatchObject({
      code: 'outside_area',
      details: [{ in: 'body', path: '/stationId', keyword: 'outside_area' }],
    });
    const batch = await call(
      'POST',
      `/api/v1/elections/${w.election.id}/referrals/batch`,
      { areaId: w.astana.id, locale: 'ru' },
      almatyRc,
    );
    expect(batch.json().error).toMatchObject({
      code: 'outside_area',
      details: [{ in: 'body', path: '/areaId', keyword: 'outside_area' }],
    });
    expect((await call('GET', `/api/v1/applicants/${asem}/referrals`, undefined, almatyRc)).json().items).toEqual([]);
    // A letter of Astana's observer, asked for by id: 404, and the audit names the letter.
    await call('PATCH', `/api/v1/applicants/${ivan}`, { idDocument: '1' });
    for (const to of ['contacted', 'in_training', 'certified', 'accredited']) {
      await call('POST', `/api/v1/applicants/${ivan}/status`, { status: to });
    }
    const ivanLetter = (
      await call('POST', `/api/v1/applicants/${ivan}/referrals`, { stationId: astanaStation.id, locale: 'ru' })
    ).json().referral;
    const printed = await call('GET', `/api/v1/referrals/${ivanLetter.id}/letter`, undefined, almatyRc);
    expect(`${printed.statusCode} ${printed.json().error.code}`).toBe('404 not_found');
    const letterLog = (await call('GET', `/api/v1/audit?action=access.out_of_scope&entityId=${ivanLetter.id}`)).json();
    expect(letterLog.items).toMatchObject([{ actorId: rcId, entityType: 'referral' }]);

    // The observer account made from an applicant is placed in the applicant's area; once it is
    // signed in, a new code needs replaceSession, which ends the old session.
    const invited = await call('POST', `/api/v1/applicants/${asem}/invite`, undefined, almatyRc);
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await t.store.users.findById(invited.json().userId))?.areaId).toBe(w.medeu.id);
    const redeemed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/invite',
      body: { code: invited.json().invite.code },
    });
    const phone = `pw_session=${redeemed.cookies.find((c) => c.name === 'pw_session')?.value}`;
    const again = await call('POST', `/api/v1/applicants/${asem}/invite`, undefined, almatyRc);
    expect(`${again.statusCode} ${again.json().error.code}`).toBe('409 observer_has_session');
    expect((await call('GET', '/api/v1/me', undefined, phone)).statusCode).toBe(200);
    const replaced = await call('POST', `/api/v1/applicants/${asem}/invite`, { replaceSession: true }, almatyRc);
    expect(replaced.statusCode, replaced.body).toBe(201);
    expect((await call('GET', '/api/v1/me', undefined, phone)).statusCode).toBe(401);
  });

  it('moves applicants through the pipeline with reasons, notes, duplicates and merge', async () => {
    await signUp(volunteer());
    const id = (await call('GET', '/api/v1/applicants')).json().items[0].id;
    const skip = await call('POST', `/api/v1/applicants/${id}/status`, { status: 'certified' });
    expect(skip.json().error.code).toBe('status_transition_invalid');
    const reject = await call('POST', `/api/v1/applicants/${id}/status`, { status: 'rejected' });
    expect(reject.json().error.code).toBe('reason_required');
    const ok = await call('POST', `/api/v1/applicants/${id}/status`, { status: 'rejected', reason: 'не отвечает' });
    expect(ok.json().applicant).toMatchObject({ status: 'rejected', statusReason: 'не отвечает' });
    await call('POST', `/api/v1/applicants/${id}/notes`, { text: 'перезвонить в понедельник' });
    const record = (await call('GET', `/api/v1/applicants/${id}`)).json();
    expect(record.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'status', 'note']);
    expect(record.events[1]).toMatchObject({
      fromStatus: 'applied',
      toStatus: 'rejected',
      actorName: expect.any(String),
    });
    const filtered = (
      await call('GET', '/api/v1/applicants?status=rejected&language=kk&availability=counting&q=8 701 123 45 67')
    ).json();
    expect(filtered.total).toBe(1);
    // Phones are sealed at rest: a whole number is found through its blind index, a fragment is not.
    expect((await call('GET', '/api/v1/applicants?q=701 123')).json().total).toBe(0);
    expect((await call('GET', '/api/v1/applicants?q=ғалымқызы')).json().total).toBe(1);
    expect((await call('GET', '/api/v1/applicants?language=en')).json().total).toBe(0);

    // A second record with the same IIN (e.g. typed in by the HQ with another phone) is a duplicate.
    await signUp(volunteer({ phone: '+7 705 555 55 55', fullName: 'Асем Омирзакова' }));
    const dups = (await call('GET', '/api/v1/applicants/duplicates')).json().groups;
    expect(dups).toHaveLength(1);
    expect(dups[0].reason).toBe('iin');
    const other = dups[0].applicants.find((a: { id: string }) => a.id !== id).id;
    const merged = await call('POST', `/api/v1/applicants/${id}/merge`, { duplicateId: other });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await call('GET', '/api/v1/applicants')).json().total).toBe(1);
    expect((await call('GET', '/api/v1/applicants/duplicates')).json().groups).toEqual([]);
    expect((await call('GET', `/api/v1/applicants/${other}`)).statusCode).toBe(404);
  });

  it('pages newest first with a keyset cursor', async () => {
    for (let i = 0; i < 5; i++) await signUp(volunteer({ phone: `+7 700 111 11 ${10 + i}`, iin: undefined }));
    const first = (await call('GET', '/api/v1/applicants?limit=2')).json();
    expect(first.total).toBe(5);
    const second = (
      await call('GET', `/api/v1/applicants?limit=2&after=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    const third = (
      await call('GET', `/api/v1/applicants?limit=2&after=${encodeURIComponent(second.nextCursor)}`)
    ).json();
    const phones = [...first.items, ...second.items, ...third.items].map((a: { phone: string }) => a.phone);
    expect(phones).toEqual(['+77001111114', '+77001111113', '+77001111112', '+77001111111', '+77001111110']);
    expect(third.nextCursor).toBeNull();
  });

  it('exports a formula-safe roster, audited', async () => {
    await signUp(volunteer({ experience: '=HYPERLINK("http://evil")', referralSource: '@SUM(A1)' }));
    const csv = await call('GET', '/api/v1/applicants/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`'=HYPERLINK`);
    expect(csv.body).toContain(`'@SUM(A1)`);
    expect(csv.body).toContain(`'+7 701 123 45 67`);
    expect(csv.body).not.toMatch(/[;\n]=/);
    const xlsx = await call('GET', '/api/v1/applicants/export?format=xlsx');
    const sheet = await (await JSZip.loadAsync(xlsx.rawPayload)).file('xl/worksheets/sheet1.xml')?.async('string');
    expect(sheet).toContain('&apos;=HYPERLINK');
    expect(sheet).not.toContain('<f>');
    const log = (await call('GET', '/api/v1/audit?action=applicant.exported')).json().items;
    expect(log.map((e: { details: { format: string } }) => e.details.format)).toEqual(['xlsx', 'csv']);
  });

  it('imports a roster (CSV) with problems by line, and an export imports back unchanged', async () => {
    const upload = (file: string) =>
      t.request({
        method: 'POST',
        url: `/api/v1/imports?kind=applicants&fileName=${encodeURIComponent('roster.csv')}`,
        cookie: admin,
        body: Buffer.from(file),
        headers: { 'content-type': 'text/csv', origin: 'https://observe.example.kz' },
      });
    const bad = await upload('ФИО;Телефон;ИИН;Языки\nИван Петров;8 727 250 00 00;;ru\nАсем;+7 701 000 00 00;123;kk\n');
    expect(bad.statusCode, bad.body).toBe(201);
    const dry = (
      await call('POST', `/api/v1/imports/${bad.json().id}/dry-run`, { mapping: bad.json().suggestedMapping })
    ).json();
    expect(dry.problems).toEqual([
      { line: 2, field: 'phone', code: 'not_a_number', error: 'phone_not_kz_mobile' },
      { line: 3, field: 'iin', code: 'not_a_number', error: 'iin_invalid' },
    ]);
    const good = await upload(
      'ФИО;Телефон;Языки;Статус\nИван Петров;8 701 000 00 01;русский, қазақ;certified\nАсем Омар;+7 701 000 00 02;kk;\n',
    );
    const applied = await call('POST', `/api/v1/imports/${good.json().id}/apply`, {
      mapping: good.json().suggestedMapping,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ added: 2, rejected: 0 });
    const list = (await call('GET', '/api/v1/applicants')).json().items;
    expect(list.map((a: { status: string; source: string }) => [a.status, a.source]).sort()).toEqual([
      ['applied', 'import'],
      ['certified', 'import'],
    ]);
    const exported = (await call('GET', '/api/v1/applicants/export')).rawPayload;
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=applicants&fileName=${encodeURIComponent('roster.csv')}`,
      cookie: admin,
      body: exported,
      headers: { 'content-type': 'text/csv', origin: 'https://observe.example.kz' },
    });
    const report = (
      await call('POST', `/api/v1/imports/${again.json().id}/dry-run`, { mapping: again.json().suggestedMapping })
    ).json();
    expect(report).toMatchObject({ rows: 2, added: 0, changed: 0, unchanged: 2, rejected: 0 });
  });

  it('a roster without some columns updates what it has and keeps every other detail people gave', async () => {
    const w = await world();
    await signUp(volunteer({ areaId: w.medeu.id, email: 'asem@example.kz', experience: 'наблюдала в 2022' }));
    const before = (await call('GET', '/api/v1/applicants')).json().items[0];
    // A coordinator's list: names, phones and new e-mails; no IIN, birth date, area, languages…
    const roster = await t.request({
      method: 'POST',
      url: `/api/v1/imports?kind=applicants&fileName=${encodeURIComponent('roster.csv')}`,
      cookie: admin,
      body: Buffer.from('ФИО;Телефон;Почта\nӘсем Ғалымқызы Өмірзақова;+7 701 123 45 67;asem.o@example.kz\n'),
      headers: { 'content-type': 'text/csv', origin: 'https://observe.example.kz' },
    });
    const mapping = roster.json().suggestedMapping;
    const report = (await call('POST', `/api/v1/imports/${roster.json().id}/dry-run`, { mapping })).json();
    expect(report).toMatchObject({ rows: 1, added: 0, changed: 1, rejected: 0 });
    expect(report.changes).toEqual([{ line: 2, key: '2', fields: ['email'] }]);
    expect((await call('POST', `/api/v1/imports/${roster.json().id}/apply`, { mapping })).statusCode).toBe(200);
    const after = (await call('GET', `/api/v1/applicants/${before.id}`)).json().applicant;
    expect(after).toMatchObject({
      email: 'asem.o@example.kz',
      iin: IIN,
      birthDate: '1990-03-15',
      areaId: w.medeu.id,
      languages: ['kk', 'ru'],
      availability: ['election_day', 'counting'],
      experience: 'наблюдала в 2022',
    });
  });

  it('anonymises the applicants of a finished election after the set number of days, audited', async () => {
    const w = await world();
    await signUp(volunteer({ areaId: w.medeu.id, experience: 'наблюдала в 2022' }));
    const id = (await call('GET', '/api/v1/applicants')).json().items[0].id;
    await call('POST', `/api/v1/applicants/${id}/notes`, { text: 'Звонила Асем' });
    const service = new ApplicantsService(t.store, t.auth, t.now);
    await expect(service.anonymise(null, w.election.id, 30)).rejects.toMatchObject({ code: 'conflict' });
    t.advance(60 * 24 * 3600_000);
    expect(await service.anonymise(null, w.election.id, 30)).toEqual({ anonymised: 1 });
    // Sixty days on, the admin's session has expired: read the stored record directly.
    const applicant = await t.store.applicants.findById(id);
    expect(applicant).toMatchObject({ fullName: 'Anonymised', iin: null, birthDate: null, experience: null });
    // The number is gone whole (`anon:<id>`): its digits, '701', may well occur in a random id.
    expect(applicant?.phone).toBe(`anon:${id}`);
    expect(applicant?.phone).not.toContain('7011234567');
    expect(JSON.stringify(await t.store.applicants.events(id))).not.toContain('Асем');
    expect((await call('GET', '/api/v1/public/stats')).json()).toEqual({ applicants: 1 });
    const log = (await t.store.audit.list({ action: 'applicant.anonymised', limit: 10 })).items;
    expect(log[0]).toMatchObject({ entityId: w.election.id, details: { count: 1, afterDays: 30 } });
  });

  it('issues a referral letter whose code verifies publicly, in PDF, DOCX and as an area batch', async () => {
    const w = await world();
    await signUp(volunteer({ areaId: w.medeu.id }));
    const id = (await call('GET', '/api/v1/applicants')).json().items[0].id;
    for (const to of ['contacted', 'in_training', 'certified', 'accredited']) {
      await call('POST', `/api/v1/applicants/${id}/status`, { status: to });
    }
    const noDetails = await call('POST', `/api/v1/applicants/${id}/referrals`, {
      stationId: w.station.id,
      locale: 'kk',
    });
    expect(noDetails.json().error).toMatchObject({
      code: 'letter_details_missing',
      details: { missing: ['organisation', 'idDocument'] },
    });
    const org = await call('PUT', '/api/v1/settings/organisation', {
      name: { ru: 'ОО «За честные выборы»', kk: '«Әділ сайлау үшін» ҚБ' },
      registration: 'БИН 123456789012',
      signatoryName: 'Һәкімжан Нұрланұлы',
      signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
    });
    expect(org.statusCode, org.body).toBe(200);
    await call('PATCH', `/api/v1/applicants/${id}`, { idDocument: '045678912' });
    const issued = await call('POST', `/api/v1/applicants/${id}/referrals`, { stationId: w.station.id, locale: 'kk' });
    expect(issued.statusCode, issued.body).toBe(201);
    const { referral } = issued.json();
    const pdf = await call('GET', `/api/v1/referrals/${referral.id}/letter`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await call('GET', `/api/v1/referrals/${referral.id}/letter?format=docx`);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string');
    expect(xml).toContain('Әсем Ғалымқызы Өмірзақова');
    expect(xml).toContain('045678912');

    const verified = await t.request({ method: 'GET', url: `/api/v1/verify/${referral.code.toLowerCase()}` });
    expect(verified.json()).toEqual({
      valid: true,
      observerName: 'Әсем Ғалымқызы Өмірзақова',
      election: { ru: 'Выборы Президента', kk: 'Президент сайлауы' },
      station: { number: 45, address: 'Алматы, ул. Шаһар, 5' },
      issuedAt: expect.any(String),
    });
    expect(verified.body).not.toContain('045678912');
    expect((await t.request({ method: 'GET', url: '/api/v1/verify/AAAA-BBBB-CCCC-DDDD' })).json()).toEqual({
      valid: false,
    });

    // Batch: the accredited observer assigned to a station of the area gets a page.
    const invite = (await call('POST', `/api/v1/applicants/${id}/invite`)).json();
    await call('POST', `/api/v1/elections/${w.election.id}/assignments`, {
      observerId: invite.userId,
      stationId: w.station.id,
      shift: 'voting_day',
    });
    const batch = await call('POST', `/api/v1/elections/${w.election.id}/referrals/batch`, {
      areaId: w.almaty.id,
      locale: 'kk',
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.headers['x-letters']).toBe('1');
    // Letters carry personal data: saved by the browser, never kept by a cache.
    expect(batch.headers['content-disposition']).toBe('attachment; filename="referrals.pdf"');
    expect(batch.headers['cache-control']).toBe('no-store');
    expect(batch.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Withdrawn observers' letters no longer verify.
    await call('POST', `/api/v1/applicants/${id}/status`, { status: 'withdrawn' });
    expect((await t.request({ method: 'GET', url: `/api/v1/verify/${referral.code}` })).json()).toEqual({
      valid: false,
    });
  });
});
