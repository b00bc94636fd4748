import type { AreaScope, CertificationRule, CertificationVerdict, QuizContent, SchoolText } from '@pollwatch/core';
import type { Expression, Kysely, Selectable, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { areaInScope } from '../area-scope.ts';
import type { DialectName } from '../database.ts';
import type {
  Database,
  SchoolAttemptsTable,
  SchoolClassesTable,
  SchoolCoursesTable,
  SchoolLessonsTable,
} from '../schema.ts';
import { boolValue, jsonValue, readBool, readJson, readTime, timeValue } from '../values.ts';

export interface SchoolCourse {
  id: string;
  electionId: string;
  position: number;
  title: SchoolText;
  requiresCourseId: string | null;
  published: boolean;
  updatedAt: Date;
}

export interface SchoolLesson {
  id: string;
  courseId: string;
  position: number;
  title: SchoolText;
  body: SchoolText;
  version: number;
  updatedAt: Date;
  /** Removed by a trainer after volunteers had finished it: hidden from learners and course folders. */
  archivedAt: Date | null;
}

export interface SchoolQuiz {
  id: string;
  courseId: string;
  position: number;
  version: number;
  content: QuizContent;
}

export interface SchoolAttempt {
  id: string;
  quizId: string;
  version: number;
  applicantId: string;
  seed: number;
  startedAt: Date;
  submittedAt: Date | null;
  answers: unknown;
  results: unknown;
  right: number | null;
  total: number | null;
  passed: boolean | null;
}

export interface SchoolClass {
  id: string;
  electionId: string;
  title: SchoolText;
  mode: 'in_person' | 'online';
  startsAt: Date;
  durationMinutes: number;
  place: string | null;
  link: string | null;
  capacity: number;
  areaId: string | null;
  trainerId: string | null;
}

export type SignupState = 'signed_up' | 'waitlisted' | 'cancelled';

export interface SchoolSignup {
  id: string;
  classId: string;
  applicantId: string;
  state: SignupState;
  attendedAt: Date | null;
  createdAt: Date;
}

export interface RosterEntry extends SchoolSignup {
  fullName: string;
}

export interface SchoolCertificate {
  id: string;
  code: string;
  applicantId: string;
  electionId: string;
  reason: CertificationVerdict;
  issuedAt: Date;
  revokedAt: Date | null;
}

const toCourse = (r: Selectable<SchoolCoursesTable>): SchoolCourse => ({
  id: r.id,
  electionId: r.election_id,
  position: r.position,
  title: readJson(r.title) as SchoolText,
  requiresCourseId: r.requires_course_id,
  published: readBool(r.published),
  updatedAt: readTime(r.updated_at),
});

const toLesson = (r: Selectable<SchoolLessonsTable>): SchoolLesson => ({
  id: r.id,
  courseId: r.course_id,
  position: r.position,
  title: readJson(r.title) as SchoolText,
  body: readJson(r.body) as SchoolText,
  version: r.version,
  updatedAt: readTime(r.updated_at),
  archivedAt: r.archived_at === null ? null : readTime(r.archived_at),
});

const toAttempt = (r: Selectable<SchoolAttemptsTable>): SchoolAttempt => ({
  id: r.id,
  quizId: r.quiz_id,
  version: r.version,
  applicantId: r.applicant_id,
  seed: Number(r.seed),
  startedAt: readTime(r.started_at),
  submittedAt: r.submitted_at ? readTime(r.submitted_at) : null,
  answers: r.answers == null ? null : readJson(r.answers),
  results: r.results == null ? null : readJson(r.results),
  right: r.right_count,
  total: r.total_count,
  passed: r.passed == null ? null : readBool(r.passed),
});

const toClass = (r: Selectable<SchoolClassesTable>): SchoolClass => ({
  id: r.id,
  electionId: r.election_id,
  title: readJson(r.title) as SchoolText,
  mode: r.mode as SchoolClass['mode'],
  startsAt: readTime(r.starts_at),
  durationMinutes: r.duration_minutes,
  place: r.place,
  link: r.link,
  capacity: r.capacity,
  areaId: r.area_id,
  trainerId: r.trainer_id,
});

const toSignup = (r: {
  id: string;
  class_id: string;
  applicant_id: string;
  state: string;
  attended_at: Date | string | null;
  created_at: Date | string;
}): SchoolSignup => ({
  id: r.id,
  classId: r.class_id,
  applicantId: r.applicant_id,
  state: r.state as SignupState,
  attendedAt: r.attended_at ? readTime(r.attended_at) : null,
  createdAt: readTime(r.created_at),
});

/** The observer school's storage: content, versions, attempts, classes, links, certificates. */
export class SchoolRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  private t(date: Date) {
    return timeValue(this.dialect, date);
  }

  // ---- Courses and lessons ----

  async listCourses(electionId: string, publishedOnly = false): Promise<SchoolCourse[]> {
    let q = this.db.selectFrom('school_courses').selectAll().where('election_id', '=', electionId);
    if (publishedOnly) q = q.where('published', '=', boolValue(this.dialect, true));
    return (await q.orderBy('position').orderBy('created_at').execute()).map(toCourse);
  }

  async findCourse(id: string): Promise<SchoolCourse | undefined> {
    const row = await this.db.selectFrom('school_courses').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCourse(row) : undefined;
  }

  async createCourse(c: Omit<SchoolCourse, 'updatedAt'>, now: Date): Promise<SchoolCourse> {
    await this.db
      .insertInto('school_courses')
      .values({
        id: c.id,
        election_id: c.electionId,
        position: c.position,
        title: jsonValue(c.title),
        requires_course_id: c.requiresCourseId,
        published: boolValue(this.dialect, c.published),
        created_at: this.t(now),
        updated_at: this.t(now),
      })
      .execute();
    return (await this.findCourse(c.id)) as SchoolCourse;
  }

  async updateCourse(
    id: string,
    patch: { title?: SchoolText; requiresCourseId?: string | null; published?: boolean },
    now: Date,
  ): Promise<SchoolCourse> {
    await this.db
      .updateTable('school_courses')
      .set({
        updated_at: this.t(now),
        ...(patch.title && { title: jsonValue(patch.title) }),
        ...(patch.requiresCourseId !== undefined && { requires_course_id: patch.requiresCourseId }),
        ...(patch.published !== undefined && { published: boolValue(this.dialect, patch.published) }),
      })
      .where('id', '=', id)
      .execute();
    return (await this.findCourse(id)) as SchoolCourse;
  }

  /** The course's lessons in order; archived ones only when asked (the editor's list of them). */
  async listLessons(courseId: string, opts: { archived?: boolean } = {}): Promise<SchoolLesson[]> {
    const rows = await this.db
      .selectFrom('school_lessons')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('archived_at', opts.archived ? 'is not' : 'is', null)
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(toLesson);
  }

  async findLesson(id: string): Promise<SchoolLesson | undefined> {
    const row = await this.db.selectFrom('school_lessons').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toLesson(row) : undefined;
  }

  async createLesson(
    l: { id: string; courseId: string; position: number; title: SchoolText; body: SchoolText },
    actorId: string | null,
    now: Date,
  ): Promise<SchoolLesson> {
    await this.db
      .insertInto('school_lessons')
      .values({
        id: l.id,
        course_id: l.courseId,
        position: l.position,
        title: jsonValue(l.title),
        body: jsonValue(l.body),
        version: 1,
        updated_by: actorId,
        updated_at: this.t(now),
      })
      .execute();
    return (await this.findLesson(l.id)) as SchoolLesson;
  }

  /** Saves over `expectedVersion` only; false when someone saved a newer one first. */
  async updateLesson(
    id: string,
    expectedVersion: number,
    l: { title: SchoolText; body: SchoolText },
    actorId: string | null,
    now: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('school_lessons')
      .set({
        title: jsonValue(l.title),
        body: jsonValue(l.body),
        version: expectedVersion + 1,
        updated_by: actorId,
        updated_at: this.t(now),
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setLessonPosition(id: string, position: number): Promise<void> {
    await this.db.updateTable('school_lessons').set({ position }).where('id', '=', id).execute();
  }

  /** Whether any volunteer has finished the lesson (then it stays, as their progress refers to it). */
  async lessonHasProgress(lessonId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('school_lesson_progress')
      .select('lesson_id')
      .where('lesson_id', '=', lessonId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Deletes a lesson nobody has progress on; false when it was already gone. */
  async deleteLesson(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('school_lessons').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Hides a lesson from learners (and the course folder) for good, keeping it for the progress that names it. */
  async archiveLesson(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('school_lessons')
      .set({ archived_at: this.t(now) })
      .where('id', '=', id)
      .execute();
  }

  async setQuizPosition(id: string, position: number): Promise<void> {
    await this.db.updateTable('school_quizzes').set({ position }).where('id', '=', id).execute();
  }

  // ---- Quizzes and their versions ----

  async listQuizzes(courseId: string): Promise<SchoolQuiz[]> {
    const rows = await this.db
      .selectFrom('school_quizzes as q')
      .innerJoin('school_quiz_versions as v', (j) =>
        j.onRef('v.quiz_id', '=', 'q.id').onRef('v.version', '=', 'q.current_version'),
      )
      .select(['q.id', 'q.course_id', 'q.position', 'q.current_version', 'v.content'])
      .where('q.course_id', '=', courseId)
      .orderBy('q.position')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      courseId: r.course_id,
      position: r.position,
      version: r.current_version,
      content: readJson(r.content) as QuizContent,
    }));
  }

  async findQuiz(id: string): Promise<SchoolQuiz | undefined> {
    const row = await this.db.selectFrom('school_quizzes').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const content = await this.quizVersion(id, row.current_version);
    return {
      id: row.id,
      courseId: row.course_id,
      position: row.position,
      version: row.current_version,
      content: content as QuizContent,
    };
  }

  async quizVersion(quizId: string, version: number): Promise<QuizContent | undefined> {
    const row = await this.db
      .selectFrom('school_quiz_versions')
      .select('content')
      .where('quiz_id', '=', quizId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? (readJson(row.content) as QuizContent) : undefined;
  }

  async createQuiz(q: { id: string; courseId: string; position: number; content: QuizContent }, now: Date) {
    await this.db
      .insertInto('school_quizzes')
      .values({ id: q.id, course_id: q.courseId, position: q.position, current_version: 1, created_at: this.t(now) })
      .execute();
    await this.db
      .insertInto('school_quiz_versions')
      .values({ quiz_id: q.id, version: 1, content: jsonValue(q.content), created_at: this.t(now) })
      .execute();
  }

  async versionHasAttempts(quizId: string, version: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('school_attempts')
      .select('id')
      .where('quiz_id', '=', quizId)
      .where('version', '=', version)
      .limit(1)
      .executeTakeFirst();
    return Boolean(row);
  }

  async rewriteVersion(quizId: string, version: number, content: QuizContent): Promise<void> {
    await this.db
      .updateTable('school_quiz_versions')
      .set({ content: jsonValue(content) })
      .where('quiz_id', '=', quizId)
      .where('version', '=', version)
      .execute();
  }

  async addVersion(quizId: string, version: number, content: QuizContent, now: Date): Promise<void> {
    await this.db
      .insertInto('school_quiz_versions')
      .values({ quiz_id: quizId, version, content: jsonValue(content), created_at: this.t(now) })
      .execute();
    await this.db.updateTable('school_quizzes').set({ current_version: version }).where('id', '=', quizId).execute();
  }

  // ---- Personal links ----

  /** One link per applicant and election: a new one replaces the old. */
  async setLink(tokenHash: string, applicantId: string, electionId: string, now: Date): Promise<void> {
    await this.db
      .deleteFrom('school_links')
      .where('applicant_id', '=', applicantId)
      .where('election_id', '=', electionId)
      .execute();
    await this.db
      .insertInto('school_links')
      .values({ token_hash: tokenHash, applicant_id: applicantId, election_id: electionId, created_at: this.t(now) })
      .execute();
  }

  async findLink(tokenHash: string): Promise<{ applicantId: string; electionId: string } | undefined> {
    const row = await this.db
      .selectFrom('school_links')
      .select(['applicant_id', 'election_id'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? { applicantId: row.applicant_id, electionId: row.election_id } : undefined;
  }

  // ---- Attempts and progress ----

  async createAttempt(
    a: { id: string; quizId: string; version: number; applicantId: string; seed: number },
    now: Date,
  ) {
    await this.db
      .insertInto('school_attempts')
      .values({
        id: a.id,
        quiz_id: a.quizId,
        version: a.version,
        applicant_id: a.applicantId,
        seed: a.seed,
        started_at: this.t(now),
        submitted_at: null,
        answers: null,
        results: null,
        right_count: null,
        total_count: null,
        passed: null,
      })
      .execute();
  }

  async findAttempt(id: string): Promise<SchoolAttempt | undefined> {
    const row = await this.db.selectFrom('school_attempts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAttempt(row) : undefined;
  }

  /** The open attempt of an applicant at a quiz, if any (reopening the quiz shows the same order). */
  async openAttempt(applicantId: string, quizId: string): Promise<SchoolAttempt | undefined> {
    const row = await this.db
      .selectFrom('school_attempts')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .where('quiz_id', '=', quizId)
      .where('submitted_at', 'is', null)
      .orderBy('started_at', 'desc')
      .executeTakeFirst();
    return row ? toAttempt(row) : undefined;
  }

  /** Records the score once: false if the attempt was already submitted. */
  async submitAttempt(
    id: string,
    s: { answers: unknown; results: unknown; right: number; total: number; passed: boolean },
    now: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('school_attempts')
      .set({
        submitted_at: this.t(now),
        answers: jsonValue(s.answers),
        results: jsonValue(s.results),
        right_count: s.right,
        total_count: s.total,
        passed: boolValue(this.dialect, s.passed),
      })
      .where('id', '=', id)
      .where('submitted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** One row per scored question of an attempt: what the most-failed count reads. */
  async recordAnswers(
    attemptId: string,
    quizId: string,
    version: number,
    results: readonly { questionId: string; right: boolean }[],
  ): Promise<void> {
    if (results.length === 0) return;
    await this.db
      .insertInto('school_attempt_answers')
      .values(
        results.map((r) => ({
          attempt_id: attemptId,
          quiz_id: quizId,
          version,
          question_id: r.questionId,
          is_right: boolValue(this.dialect, r.right),
        })),
      )
      .execute();
  }

  /**
   * The questions of an election's quizzes most often answered wrong, by applicants in the scope:
   * quiz, version, question, wrong and total answers; worst first.
   */
  async mostFailed(electionId: string, scope: AreaScope, limit = 10) {
    const rows = await this.db
      .selectFrom('school_attempt_answers as x')
      .innerJoin('school_attempts as t', 't.id', 'x.attempt_id')
      .innerJoin('applicants as a', 'a.id', 't.applicant_id')
      .innerJoin('school_quizzes as q', 'q.id', 'x.quiz_id')
      .innerJoin('school_courses as c', 'c.id', 'q.course_id')
      .select((eb) => [
        'x.quiz_id',
        'x.version',
        'x.question_id',
        eb.fn.countAll<number | string>().as('total'),
        eb.fn
          .sum<number | string>(eb.case().when('x.is_right', '=', boolValue(this.dialect, false)).then(1).else(0).end())
          .as('wrong'),
      ])
      .where('c.election_id', '=', electionId)
      .where(areaInScope('a.area_id', scope))
      .groupBy(['x.quiz_id', 'x.version', 'x.question_id'])
      .orderBy('wrong', 'desc')
      .orderBy('x.question_id')
      .limit(limit)
      .execute();
    return rows
      .map((r) => ({
        quizId: r.quiz_id,
        version: r.version,
        questionId: r.question_id,
        total: Number(r.total),
        wrong: Number(r.wrong ?? 0),
      }))
      .filter((r) => r.wrong > 0);
  }

  /** Each linked applicant of the election in the scope, with their progress: classes, lessons, quizzes, certificate. */
  async applicantProgress(electionId: string, scope: AreaScope, limit = 500) {
    const rows = await this.linked(electionId)
      .where(areaInScope('a.area_id', scope))
      .select((eb) => [
        'a.id',
        'a.full_name',
        'a.status',
        eb
          .selectFrom('school_signups as s')
          .innerJoin('school_classes as k', 'k.id', 's.class_id')
          .select(eb.fn.countAll<number | string>().as('n'))
          .whereRef('s.applicant_id', '=', 'a.id')
          .where('k.election_id', '=', electionId)
          .where('s.attended_at', 'is not', null)
          .as('attended'),
        eb
          .selectFrom('school_lesson_progress as p')
          .select(eb.fn.countAll<number | string>().as('n'))
          .whereRef('p.applicant_id', '=', 'a.id')
          .as('lessons'),
        eb
          .selectFrom('school_attempts as t')
          .select(sql<number | string>`count(distinct t.quiz_id)`.as('n'))
          .whereRef('t.applicant_id', '=', 'a.id')
          .where('t.passed', '=', boolValue(this.dialect, true))
          .as('quizzes_passed'),
        eb
          .selectFrom('school_certificates as z')
          .select('z.code')
          .whereRef('z.applicant_id', '=', 'a.id')
          .where('z.election_id', '=', electionId)
          .limit(1)
          .as('certificate'),
      ])
      .orderBy('a.full_name')
      .orderBy('a.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      applicantId: r.id,
      fullName: r.full_name,
      status: r.status,
      classesAttended: Number(r.attended ?? 0),
      lessonsCompleted: Number(r.lessons ?? 0),
      quizzesPassed: Number(r.quizzes_passed ?? 0),
      certified: r.certificate !== null && r.certificate !== undefined,
    }));
  }

  async submittedAttempts(applicantId: string): Promise<SchoolAttempt[]> {
    const rows = await this.db
      .selectFrom('school_attempts')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .where('submitted_at', 'is not', null)
      .orderBy('submitted_at')
      .execute();
    return rows.map(toAttempt);
  }

  async passedQuizIds(applicantId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('school_attempts')
      .select('quiz_id')
      .distinct()
      .where('applicant_id', '=', applicantId)
      .where('passed', '=', boolValue(this.dialect, true))
      .execute();
    return rows.map((r) => r.quiz_id);
  }

  async completeLesson(applicantId: string, lessonId: string, now: Date): Promise<void> {
    await this.db
      .insertInto('school_lesson_progress')
      .values({ applicant_id: applicantId, lesson_id: lessonId, completed_at: this.t(now) })
      .onConflict((oc) => oc.columns(['applicant_id', 'lesson_id']).doNothing())
      .execute();
  }

  async completedLessonIds(applicantId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('school_lesson_progress')
      .select('lesson_id')
      .where('applicant_id', '=', applicantId)
      .execute();
    return rows.map((r) => r.lesson_id);
  }

  // ---- Classes ----

  async createClass(c: SchoolClass, now: Date): Promise<SchoolClass> {
    await this.db
      .insertInto('school_classes')
      .values({
        id: c.id,
        election_id: c.electionId,
        title: jsonValue(c.title),
        mode: c.mode,
        starts_at: this.t(c.startsAt),
        duration_minutes: c.durationMinutes,
        place: c.place,
        link: c.link,
        capacity: c.capacity,
        area_id: c.areaId,
        trainer_id: c.trainerId,
        created_at: this.t(now),
      })
      .execute();
    return (await this.findClass(c.id)) as SchoolClass;
  }

  /** With a scope: classes of its areas, and classes open to every area. */
  async findClass(id: string, scope?: AreaScope): Promise<SchoolClass | undefined> {
    let q = this.db.selectFrom('school_classes').selectAll().where('id', '=', id);
    if (scope && scope.kind !== 'all') {
      q = q.where((eb) => eb.or([eb('area_id', 'is', null), areaInScope('school_classes.area_id', scope)]));
    }
    const row = await q.executeTakeFirst();
    return row ? toClass(row) : undefined;
  }

  /** Classes of an election with their counts (in, waiting, attended), soonest first. */
  async listClasses(
    electionId: string,
    scope?: AreaScope,
  ): Promise<(SchoolClass & { signedUp: number; waitlisted: number; attended: number })[]> {
    let q = this.db
      .selectFrom('school_classes as c')
      .selectAll('c')
      .select((eb) => {
        const signups = () =>
          eb
            .selectFrom('school_signups as s')
            .select(eb.fn.countAll<number | string>().as('n'))
            .whereRef('s.class_id', '=', 'c.id');
        return [
          signups().where('s.state', '=', 'signed_up').as('signed_up'),
          signups().where('s.state', '=', 'waitlisted').as('waitlisted'),
          signups().where('s.attended_at', 'is not', null).as('attended'),
        ];
      })
      .where('c.election_id', '=', electionId);
    if (scope && scope.kind !== 'all') {
      q = q.where((eb) => eb.or([eb('c.area_id', 'is', null), areaInScope('c.area_id', scope)]));
    }
    const rows = await q.orderBy('c.starts_at').orderBy('c.id').execute();
    return rows.map((r) => ({
      ...toClass(r),
      signedUp: Number(r.signed_up ?? 0),
      waitlisted: Number(r.waitlisted ?? 0),
      attended: Number(r.attended ?? 0),
    }));
  }

  async countSignedUp(classId: string): Promise<number> {
    const row = await this.db
      .selectFrom('school_signups')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('class_id', '=', classId)
      .where('state', '=', 'signed_up')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async findSignup(classId: string, applicantId: string): Promise<SchoolSignup | undefined> {
    const row = await this.db
      .selectFrom('school_signups')
      .selectAll()
      .where('class_id', '=', classId)
      .where('applicant_id', '=', applicantId)
      .executeTakeFirst();
    return row ? toSignup(row) : undefined;
  }

  async createSignup(
    s: { id: string; classId: string; applicantId: string; state: SignupState },
    now: Date,
  ): Promise<SchoolSignup> {
    await this.db
      .insertInto('school_signups')
      .values({
        id: s.id,
        class_id: s.classId,
        applicant_id: s.applicantId,
        state: s.state,
        attended_at: null,
        reminded_at: null,
        created_at: this.t(now),
      })
      .execute();
    return (await this.findSignup(s.classId, s.applicantId)) as SchoolSignup;
  }

  async signupsOf(applicantId: string): Promise<SchoolSignup[]> {
    const rows = await this.db
      .selectFrom('school_signups')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .execute();
    return rows.map(toSignup);
  }

  /** Who signed up (then who waits), by name: the trainer's attendance list. */
  async roster(classId: string): Promise<RosterEntry[]> {
    const rows = await this.db
      .selectFrom('school_signups as s')
      .innerJoin('applicants as a', 'a.id', 's.applicant_id')
      .selectAll('s')
      .select('a.full_name')
      .where('s.class_id', '=', classId)
      .where('s.state', '!=', 'cancelled')
      .orderBy(sql`case when s.state = 'signed_up' then 0 else 1 end`)
      .orderBy('s.created_at')
      .orderBy('s.id')
      .execute();
    return rows.map((r) => ({ ...toSignup(r), fullName: r.full_name }));
  }

  async setAttendance(classId: string, applicantId: string, at: Date | null): Promise<void> {
    await this.db
      .updateTable('school_signups')
      .set({ attended_at: at ? this.t(at) : null })
      .where('class_id', '=', classId)
      .where('applicant_id', '=', applicantId)
      .execute();
  }

  async classesAttended(applicantId: string, electionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('school_signups as s')
      .innerJoin('school_classes as c', 'c.id', 's.class_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('s.applicant_id', '=', applicantId)
      .where('c.election_id', '=', electionId)
      .where('s.attended_at', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ---- The rule and certificates ----

  async rule(electionId: string): Promise<CertificationRule | undefined> {
    const row = await this.db
      .selectFrom('school_rules')
      .select('rule')
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    return row ? (readJson(row.rule) as CertificationRule) : undefined;
  }

  async setRule(electionId: string, rule: CertificationRule, now: Date): Promise<void> {
    await this.db
      .insertInto('school_rules')
      .values({ election_id: electionId, rule: jsonValue(rule), updated_at: this.t(now) })
      .onConflict((oc) => oc.column('election_id').doUpdateSet({ rule: jsonValue(rule), updated_at: this.t(now) }))
      .execute();
  }

  async createCertificate(c: Omit<SchoolCertificate, 'revokedAt'>): Promise<void> {
    await this.db
      .insertInto('school_certificates')
      .values({
        id: c.id,
        code: c.code,
        applicant_id: c.applicantId,
        election_id: c.electionId,
        reason: jsonValue(c.reason),
        issued_at: this.t(c.issuedAt),
        revoked_at: null,
      })
      .execute();
  }

  private toCertificate(r: {
    id: string;
    code: string;
    applicant_id: string;
    election_id: string;
    reason: unknown;
    issued_at: Date | string;
    revoked_at: Date | string | null;
  }): SchoolCertificate {
    return {
      id: r.id,
      code: r.code,
      applicantId: r.applicant_id,
      electionId: r.election_id,
      reason: readJson(r.reason) as CertificationVerdict,
      issuedAt: readTime(r.issued_at),
      revokedAt: r.revoked_at ? readTime(r.revoked_at) : null,
    };
  }

  async certificateFor(applicantId: string, electionId: string): Promise<SchoolCertificate | undefined> {
    const row = await this.db
      .selectFrom('school_certificates')
      .selectAll()
      .where('applicant_id', '=', applicantId)
      .where('election_id', '=', electionId)
      .executeTakeFirst();
    return row ? this.toCertificate(row) : undefined;
  }

  async certificateByCode(code: string): Promise<SchoolCertificate | undefined> {
    const row = await this.db.selectFrom('school_certificates').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? this.toCertificate(row) : undefined;
  }

  /**
   * The funnel of an election, in the scope: linked, signed up, attended, passed a quiz, certified.
   * One query: each step counts the linked applicants for whom its condition holds.
   */
  async funnel(electionId: string, scope: AreaScope) {
    const row = await this.linked(electionId)
      .where(areaInScope('a.area_id', scope))
      .select((eb) => {
        const signups = () =>
          eb
            .selectFrom('school_signups as s')
            .innerJoin('school_classes as c', 'c.id', 's.class_id')
            .select('s.id')
            .whereRef('s.applicant_id', '=', 'a.id')
            .where('c.election_id', '=', electionId);
        const step = (condition: Expression<SqlBool>) =>
          eb.fn.count<number | string>(eb.case().when(condition).then(eb.ref('a.id')).end()).distinct();
        return [
          eb.fn.count<number | string>('a.id').distinct().as('linked'),
          step(eb.exists(signups())).as('signed_up'),
          step(eb.exists(signups().where('s.attended_at', 'is not', null))).as('attended'),
          step(
            eb.exists(
              eb
                .selectFrom('school_attempts as t')
                .select('t.id')
                .whereRef('t.applicant_id', '=', 'a.id')
                .where('t.passed', '=', boolValue(this.dialect, true)),
            ),
          ).as('passed'),
          step(
            eb.exists(
              eb
                .selectFrom('school_certificates as z')
                .select('z.id')
                .whereRef('z.applicant_id', '=', 'a.id')
                .where('z.election_id', '=', electionId),
            ),
          ).as('certified'),
        ];
      })
      .executeTakeFirst();
    return {
      linked: Number(row?.linked ?? 0),
      signedUp: Number(row?.signed_up ?? 0),
      attended: Number(row?.attended ?? 0),
      passed: Number(row?.passed ?? 0),
      certified: Number(row?.certified ?? 0),
    };
  }

  private linked(electionId: string) {
    return this.db
      .selectFrom('applicants as a')
      .innerJoin('school_links as l', 'l.applicant_id', 'a.id')
      .where('l.election_id', '=', electionId);
  }
}
