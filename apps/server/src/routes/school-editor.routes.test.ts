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

  it('reorders quizzes, deletes a lesson nobody finished and archives one a volunteer finished, both audited', async () => {
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

    // A volunteer finished the first lesson: removing it archives it, their progress kept.
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
    const archived = await call('DELETE', `/api/v1/school/lessons/${lessonIds[0]}`);
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json().outcome).toBe('archived');
    expect(archived.json().archivedLessons.map((l: { id: string }) => l.id)).toEqual([lessonIds[0]]);
    expect(await t.store.school.completedLessonIds(applicantId)).toEqual([lessonIds[0]]);

    const deleted = await call('DELETE', `/api/v1/school/lessons/${lessonIds[1]}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().outcome).toBe('deleted');
    // Learners see only what is left, renumbered.
    expect((await t.store.school.listLessons(courseId)).map((l) => [l.title.ru, l.position])).toEqual([['Третий', 1]]);
    expect((await call('DELETE', `/api/v1/school/lessons/${lessonIds[1]}`)).statusCode).toBe(404);
    const { items } = await t.store.audit.list({ entityType: 'school_lesson', limit: 20 });
    expect(
      items
        .filter((e) => e.action !== 'school.lesson_saved')
        .map((e) => [e.action, e.entityId, (e.details as { title: { ru: string } }).title.ru])
        .sort(),
    ).toEqual([
      ['school.lesson_archived', lessonIds[0], 'Первый'],
      ['school.lesson_deleted', lessonIds[1], 'Второй'],
    ]);
  });
});
