import type { QuizContent } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addDemoSchool } from '../demo/demo-school.ts';
import { schoolApplicant, schoolLinkTokens, startSchoolApp } from '../testing/school-fixture.ts';
import type { TestApp } from '../testing/test-app.ts';

const t2 = (ru: string, kk = `${ru} (kk)`) => ({ ru, kk });

const quizContent = (passMark = 100): QuizContent => ({
  title: t2('Тест наблюдателя'),
  passMark,
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
      explanation: t2('Да: копия протокола выдаётся наблюдателю.'),
    },
    {
      id: 'open',
      kind: 'multiple',
      text: t2('Что проверить при открытии участка?'),
      options: [
        { id: 'empty', text: t2('Урны пусты') },
        { id: 'sealed', text: t2('Урны опечатаны') },
        { id: 'weather', text: t2('Погоду') },
      ],
      correct: ['empty', 'sealed'],
      explanation: t2('Пустые и опечатанные урны.'),
    },
  ],
});

const right = [
  { questionId: 'photo', optionIds: ['yes'] },
  { questionId: 'open', optionIds: ['sealed', 'empty'] },
];
const wrong = [
  { questionId: 'photo', optionIds: ['no'] },
  { questionId: 'open', optionIds: ['empty'] },
];

describeEachDialect('observer school', (db) => {
  let t: TestApp;
  let admin: string;
  let electionId: string;

  beforeEach(async () => {
    ({ t, admin, electionId } = await startSchoolApp(db(), {
      name: { ru: 'Выборы в Мажилис', kk: 'Мәжіліс сайлауы' },
      votingDate: '2027-03-19',
    }));
  });
  afterEach(() => t.close());

  function call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    body?: unknown,
    cookie: string | undefined = admin,
  ) {
    return t.request({ method, url, body, cookie });
  }

  const applicant = (fullName: string, status: 'applied' | 'in_training' = 'applied') =>
    schoolApplicant(t, electionId, fullName, { languages: ['kk', 'ru'], status, locale: 'kk', userId: null });

  /** A published course with one lesson and the quiz; the rule: one class and the quiz. */
  async function school() {
    const course = await call('POST', `/api/v1/elections/${electionId}/school/courses`, { title: t2('Основы') });
    expect(course.statusCode, course.body).toBe(201);
    const courseId = course.json().course.id as string;
    const lesson = await call('POST', `/api/v1/school/courses/${courseId}/lessons`, {
      title: t2('Права'),
      body: t2('# Права\n\n<script>alert(1)</script>'),
    });
    expect(lesson.statusCode, lesson.body).toBe(201);
    const quiz = await call('POST', `/api/v1/school/courses/${courseId}/quizzes`, { content: quizContent() });
    expect(quiz.statusCode, quiz.body).toBe(201);
    expect((await call('PATCH', `/api/v1/school/courses/${courseId}`, { published: true })).statusCode).toBe(200);
    const quizId = quiz.json().quiz.id as string;
    const rule = await call('PUT', `/api/v1/elections/${electionId}/school/rule`, {
      minClassesAttended: 1,
      quizIds: [quizId],
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const klass = await call('POST', `/api/v1/elections/${electionId}/school/classes`, {
      title: t2('Занятие в штабе'),
      mode: 'in_person',
      startsAt: '2027-03-01T18:30',
      durationMinutes: 90,
      place: 'Алматы, ул. Абая, 1',
      capacity: 1,
    });
    expect(klass.statusCode, klass.body).toBe(201);
    return { courseId, lessonId: lesson.json().lesson.id as string, quizId, classId: klass.json().class.id as string };
  }

  const invite = () => schoolLinkTokens(t, admin, electionId);

  it('takes a volunteer from a personal link to certified: class, quiz failed then passed, attendance, certificate', async () => {
    const s = await school();
    // The class starts at 18:30 in Almaty (UTC+5).
    const classes = (await call('GET', `/api/v1/elections/${electionId}/school/classes`)).json().items;
    expect(classes[0].startsAt).toBe('2027-03-01T13:30:00.000Z');

    const asel = await applicant('Сейткали Асель Нурлановна');
    const dana = await applicant('Омарова Дана Ерлановна');
    const tokens = await invite();
    const token = tokens.get(asel) as string;
    const base = `/api/v1/school/links/${token}`;

    const home = await call('GET', base, undefined, undefined);
    expect(home.statusCode, home.body).toBe(200);
    expect(home.headers['cache-control']).toBe('no-store');
    expect(home.json()).toMatchObject({ firstName: 'Асель', courses: [{ id: s.courseId, locked: false, lessons: 1 }] });
    expect(home.body).not.toContain('Сейткали');

    // One place: the first gets it, the second waits; the same link twice is refused.
    expect((await call('POST', `${base}/classes/${s.classId}/sign-up`, undefined, undefined)).json()).toEqual({
      state: 'signed_up',
    });
    const again = await call('POST', `${base}/classes/${s.classId}/sign-up`, undefined, undefined);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_signed_up');
    const waiting = await call(
      'POST',
      `/api/v1/school/links/${tokens.get(dana)}/classes/${s.classId}/sign-up`,
      undefined,
      undefined,
    );
    expect(waiting.json()).toEqual({ state: 'waitlisted' });

    // A link that is not one answers 404.
    expect((await call('GET', `/api/v1/school/links/${'x'.repeat(32)}`, undefined, undefined)).statusCode).toBe(404);

    const course = (await call('GET', `${base}/courses/${s.courseId}`, undefined, undefined)).json();
    expect(course.lessons[0].body.ru).toContain('<script>');
    expect(JSON.stringify(course)).not.toContain('"correct"');
    await call('POST', `${base}/lessons/${s.lessonId}/complete`, undefined, undefined);

    // First attempt: wrong. The order is the attempt's own; reopening gives the same one.
    const first = (await call('POST', `${base}/quizzes/${s.quizId}/attempts`, undefined, undefined)).json().attempt;
    const reopened = (await call('POST', `${base}/quizzes/${s.quizId}/attempts`, undefined, undefined)).json().attempt;
    expect(reopened).toEqual(first);
    expect(JSON.stringify(first)).not.toContain('correct');
    // An answer to a question that does not exist is refused and changes nothing.
    const bogus = await call(
      'POST',
      `${base}/attempts/${first.id}/answers`,
      { answers: [{ questionId: 'nope', optionIds: ['yes'] }] },
      undefined,
    );
    expect(bogus.statusCode).toBe(400);
    const failed = await call('POST', `${base}/attempts/${first.id}/answers`, { answers: wrong }, undefined);
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({ result: { right: 0, total: 2, passed: false }, certified: false });
    expect(failed.json().answers[0].explanation.ru).toBeTruthy();
    // The same attempt sent again is counted once, with its first score.
    const twice = await call('POST', `${base}/attempts/${first.id}/answers`, { answers: right }, undefined);
    expect(twice.json()).toMatchObject({ alreadySubmitted: true, result: { passed: false } });

    // Second attempt: right. Not certified yet: the class is not attended.
    const second = (await call('POST', `${base}/quizzes/${s.quizId}/attempts`, undefined, undefined)).json().attempt;
    expect(second.id).not.toBe(first.id);
    const passed = await call('POST', `${base}/attempts/${second.id}/answers`, { answers: right }, undefined);
    expect(passed.json()).toMatchObject({ result: { right: 2, passed: true }, certified: false });
    expect((await t.store.applicants.findById(asel))?.status).toBe('applied');

    // The trainer marks attendance: the rule is met, the applicant becomes certified.
    const trainer = await t.signInAs('trainer', admin);
    const roster = await call('GET', `/api/v1/school/classes/${s.classId}`, undefined, trainer.cookie);
    expect(roster.json().roster.map((r: { fullName: string; state: string }) => [r.fullName, r.state])).toEqual([
      ['Сейткали Асель Нурлановна', 'signed_up'],
      ['Омарова Дана Ерлановна', 'waitlisted'],
    ]);
    const marked = await call(
      'POST',
      `/api/v1/school/classes/${s.classId}/attendance`,
      { applicantId: asel, attended: true },
      trainer.cookie,
    );
    expect(marked.statusCode, marked.body).toBe(200);
    const certified = await t.store.applicants.findById(asel);
    expect(certified?.status).toBe('certified');
    const events = await t.store.applicants.events(asel);
    const status = events.find((e) => e.kind === 'status' && e.toStatus === 'certified');
    expect(status?.text).toContain('Байқаушылар мектебінің ережесі орындалды');

    const after = (await call('GET', base, undefined, undefined)).json();
    expect(after.certificate.code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    const verified = (
      await call('GET', `/api/v1/verify/${after.certificate.code.toLowerCase()}`, undefined, undefined)
    ).json();
    expect(verified).toEqual({
      valid: true,
      document: 'certificate',
      observerName: 'Сейткали Асель Нурлановна',
      election: { ru: 'Выборы в Мажилис', kk: 'Мәжіліс сайлауы' },
      issuedAt: expect.any(String),
    });

    // The certificate needs the letterhead; then it is a PDF.
    const missing = await call('GET', `${base}/certificate?locale=kk`, undefined, undefined);
    expect(missing.json().error.code).toBe('letter_details_missing');
    await call('PUT', '/api/v1/settings/organisation', {
      name: { ru: 'ОО «Честные выборы»', kk: '«Адал сайлау» ҚБ' },
      registration: 'БИН 123456789012',
      signatoryName: 'А. Ахметов',
      signatoryTitle: { ru: 'Председатель', kk: 'Төраға' },
    });
    const pdf = await call('GET', `${base}/certificate?locale=kk`, undefined, undefined);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Marking again certifies once.
    await call(
      'POST',
      `/api/v1/school/classes/${s.classId}/attendance`,
      { applicantId: asel, attended: true },
      trainer.cookie,
    );
    const certifiedEvents = (await t.store.applicants.events(asel)).filter((e) => e.toStatus === 'certified');
    expect(certifiedEvents).toHaveLength(1);
    const progress = (await call('GET', `/api/v1/elections/${electionId}/school/progress`)).json();
    expect(progress.funnel).toEqual({ linked: 2, signedUp: 2, attended: 1, passed: 1, certified: 1 });
    // The first attempt got both questions wrong, the second both right; the repeated send counts once.
    expect(
      progress.mostFailed.map((f: { questionId: string; wrong: number; total: number }) => [
        f.questionId,
        f.wrong,
        f.total,
      ]),
    ).toEqual([
      ['open', 1, 2],
      ['photo', 1, 2],
    ]);
    expect(progress.mostFailed[0].text.ru).toBe('Что проверить при открытии участка?');
    expect(progress.applicants).toEqual([
      {
        applicantId: dana,
        fullName: 'Омарова Дана Ерлановна',
        status: 'applied',
        classesAttended: 0,
        lessonsCompleted: 0,
        quizzesPassed: 0,
        certified: false,
      },
      {
        applicantId: asel,
        fullName: 'Сейткали Асель Нурлановна',
        status: 'certified',
        classesAttended: 1,
        lessonsCompleted: 1,
        quizzesPassed: 1,
        certified: true,
      },
    ]);
  });

  it('versions a quiz that has attempts and scores each attempt against its own version', async () => {
    const s = await school();
    const asel = await applicant('Сейткали Асель Нурлановна');
    const base = `/api/v1/school/links/${(await invite()).get(asel)}`;
    const old = (await call('POST', `${base}/quizzes/${s.quizId}/attempts`, undefined, undefined)).json().attempt;
    expect(old.version).toBe(1);

    // The trainer changes the right answer: version 2, because version 1 has an attempt.
    const changed = quizContent();
    (changed.questions[0] as { correct: string[] }).correct = ['no'];
    const saved = await call('PUT', `/api/v1/school/quizzes/${s.quizId}`, { content: changed });
    expect(saved.json().quiz.version).toBe(2);
    // The open attempt is still scored on version 1.
    const scored = await call('POST', `${base}/attempts/${old.id}/answers`, { answers: right }, undefined);
    expect(scored.json().result).toMatchObject({ version: 1, passed: true });
    // A new attempt is on version 2, where 'yes' is now wrong.
    const next = (await call('POST', `${base}/quizzes/${s.quizId}/attempts`, undefined, undefined)).json().attempt;
    expect(next.version).toBe(2);
    const on2 = await call('POST', `${base}/attempts/${next.id}/answers`, { answers: right }, undefined);
    expect(on2.json().result).toMatchObject({ version: 2, right: 1, passed: false });

    // Without attempts on the current version, an edit rewrites it.
    const again = await call('PUT', `/api/v1/school/quizzes/${s.quizId}`, { content: { ...changed, passMark: 50 } });
    expect(again.json().quiz.version).toBe(3);
    const rewrite = await call('PUT', `/api/v1/school/quizzes/${s.quizId}`, { content: { ...changed, passMark: 60 } });
    expect(rewrite.json().quiz).toMatchObject({ version: 3, content: { passMark: 60 } });

    // A quiz whose single-choice question has two right answers is refused.
    const broken = quizContent();
    (broken.questions[0] as { correct: string[] }).correct = ['yes', 'no'];
    const refused = await call('PUT', `/api/v1/school/quizzes/${s.quizId}`, { content: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe('/content/questions/0/correct');
  });

  it('warns the second of two trainers editing one lesson instead of overwriting', async () => {
    const s = await school();
    const first = await call('PUT', `/api/v1/school/lessons/${s.lessonId}`, {
      title: t2('Права'),
      body: t2('Версия A'),
      version: 1,
    });
    expect(first.json().lesson.version).toBe(2);
    const second = await call('PUT', `/api/v1/school/lessons/${s.lessonId}`, {
      title: t2('Права'),
      body: t2('Версия B'),
      version: 1,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'lesson_changed', details: { version: 2 } });
    expect((await t.store.school.findLesson(s.lessonId))?.body.ru).toBe('Версия A');
  });

  it('locks a course until the one it requires is complete; never certifies without a rule being met', async () => {
    const s = await school();
    const next = await call('POST', `/api/v1/elections/${electionId}/school/courses`, {
      title: t2('Подсчёт голосов'),
      requiresCourseId: s.courseId,
    });
    const nextId = next.json().course.id;
    await call('PATCH', `/api/v1/school/courses/${nextId}`, { published: true });
    const asel = await applicant('Сейткали Асель Нурлановна', 'in_training');
    const base = `/api/v1/school/links/${(await invite()).get(asel)}`;
    const home = (await call('GET', base, undefined, undefined)).json();
    expect(home.courses.find((c: { id: string }) => c.id === nextId)).toMatchObject({ locked: true });
    const locked = await call('GET', `${base}/courses/${nextId}`, undefined, undefined);
    expect(locked.json().error.code).toBe('course_locked');
    await call('POST', `${base}/lessons/${s.lessonId}/complete`, undefined, undefined);
    const attempt = (await call('POST', `${base}/quizzes/${s.quizId}/attempts`, undefined, undefined)).json().attempt;
    await call('POST', `${base}/attempts/${attempt.id}/answers`, { answers: right }, undefined);
    expect((await call('GET', `${base}/courses/${nextId}`, undefined, undefined)).statusCode).toBe(200);
    // The quiz passed, no class attended: still in training.
    expect((await t.store.applicants.findById(asel))?.status).toBe('in_training');
  });

  it('the demo school takes applicants in training through the starter course and certifies some, once', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await applicant(`Демо Кандидат${i} Тестович`, 'in_training'));
    await addDemoSchool(t.store, electionId, () => t.now());
    await addDemoSchool(t.store, electionId, () => t.now());
    const courses = await t.store.school.listCourses(electionId);
    expect(courses).toHaveLength(1);
    const quizzes = await t.store.school.listQuizzes(courses[0]?.id as string);
    expect(quizzes[0]?.content.questions.length).toBeGreaterThanOrEqual(20);
    const statuses = await Promise.all(ids.map(async (id) => (await t.store.applicants.findById(id))?.status));
    expect(statuses.filter((s) => s === 'certified')).toHaveLength(8);
    const progress = (await call('GET', `/api/v1/elections/${electionId}/school/progress`)).json();
    expect(progress.funnel).toMatchObject({ linked: 12, attended: 8, certified: 8 });
    expect(progress.mostFailed.length).toBeGreaterThan(0);
  });
});
