import { randomUUID } from 'node:crypto';
import type { QuizContent } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

const t2 = (ru: string) => ({ ru, kk: `${ru} (kk)` });
const quiz = (title: string): QuizContent => ({
  title: t2(title),
  passMark: 50,
  questions: [
    {
      id: 'q',
      kind: 'single',
      text: t2('Вопрос'),
      options: [
        { id: 'a', text: t2('Да') },
        { id: 'b', text: t2('Нет') },
      ],
      correct: ['a'],
      explanation: t2('Да.'),
    },
  ],
});

describeEachDialect('course editor: deleting lessons and ordering quizzes', (db) => {
  let t: TestApp;
  let admin: string;

  beforeEach(async () => {
    t = await startTestApp(db());
    admin = await t.setupAdmin();
  });
  afterEach(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    t.request({ method, url, body, cookie: admin });

  it('reorders quizzes, deletes a lesson nobody finished (audited), and keeps one a volunteer finished', async () => {
    const election = await call('POST', '/api/v1/elections', {
      name: { ru: 'Выборы', kk: 'Сайлау' },
      kind: 'parliamentary',
      votingDate: '2027-03-19',
      timeZone: 'Asia/Almaty',
    });
    const electionId = election.json().election.id as string;
    const course = await call('POST', `/api/v1/elections/${electionId}/school/courses`, {
      title: t2('Курс'),
      requiresCourseId: null,
    });
    expect(course.statusCode, course.body).toBe(201);
    const courseId = course.json().course.id as string;
    const lessonIds: string[] = [];
    for (const title of ['Первый', 'Второй', 'Третий']) {
      const added = await call('POST', `/api/v1/school/courses/${courseId}/lessons`, {
        title: t2(title),
        body: t2(`Текст: ${title}`),
      });
      lessonIds.push(added.json().lesson.id);
    }
    const quizIds: string[] = [];
    for (const title of ['Пробный', 'Итоговый']) {
      quizIds.push(
        (await call('POST', `/api/v1/school/courses/${courseId}/quizzes`, { content: quiz(title) })).json().quiz.id,
      );
    }

    const reordered = await call('PUT', `/api/v1/school/courses/${courseId}/quizzes/order`, {
      ids: [...quizIds].reverse(),
    });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().quizzes.map((q: { content: QuizContent }) => q.content.title.ru)).toEqual([
      'Итоговый',
      'Пробный',
    ]);
    const incomplete = await call('PUT', `/api/v1/school/courses/${courseId}/quizzes/order`, { ids: [quizIds[0]] });
    expect(incomplete.json().error.code).toBe('validation_failed');

    // A volunteer finished the first lesson: it stays.
    const applicantId = randomUUID();
    await t.store.applicants.create(
      applicantId,
      {
        electionId,
        fullName: 'Айгерим Н.',
        phone: '+77010000001',
        email: null,
        iin: null,
        birthDate: null,
        areaId: null,
        languages: ['kk'],
        availability: ['election_day'],
        experience: null,
        referralSource: null,
        consentVersion: null,
        consentedAt: null,
        status: 'in_training',
        statusReason: null,
        idDocument: null,
        locale: 'kk',
        userId: null,
        source: 'hq',
        mergedInto: null,
        anonymisedAt: null,
      },
      t.now(),
    );
    await t.store.school.completeLesson(applicantId, lessonIds[0] as string, t.now());
    const refused = await call('DELETE', `/api/v1/school/lessons/${lessonIds[0]}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('lesson_has_progress');

    const deleted = await call('DELETE', `/api/v1/school/lessons/${lessonIds[1]}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(
      deleted.json().lessons.map((l: { title: { ru: string }; position: number }) => [l.title.ru, l.position]),
    ).toEqual([
      ['Первый', 1],
      ['Третий', 2],
    ]);
    expect((await call('DELETE', `/api/v1/school/lessons/${lessonIds[1]}`)).statusCode).toBe(404);
    const { items } = await t.store.audit.list({ action: 'school.lesson_deleted', limit: 10 });
    expect(items.map((e) => [e.entityId, (e.details as { title: { ru: string } }).title.ru])).toEqual([
      [lessonIds[1], 'Второй'],
    ]);
  });
});
