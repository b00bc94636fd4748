import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QuizContent } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HttpGatewaySender } from '../channels/message-sender.ts';
import { ReminderRunner } from '../school/reminder-runner.ts';
import { schoolApplicant, schoolLinkTokens, startSchoolApp } from '../testing/school-fixture.ts';
import { ADMIN, cookieFrom, type TestApp } from '../testing/test-app.ts';

const t2 = (ru: string) => ({ ru, kk: `${ru} (kk)` });

/** A local stand-in for the HTTP SMS gateway (as in the channels tests): records what it is asked to send. */
async function fakeGateway() {
  const sent: Record<string, string>[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => {
      body += c;
    });
    request.on('end', () => {
      sent.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, sent };
}

const quiz: QuizContent = {
  title: t2('Тест'),
  passMark: 50,
  questions: [
    {
      id: 'photo',
      kind: 'single',
      text: t2('Можно ли фотографировать копию протокола?'),
      options: [
        { id: 'yes', text: t2('Да') },
        { id: 'no', text: t2('Нет') },
      ],
      correct: ['yes'],
      explanation: t2('Да: копия выдаётся наблюдателю.'),
    },
    {
      id: 'open',
      kind: 'multiple',
      text: t2('Что проверить при открытии?'),
      options: [
        { id: 'empty', text: t2('Урны пусты') },
        { id: 'sealed', text: t2('Урны опечатаны') },
      ],
      correct: ['empty', 'sealed'],
      explanation: t2('Пустые и опечатанные урны.'),
    },
  ],
};

/** Issue 20: cancelling, the waiting list's promotion, one-question-at-a-time answers, reminders, the field app. */
describeEachDialect('school places, steps and reminders', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    // The test runs the reminder job itself, with its own clock.
    ({ t, admin, electionId } = await startSchoolApp(
      db(),
      { name: { ru: 'Выборы', kk: 'Сайлау' }, votingDate: '2026-12-20' },
      { RUN_JOBS: 'false' },
    ));
  });
  afterEach(() => t.close());

  function call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    body?: unknown,
    cookie: string | undefined = admin,
  ) {
    return t.request({ method, url, body, cookie });
  }

  const applicant = (fullName: string, userId: string | null = null) =>
    schoolApplicant(t, electionId, fullName, {
      languages: ['ru'],
      status: userId ? 'active' : 'applied',
      locale: 'ru',
      userId,
    });

  async function klass(capacity: number, startsAt = '2026-11-20T18:00') {
    const r = await call('POST', `/api/v1/elections/${electionId}/school/classes`, {
      title: t2('Занятие'),
      mode: 'in_person',
      startsAt,
      durationMinutes: 60,
      place: 'Штаб',
      capacity,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().class.id as string;
  }

  const links = () => schoolLinkTokens(t, admin, electionId);

  const signUp = (token: string, classId: string) =>
    call('POST', `/api/v1/school/links/${token}/classes/${classId}/sign-up`, undefined, undefined);
  const cancel = (token: string, classId: string) =>
    call('POST', `/api/v1/school/links/${token}/classes/${classId}/cancel`, undefined, undefined);
  const roster = async (classId: string) =>
    (await call('GET', `/api/v1/school/classes/${classId}`)).json().roster as { applicantId: string; state: string }[];

  it('promotes from the waiting list first come first served: on a cancellation and on more places, with history and audit', async () => {
    const classId = await klass(1);
    const ids = [await applicant('Один Первый'), await applicant('Два Вторая'), await applicant('Три Третий')];
    const tokens = await links();
    const [a, b, c] = ids.map((id) => tokens.get(id) as string) as [string, string, string];
    expect((await signUp(a, classId)).json().state).toBe('signed_up');
    t.advance(1000);
    expect((await signUp(b, classId)).json().state).toBe('waitlisted');
    t.advance(1000);
    expect((await signUp(c, classId)).json().state).toBe('waitlisted');

    // The first in gives up the place: the first waiting (b, not c) gets it.
    const cancelled = await cancel(a, classId);
    expect(cancelled.json()).toEqual({ state: 'cancelled', promoted: 1 });
    expect(await roster(classId)).toMatchObject([
      { applicantId: ids[1], state: 'signed_up' },
      { applicantId: ids[2], state: 'waitlisted' },
    ]);
    const history = await call('GET', `/api/v1/applicants/${ids[1]}`);
    expect(JSON.stringify(history.json())).toContain('Освободилось место');
    // Cancelling twice is harmless; signing up again joins the back of the queue.
    expect((await cancel(a, classId)).json()).toEqual({ state: 'cancelled', promoted: 0 });
    t.advance(1000);
    expect((await signUp(a, classId)).json().state).toBe('waitlisted');

    // Two more places: c, then a, in the order they joined the list.
    const more = await call('PUT', `/api/v1/school/classes/${classId}/places`, { capacity: 3 });
    expect(more.json()).toEqual({ capacity: 3, promoted: 2 });
    expect((await roster(classId)).map((r) => r.state)).toEqual(['signed_up', 'signed_up', 'signed_up']);
    // Fewer places take nobody's place away.
    expect((await call('PUT', `/api/v1/school/classes/${classId}/places`, { capacity: 1 })).json().promoted).toBe(0);
    expect((await roster(classId)).filter((r) => r.state === 'signed_up')).toHaveLength(3);

    const audit = await t.store.audit.list({ action: 'school.promoted', limit: 10 });
    expect(JSON.stringify(audit)).toContain(ids[2] as string);
    // A class that already began cannot be cancelled.
    t.advance(11 * 24 * 3600_000);
    expect((await cancel(c, classId)).json().error.code).toBe('class_started');
  });

  it('never over-fills: two cancellations and two sign-ups at once', async () => {
    const classId = await klass(2);
    const ids: string[] = [];
    for (const name of ['А Один', 'Б Два', 'В Три', 'Г Четыре', 'Д Пять']) ids.push(await applicant(name));
    const tokens = await links();
    const tok = (i: number) => tokens.get(ids[i] as string) as string;
    for (let i = 0; i < 5; i++) {
      await signUp(tok(i), classId);
      t.advance(1000);
    }
    // Both places free at once: exactly the two first waiting get them.
    await Promise.all([cancel(tok(0), classId), cancel(tok(1), classId)]);
    const after = await roster(classId);
    expect(after.filter((r) => r.state === 'signed_up').map((r) => r.applicantId)).toEqual([ids[2], ids[3]]);
    expect(after.filter((r) => r.state === 'waitlisted').map((r) => r.applicantId)).toEqual([ids[4]]);

    // Two newcomers racing for one place in an empty class: one in, one waits.
    const single = await klass(1);
    const states = (await Promise.all([signUp(tok(0), single), signUp(tok(1), single)])).map((r) => r.json().state);
    expect(states.sort()).toEqual(['signed_up', 'waitlisted']);
  });

  it('shows each answer with its explanation at once, fixes it, and scores the attempt on the fixed answers', async () => {
    const course = (await call('POST', `/api/v1/elections/${electionId}/school/courses`, { title: t2('Курс') })).json()
      .course.id;
    const quizId = (await call('POST', `/api/v1/school/courses/${course}/quizzes`, { content: quiz })).json().quiz.id;
    await call('PATCH', `/api/v1/school/courses/${course}`, { published: true });
    const id = await applicant('Асель Сейткали');
    const base = `/api/v1/school/links/${(await links()).get(id)}`;
    const attempt = (await call('POST', `${base}/quizzes/${quizId}/attempts`, undefined, undefined)).json().attempt;
    const step = (q: string, optionIds: string[]) =>
      call('POST', `${base}/attempts/${attempt.id}/questions/${q}`, { optionIds }, undefined);

    const wrong = await step('photo', ['no']);
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect(wrong.json().answer).toMatchObject({
      right: false,
      correct: ['yes'],
      explanation: quiz.questions[0]?.explanation,
    });
    // Seen the explanation: the same answer again is the same result, another one is refused.
    expect((await step('photo', ['no'])).json().answer.right).toBe(false);
    expect((await step('photo', ['yes'])).json().error.code).toBe('question_answered');
    expect((await step('nope', ['yes'])).statusCode).toBe(400);
    // Reopening the quiz goes on after the answered question.
    const reopened = (await call('POST', `${base}/quizzes/${quizId}/attempts`, undefined, undefined)).json().attempt;
    expect(reopened.steps).toMatchObject([{ questionId: 'photo', right: false }]);

    // The final answers cannot change the fixed one; the unanswered one (answered offline) counts.
    const done = await call(
      'POST',
      `${base}/attempts/${attempt.id}/answers`,
      {
        answers: [
          { questionId: 'photo', optionIds: ['yes'] },
          { questionId: 'open', optionIds: ['empty', 'sealed'] },
        ],
      },
      undefined,
    );
    expect(done.json().result).toMatchObject({ right: 1, total: 2, passed: true });
  });

  it('lets an observer take the school in the field app as the applicant they were recruited as', async () => {
    const course = (await call('POST', `/api/v1/elections/${electionId}/school/courses`, { title: t2('Курс') })).json()
      .course.id;
    const lesson = (
      await call('POST', `/api/v1/school/courses/${course}/lessons`, { title: t2('Урок'), body: t2('Текст урока') })
    ).json().lesson.id;
    const quizId = (await call('POST', `/api/v1/school/courses/${course}/quizzes`, { content: quiz })).json().quiz.id;
    await call('PATCH', `/api/v1/school/courses/${course}`, { published: true });
    await call('POST', `/api/v1/elections/${electionId}/current`);
    const observer = await t.signInAs('observer', admin);
    const me = (url: string, method: 'GET' | 'POST' = 'GET', body?: unknown) =>
      call(method, `/api/v1/me/school${url}`, body, observer.cookie);
    // Not recruited through pollwatch: no school record, said plainly.
    expect((await me('')).json()).toEqual({ available: false, elections: [] });

    await applicant('Ерлан Наблюдатель', observer.user.id);
    const home = (await me('')).json();
    expect(home.available).toBe(true);
    expect(home.elections[0].courses).toMatchObject([{ id: course, lessons: 1, completedLessons: 0 }]);
    expect((await me(`/courses/${course}`)).json().lessons[0].body.ru).toBe('Текст урока');
    await me(`/lessons/${lesson}/complete`, 'POST');
    const attempt = (await me(`/quizzes/${quizId}/attempts`, 'POST')).json().attempt;
    expect(
      (await me(`/attempts/${attempt.id}/questions/photo`, 'POST', { optionIds: ['yes'] })).json().answer.right,
    ).toBe(true);
    const done = await me(`/attempts/${attempt.id}/answers`, 'POST', {
      answers: [{ questionId: 'open', optionIds: ['empty'] }],
    });
    expect(done.json().result).toMatchObject({ right: 1, total: 2, passed: true });
    expect((await me('')).json().elections[0].courses[0]).toMatchObject({ completedLessons: 1, complete: true });
    // Staff have no field school; a course of another election is not theirs.
    expect((await call('GET', '/api/v1/me/school')).statusCode).toBe(403);
  });

  it('reminds 24 h and 2 h before, once each: by SMS through the gateway, or on the call list without one', async () => {
    const gateway = await fakeGateway();
    try {
      const classId = await klass(5, '2026-11-11T18:00'); // 13:00Z, 31 h after the clock's start
      const ids = [await applicant('Сms Один'), await applicant('Сms Два')];
      const tokens = await links();
      for (const id of ids) await signUp(tokens.get(id) as string, classId);
      const later = await klass(5, '2026-11-12T18:00'); // 13:00Z the day after
      await signUp(tokens.get(ids[0] as string) as string, later);
      const sms = new ReminderRunner(
        t.store,
        { sms: new HttpGatewaySender({ url: gateway.url, toField: 'to', textField: 'text' }) },
        t.now,
      );
      // Too early: nothing.
      expect(await sms.runOnce()).toEqual({ queued: 0, sent: 0, toCall: 0 });
      t.advance(8 * 3600_000); // 23 h before
      // Two runners at once ("two processes"): each person is texted once.
      const other = new ReminderRunner(
        t.store,
        { sms: new HttpGatewaySender({ url: gateway.url, toField: 'to', textField: 'text' }) },
        t.now,
      );
      await Promise.all([sms.runOnce(), other.runOnce()]);
      expect(gateway.sent).toHaveLength(2);
      // To the phone itself (sealed at rest, opened for the gateway only).
      const phones = await Promise.all(ids.map(async (id) => (await t.store.applicants.findById(id))?.phone));
      expect(gateway.sent.map((m) => m.to).sort()).toEqual([...phones].sort());
      expect(gateway.sent[0]?.text).toContain('Завтра');
      expect(await sms.runOnce()).toEqual({ queued: 0, sent: 0, toCall: 0 });
      t.advance(22 * 3600_000); // 1 h before
      await sms.runOnce();
      expect(gateway.sent).toHaveLength(4);
      expect(gateway.sent[3]?.text).toContain('Через 2 часа');
      await sms.runOnce();
      expect(gateway.sent).toHaveLength(4);

      // Without any channel the reminder waits on the coordinator's call list.
      t.advance(2 * 3600_000); // 23 h before the later class
      expect(await new ReminderRunner(t.store, {}, t.now).runOnce()).toMatchObject({ queued: 1, toCall: 1 });
      // (the admin signs in again: a day and a half passed)
      admin = cookieFrom(
        await t.request({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          body: { email: ADMIN.email, password: ADMIN.password },
        }),
      );
      const list = await call('GET', `/api/v1/elections/${electionId}/school/reminders?status=to_call`);
      expect(list.json().items).toMatchObject([
        { applicantId: ids[0], kind: '24h', status: 'to_call', phone: phones[0] },
      ]);
      // A regional coordinator of another area sees none of these people, and cannot mark them.
      const area = (
        await call('POST', '/api/v1/areas', { parentId: null, level: 'region', code: 'AST', name: { ru: 'Астана' } })
      ).json().area.id as string;
      const rc = { email: 'rc.ast@example.org', password: 'a long enough passphrase' };
      await call('POST', '/api/v1/users', {
        role: 'regional_coordinator',
        displayName: 'Координатор',
        ...rc,
        areaId: area,
      });
      const rcCookie = cookieFrom(await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', body: rc }));
      const theirs = await call('GET', `/api/v1/elections/${electionId}/school/reminders`, undefined, rcCookie);
      expect(theirs.json().items).toEqual([]);
      const refused = await call(
        'POST',
        `/api/v1/school/reminders/${list.json().items[0].id}/called`,
        undefined,
        rcCookie,
      );
      expect(refused.statusCode).toBe(404);
      const called = await call('POST', `/api/v1/school/reminders/${list.json().items[0].id}/called`);
      expect(called.json()).toEqual({ status: 'called' });
      expect((await call('POST', `/api/v1/school/reminders/${list.json().items[0].id}/called`)).statusCode).toBe(409);
    } finally {
      await new Promise((resolve) => gateway.server.close(resolve));
    }
  });
});
