import { randomBytes, randomUUID } from 'node:crypto';
import { scoreQuiz, starterLessons, starterQuiz, zonedInstant } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { sha256 } from '../auth/tokens.ts';
import { certifyIfDue } from '../school/certification.ts';
import { ReminderRunner } from '../school/reminder-runner.ts';

const t = (ru: string, kk: string, en: string) => ({ ru, kk, en });

/**
 * The observer school of a demo election (issue 20): the starter course (six lessons, a quiz of 22
 * questions), three classes, and the election's applicants in training taken through it — some
 * attended and passed (certified by the rule, with the reason in their history), some failed the
 * quiz once, some on a waiting list. Runs once per election: a second run changes nothing.
 */
export async function addDemoSchool(store: Store, electionId: string, now: () => Date): Promise<void> {
  if ((await store.school.listCourses(electionId)).length > 0) return;
  const election = await store.elections.findById(electionId);
  if (!election) return;
  const at = now();
  const day = (offset: number) => new Date(at.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await store.transaction(async (tx) => {
    const courseId = randomUUID();
    await tx.school.createCourse(
      {
        id: courseId,
        electionId,
        position: 1,
        title: t('Школа наблюдателя: основы', 'Байқаушы мектебі: негіздер', 'Observer school: the basics'),
        requiresCourseId: null,
        published: true,
      },
      at,
    );
    for (const [index, lesson] of starterLessons.entries()) {
      await tx.school.createLesson({ id: randomUUID(), courseId, position: index + 1, ...lesson }, null, at);
    }
    const quizId = randomUUID();
    await tx.school.createQuiz({ id: quizId, courseId, position: 1, content: starterQuiz }, at);
    await tx.school.setRule(electionId, { minClassesAttended: 1, quizIds: [quizId] }, at);

    const classAt = (date: string, time: string) => zonedInstant(date, time, election.timeZone);
    const base = { electionId, areaId: null, trainerId: null } as const;
    const past = await tx.school.createClass(
      {
        ...base,
        id: randomUUID(),
        title: t('Занятие в штабе (демо)', 'Штабтағы сабақ (демо)', 'Class at the HQ (demo)'),
        mode: 'in_person',
        startsAt: classAt(day(-3), '18:30'),
        durationMinutes: 120,
        place: 'г. Алматы, пр. Абая, 10 (демо)',
        link: null,
        capacity: 12,
      },
      at,
    );
    const small = await tx.school.createClass(
      {
        ...base,
        id: randomUUID(),
        title: t(
          'Практикум: подсчёт голосов (демо)',
          'Практикум: дауыстарды санау (демо)',
          'Workshop: the count (demo)',
        ),
        mode: 'in_person',
        startsAt: classAt(day(2), '19:00'),
        durationMinutes: 90,
        place: 'г. Алматы, ул. Толе би, 55 (демо)',
        link: null,
        capacity: 4,
      },
      at,
    );
    await tx.school.createClass(
      {
        ...base,
        id: randomUUID(),
        title: t('Онлайн-занятие (демо)', 'Онлайн сабақ (демо)', 'Online class (demo)'),
        mode: 'online',
        startsAt: classAt(day(4), '20:00'),
        durationMinutes: 60,
        place: null,
        link: 'https://meet.example.org/pollwatch-demo',
        capacity: 100,
      },
      at,
    );

    const trainees = (await tx.applicants.listAll({ electionId, statuses: ['in_training'] })).slice(0, 16);
    const right = starterQuiz.questions.map((q) => ({ questionId: q.id, optionIds: q.correct }));
    const wrong = starterQuiz.questions.map((q) => ({
      questionId: q.id,
      optionIds: [q.options.find((o) => !q.correct.includes(o.id))?.id ?? ''],
    }));
    for (const [i, applicant] of trainees.entries()) {
      // A link nobody holds: the demo shows the records, not a way in.
      await tx.school.setLink(sha256(randomBytes(24).toString('base64url')), applicant.id, electionId, at);
      const klass = i < 10 ? past : small;
      const state = i < 10 || i < 14 ? 'signed_up' : 'waitlisted';
      await tx.school.createSignup({ id: randomUUID(), classId: klass.id, applicantId: applicant.id, state }, at);
      if (i < 8) await tx.school.setAttendance(past.id, applicant.id, at);
      const takes = i < 6 ? [right] : i < 9 ? [wrong, right] : i < 12 ? [wrong] : [];
      for (const answers of takes) {
        const attemptId = randomUUID();
        await tx.school.createAttempt(
          { id: attemptId, quizId, version: 1, applicantId: applicant.id, seed: randomBytes(4).readUInt32BE(0) >>> 1 },
          at,
        );
        const scored = scoreQuiz(starterQuiz, answers);
        if (!scored.ok) continue;
        const s = scored.score;
        await tx.school.submitAttempt(
          attemptId,
          { answers, results: s.results, right: s.right, total: s.total, passed: s.passed },
          at,
        );
        await tx.school.recordAnswers(attemptId, quizId, 1, s.results);
      }
      await certifyIfDue(tx, applicant.id, electionId, null, at);
    }

    // A class within the next day, so the reminders screen has its call list: with no SMS gateway
    // and no Telegram in the demo, the reminder job leaves each reminder for the coordinator to call.
    const soon = await tx.school.createClass(
      {
        ...base,
        id: randomUUID(),
        title: t('Разбор анкеты открытия (демо)', 'Ашылу сауалнамасын талдау (демо)', 'The opening checklist (demo)'),
        mode: 'in_person',
        startsAt: new Date(Math.ceil((at.getTime() + 20 * 3_600_000) / 3_600_000) * 3_600_000),
        durationMinutes: 60,
        place: 'г. Алматы, пр. Абая, 10 (демо)',
        link: null,
        capacity: 3,
      },
      at,
    );
    for (const [i, applicant] of trainees.slice(10, 14).entries()) {
      const state = i < 3 ? 'signed_up' : 'waitlisted';
      await tx.school.createSignup({ id: randomUUID(), classId: soon.id, applicantId: applicant.id, state }, at);
    }
    await new ReminderRunner(tx, {}, () => at).runOnce();
  });
}
