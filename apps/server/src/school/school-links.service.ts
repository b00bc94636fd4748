import { randomBytes, randomUUID } from 'node:crypto';
import {
  type Applicant,
  answerOne,
  attemptQuestions,
  DomainError,
  type Election,
  mergeStepAnswers,
  type Organisation,
  type QuizContent,
  type SchoolLocale,
  type StepAnswerBody,
  type SubmitAttemptBody,
  schoolText,
  scoreQuiz,
  signUpState,
} from '@pollwatch/core';
import type { SchoolAttempt, SchoolCourse, Store } from '@pollwatch/db';
import { certificatePdf } from '@pollwatch/documents';
import { audit } from '../auth/actor.ts';
import { sha256 } from '../auth/tokens.ts';
import { certifyIfDue } from './certification.ts';
import { promoteWaiting } from './class-places.ts';
import { classDto } from './school.service.ts';

interface Holder {
  applicant: Applicant;
  election: Election;
}

/**
 * Who is learning: a personal link's token, or (the field app) an observer's own applicant record
 * in one of their elections, already checked by the caller.
 */
export type Learner = string | { applicantId: string; electionId: string };

/** The quiz as shown before answering: title and pass mark, never the answers. */
function quizSummary(content: QuizContent) {
  return { title: content.title, passMark: content.passMark, questionCount: content.questions.length };
}

function attemptResult(a: SchoolAttempt) {
  return {
    id: a.id,
    quizId: a.quizId,
    version: a.version,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    right: a.right,
    total: a.total,
    percent: a.total ? Math.floor(((a.right ?? 0) * 100) / a.total) : 0,
    passed: a.passed,
  };
}

/**
 * What a volunteer does from their personal link, without an account: sign up for classes, read
 * the lessons, take the quizzes, download the certificate. The link is the key: a wrong or
 * replaced link answers 404, the same as a link that never existed.
 */
export class SchoolLinksService {
  constructor(
    private readonly store: Store,
    private readonly publicUrl: string | undefined,
    private readonly now: () => Date,
  ) {}

  private async holder(tx: Store, who: Learner): Promise<Holder> {
    const link = typeof who === 'string' ? await tx.school.findLink(sha256(who)) : who;
    const applicant = link ? await tx.applicants.findById(link.applicantId) : undefined;
    const election = link ? await tx.elections.findById(link.electionId) : undefined;
    if (!link || !applicant || !election || applicant.mergedInto || applicant.anonymisedAt) {
      throw new DomainError('not_found', 'no such school link');
    }
    return { applicant, election };
  }

  /** A course is open when published and its required course (if any) is complete. */
  private async courseState(tx: Store, applicantId: string, courses: SchoolCourse[]) {
    const completed = new Set(await tx.school.completedLessonIds(applicantId));
    const passed = new Set(await tx.school.passedQuizIds(applicantId));
    const state = new Map<
      string,
      { lessons: number; completedLessons: number; quizzes: number; passedQuizzes: number }
    >();
    for (const c of courses) {
      const lessons = await tx.school.listLessons(c.id);
      const quizzes = await tx.school.listQuizzes(c.id);
      state.set(c.id, {
        lessons: lessons.length,
        completedLessons: lessons.filter((l) => completed.has(l.id)).length,
        quizzes: quizzes.length,
        passedQuizzes: quizzes.filter((q) => passed.has(q.id)).length,
      });
    }
    const complete = (id: string) => {
      const s = state.get(id);
      return Boolean(s && s.completedLessons === s.lessons && s.passedQuizzes === s.quizzes);
    };
    return courses.map((c) => ({
      ...(state.get(c.id) as NonNullable<ReturnType<typeof state.get>>),
      id: c.id,
      title: c.title,
      requiresCourseId: c.requiresCourseId,
      locked: Boolean(c.requiresCourseId && !complete(c.requiresCourseId)),
      complete: complete(c.id),
    }));
  }

  async home(token: Learner) {
    const { applicant, election } = await this.holder(this.store, token);
    const classes = await this.store.school.listClasses(election.id);
    const mine = new Map((await this.store.school.signupsOf(applicant.id)).map((s) => [s.classId, s]));
    const courses = await this.store.school.listCourses(election.id, true);
    const certificate = await this.store.school.certificateFor(applicant.id, election.id);
    return {
      // Their own first name only: a greeting, nothing more of the record.
      firstName: applicant.fullName.split(/\s+/)[1] ?? applicant.fullName.split(/\s+/)[0] ?? '',
      locale: applicant.locale,
      status: applicant.status,
      election: { id: election.id, name: election.name, timeZone: election.timeZone },
      classes: classes
        .filter((c) => c.areaId === null || c.areaId === applicant.areaId || mine.has(c.id))
        .map((c) => {
          const signup = mine.get(c.id);
          const { link, ...rest } = classDto(c);
          return {
            ...rest,
            // The meeting link is for those who have a place.
            link: signup?.state === 'signed_up' ? link : null,
            spotsLeft: Math.max(0, c.capacity - c.signedUp),
            waitlisted: c.waitlisted,
            myState: signup?.state ?? null,
            attended: Boolean(signup?.attendedAt),
          };
        }),
      courses: await this.courseState(this.store, applicant.id, courses),
      certificate:
        certificate && !certificate.revokedAt
          ? { code: certificate.code, issuedAt: certificate.issuedAt.toISOString() }
          : null,
    };
  }

  /** A place, or the waiting list when the class is full; the same link signs up once per class. */
  async signUp(token: string, classId: string) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const { applicant, election } = await this.holder(tx, token);
      const found = await tx.school.findClass(classId);
      if (!found || found.electionId !== election.id) throw new DomainError('not_found', 'no such class');
      await tx.schoolPlaces.lockClass(classId);
      const earlier = await tx.school.findSignup(classId, applicant.id);
      if (earlier && earlier.state !== 'cancelled') {
        throw new DomainError('already_signed_up', 'this link has already signed up for the class');
      }
      // Anyone still waiting came first: a place goes to the newcomer only when nobody waits.
      const waiting = await tx.schoolPlaces.countWaiting(classId);
      const state = waiting > 0 ? 'waitlisted' : signUpState(await tx.school.countSignedUp(classId), found.capacity);
      // Signing up again after cancelling joins at the back, as a newcomer.
      if (earlier) await tx.schoolPlaces.setSignupState(earlier.id, state, now, true);
      else await tx.school.createSignup({ id: randomUUID(), classId, applicantId: applicant.id, state }, now);
      await audit(
        tx,
        null,
        {
          action: 'school.signed_up',
          entityType: 'school_class',
          entityId: classId,
          details: { applicantId: applicant.id, state },
        },
        now,
      );
      return { state };
    });
  }

  /**
   * Gives up a place (or leaves the waiting list) before the class starts; a freed place goes at
   * once to the first person waiting. Cancelling twice is harmless.
   */
  async cancel(token: string, classId: string) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const { applicant, election } = await this.holder(tx, token);
      const found = await tx.school.findClass(classId);
      if (!found || found.electionId !== election.id) throw new DomainError('not_found', 'no such class');
      await tx.schoolPlaces.lockClass(classId);
      const signup = await tx.school.findSignup(classId, applicant.id);
      if (!signup) throw new DomainError('not_found', 'this link has not signed up for the class');
      if (signup.state === 'cancelled') return { state: 'cancelled' as const, promoted: 0 };
      if (found.startsAt.getTime() <= now.getTime() || signup.attendedAt) {
        throw new DomainError('class_started', 'the class has already started');
      }
      await tx.schoolPlaces.setSignupState(signup.id, 'cancelled', now);
      await audit(
        tx,
        null,
        {
          action: 'school.signup_cancelled',
          entityType: 'school_class',
          entityId: classId,
          details: { applicantId: applicant.id, from: signup.state },
        },
        now,
      );
      const promoted = signup.state === 'signed_up' ? await promoteWaiting(tx, found, null, 'cancelled', now) : [];
      return { state: 'cancelled' as const, promoted: promoted.length };
    });
  }

  private async openCourse(tx: Store, holder: Holder, courseId: string): Promise<SchoolCourse> {
    const course = await tx.school.findCourse(courseId);
    if (!course || course.electionId !== holder.election.id || !course.published) {
      throw new DomainError('not_found', 'no such course');
    }
    if (course.requiresCourseId) {
      const required = await tx.school.findCourse(course.requiresCourseId);
      const [req] = required ? await this.courseState(tx, holder.applicant.id, [required]) : [];
      if (req && !req.complete) {
        throw new DomainError('course_locked', 'finish the required course first', { requiresCourseId: required?.id });
      }
    }
    return course;
  }

  /** The whole course for the phone to keep: lessons in every language, quizzes' summaries, own results. */
  async course(token: Learner, courseId: string) {
    const holder = await this.holder(this.store, token);
    const course = await this.openCourse(this.store, holder, courseId);
    const completed = new Set(await this.store.school.completedLessonIds(holder.applicant.id));
    const attempts = (await this.store.school.submittedAttempts(holder.applicant.id)).map(attemptResult);
    const lessons = await this.store.school.listLessons(courseId);
    const quizzes = await this.store.school.listQuizzes(courseId);
    return {
      course: { id: course.id, title: course.title },
      lessons: lessons.map((l) => ({ id: l.id, title: l.title, body: l.body, completed: completed.has(l.id) })),
      quizzes: quizzes.map((q) => ({
        id: q.id,
        ...quizSummary(q.content),
        attempts: attempts.filter((a) => a.quizId === q.id),
        passed: attempts.some((a) => a.quizId === q.id && a.passed),
      })),
    };
  }

  async completeLesson(token: Learner, lessonId: string) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const holder = await this.holder(tx, token);
      const lesson = await tx.school.findLesson(lessonId);
      if (!lesson || lesson.archivedAt) throw new DomainError('not_found', 'no such lesson');
      await this.openCourse(tx, holder, lesson.courseId);
      await tx.school.completeLesson(holder.applicant.id, lessonId, now);
    });
    return { completed: true };
  }

  /**
   * Starts an attempt on the quiz's current version, or reopens the one left open on it, with its
   * questions and options in the attempt's own (seeded) order.
   */
  async startAttempt(token: Learner, quizId: string) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const holder = await this.holder(tx, token);
      const quiz = await tx.school.findQuiz(quizId);
      if (!quiz) throw new DomainError('not_found', 'no such quiz');
      await this.openCourse(tx, holder, quiz.courseId);
      let attempt = await tx.school.openAttempt(holder.applicant.id, quizId);
      if (!attempt || attempt.version !== quiz.version) {
        const id = randomUUID();
        await tx.school.createAttempt(
          {
            id,
            quizId,
            version: quiz.version,
            applicantId: holder.applicant.id,
            seed: randomBytes(4).readUInt32BE(0) >>> 1,
          },
          now,
        );
        attempt = (await tx.school.findAttempt(id)) as SchoolAttempt;
      }
      const content = (await tx.school.quizVersion(quizId, attempt.version)) as QuizContent;
      return {
        attempt: {
          id: attempt.id,
          quizId,
          version: attempt.version,
          ...quizSummary(content),
          questions: attemptQuestions(content, attempt.seed),
          // The questions already answered one by one, with their explanations: reopening goes on from there.
          steps: await this.stepResults(tx, attempt.id, content),
        },
      };
    });
  }

  private async stepResults(tx: Store, attemptId: string, content: QuizContent) {
    const results = [];
    for (const step of await tx.schoolPlaces.steps(attemptId)) {
      const one = answerOne(content, step.questionId, step.optionIds);
      if (one.ok) results.push(one.result);
    }
    return results;
  }

  /**
   * Answers one question of an open attempt and shows whether it was right, the right options and
   * the explanation. The answer is fixed from then on (the final score takes it); sending the same
   * answer again returns the same result, a different one is refused with `question_answered`.
   */
  async answerStep(token: Learner, attemptId: string, questionId: string, body: StepAnswerBody) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const holder = await this.holder(tx, token);
      const attempt = await tx.school.findAttempt(attemptId);
      if (!attempt || attempt.applicantId !== holder.applicant.id)
        throw new DomainError('not_found', 'no such attempt');
      if (attempt.submittedAt) throw new DomainError('conflict', 'the attempt is already scored');
      const content = (await tx.school.quizVersion(attempt.quizId, attempt.version)) as QuizContent;
      const one = answerOne(content, questionId, body.optionIds);
      if (!one.ok) {
        throw new DomainError('validation_failed', 'the answer does not match the question', [
          { in: one.problem === 'unknown_question' ? 'params' : 'body', path: '/optionIds', keyword: one.problem },
        ]);
      }
      const added = await tx.schoolPlaces.addStep(
        attemptId,
        { questionId, optionIds: one.result.chosen, right: one.result.right },
        now,
      );
      if (!added) {
        const before = (await tx.schoolPlaces.steps(attemptId)).find((s) => s.questionId === questionId);
        const same =
          before &&
          before.optionIds.length === one.result.chosen.length &&
          before.optionIds.every((o) => one.result.chosen.includes(o));
        if (!same) throw new DomainError('question_answered', 'this question was already answered in the attempt');
      }
      return { answer: one.result };
    });
  }

  /** Scores once against the attempt's version; sending the same attempt again returns that score. */
  async submit(token: Learner, attemptId: string, body: SubmitAttemptBody) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const holder = await this.holder(tx, token);
      const attempt = await tx.school.findAttempt(attemptId);
      if (!attempt || attempt.applicantId !== holder.applicant.id)
        throw new DomainError('not_found', 'no such attempt');
      const content = (await tx.school.quizVersion(attempt.quizId, attempt.version)) as QuizContent;
      if (attempt.submittedAt) {
        return { result: attemptResult(attempt), answers: attempt.results, alreadySubmitted: true, certified: false };
      }
      // Answers already shown with their explanation stay as given; the rest come from the body.
      const steps = await tx.schoolPlaces.steps(attemptId);
      const answers = mergeStepAnswers(steps, body.answers);
      const scored = scoreQuiz(content, answers);
      if (!scored.ok) {
        throw new DomainError(
          'validation_failed',
          'some answers do not match the quiz',
          scored.problems.map((p) => ({ in: 'body', path: p.path, keyword: p.code })),
        );
      }
      const { score } = scored;
      const saved = await tx.school.submitAttempt(
        attemptId,
        { answers, results: score.results, right: score.right, total: score.total, passed: score.passed },
        now,
      );
      if (!saved) throw new DomainError('conflict', 'the attempt was submitted at the same moment');
      await tx.school.recordAnswers(attemptId, attempt.quizId, attempt.version, score.results);
      await audit(
        tx,
        null,
        {
          action: 'school.attempt_submitted',
          entityType: 'school_quiz',
          entityId: attempt.quizId,
          details: {
            attemptId,
            version: attempt.version,
            right: score.right,
            total: score.total,
            passed: score.passed,
          },
        },
        now,
      );
      const certificate = score.passed
        ? await certifyIfDue(tx, holder.applicant.id, holder.election.id, null, now)
        : undefined;
      const stored = (await tx.school.findAttempt(attemptId)) as SchoolAttempt;
      return {
        result: attemptResult(stored),
        answers: score.results,
        alreadySubmitted: false,
        certified: Boolean(certificate),
      };
    });
  }

  async certificate(token: string, locale: 'ru' | 'kk' | undefined): Promise<Uint8Array> {
    const { applicant, election } = await this.holder(this.store, token);
    const certificate = await this.store.school.certificateFor(applicant.id, election.id);
    if (!certificate || certificate.revokedAt) throw new DomainError('not_found', 'no certificate yet');
    const organisation = (await this.store.settings.get('organisation')) as Organisation | undefined;
    if (!organisation) {
      throw new DomainError('letter_details_missing', 'the letterhead is not set', { missing: ['organisation'] });
    }
    const l = locale ?? (applicant.locale === 'kk' ? 'kk' : 'ru');
    const quizzes: string[] = [];
    for (const id of certificate.reason.quizzesPassed) {
      const quiz = await this.store.school.findQuiz(id);
      if (quiz) quizzes.push(schoolText(quiz.content.title, l as SchoolLocale));
    }
    return certificatePdf({
      locale: l,
      organisation: {
        name: organisation.name[l],
        registration: organisation.registration,
        address: organisation.address,
        contacts: organisation.contacts,
      },
      signatoryName: organisation.signatoryName,
      signatoryTitle: organisation.signatoryTitle[l],
      holderName: applicant.fullName,
      electionName: (l === 'kk' ? election.name.kk : undefined) || election.name.ru,
      classesAttended: certificate.reason.classesAttended,
      quizzes,
      code: certificate.code,
      verifyUrl: `${this.publicUrl ?? ''}/verify/${certificate.code}`,
      issuedOn: certificate.issuedAt.toISOString().slice(0, 10),
    });
  }
}
