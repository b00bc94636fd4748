import { randomBytes, randomUUID } from 'node:crypto';
import {
  type ApplicantStatus,
  type AttendanceBody,
  type CertificationRule,
  type ClassBody,
  type CreateCourseBody,
  checkQuiz,
  DomainError,
  type Election,
  type InvitationsBody,
  type LessonBody,
  type QuizContent,
  type ReorderBody,
  type SchoolText,
  type UpdateCourseBody,
  zonedInstant,
} from '@pollwatch/core';
import type { SchoolClass, SchoolCourse, SchoolLesson, SchoolQuiz, Store } from '@pollwatch/db';
import { type Actor, audit, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { sha256 } from '../auth/tokens.ts';
import { outsideArea } from '../territory/outside-area.ts';
import { certifyIfDue } from './certification.ts';

function cleanText(text: SchoolText): SchoolText {
  const en = text.en?.trim();
  return { ru: text.ru.trim(), kk: text.kk.trim(), ...(en ? { en } : {}) };
}

export function classDto(c: SchoolClass) {
  return { ...c, startsAt: c.startsAt.toISOString() };
}

/** A new personal link token: 32 URL-safe characters; only its hash is stored. */
export function newSchoolToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The observer school for the HQ: trainers write courses (lessons, versioned quizzes) and hold
 * classes; coordinators invite applicants and see progress in their area scope.
 */
export class SchoolService {
  constructor(
    private readonly store: Store,
    private readonly publicUrl: string | undefined,
    private readonly now: () => Date,
  ) {}

  private async election(tx: Store, electionId: string): Promise<Election> {
    const election = await tx.elections.findById(electionId);
    if (!election) throw new DomainError('not_found', 'no such election');
    return election;
  }

  private async course(tx: Store, id: string): Promise<SchoolCourse> {
    const course = await tx.school.findCourse(id);
    if (!course) throw new DomainError('not_found', 'no such course');
    return course;
  }

  // ---- Content ----

  async courseDetail(id: string) {
    const course = await this.course(this.store, id);
    const [lessons, archived, quizzes] = await Promise.all([
      this.store.school.listLessons(id),
      this.store.school.listLessons(id, { archived: true }),
      this.store.school.listQuizzes(id),
    ]);
    const dto = (l: SchoolLesson) => ({
      ...l,
      updatedAt: l.updatedAt.toISOString(),
      archivedAt: l.archivedAt?.toISOString() ?? null,
    });
    return {
      course: { ...course, updatedAt: course.updatedAt.toISOString() },
      lessons: lessons.map(dto),
      /** Removed after volunteers had finished them: hidden from learners, listed for the trainers. */
      archivedLessons: archived.map(dto),
      quizzes,
    };
  }

  async listCourses(electionId: string) {
    await this.election(this.store, electionId);
    const courses = await this.store.school.listCourses(electionId);
    return Promise.all(courses.map((c) => this.courseDetail(c.id)));
  }

  private async checkRequirement(
    tx: Store,
    electionId: string,
    courseId: string | null,
    requires: string | null | undefined,
  ) {
    if (!requires) return;
    const required = await tx.school.findCourse(requires);
    if (!required || required.electionId !== electionId || required.id === courseId) {
      throw new DomainError('validation_failed', 'the required course must be another course of the election', [
        { in: 'body', path: '/requiresCourseId', keyword: 'invalid' },
      ]);
    }
  }

  async createCourse(actor: Actor, electionId: string, body: CreateCourseBody) {
    const now = this.now();
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      await this.election(tx, electionId);
      await this.checkRequirement(tx, electionId, null, body.requiresCourseId);
      const position = (await tx.school.listCourses(electionId)).length + 1;
      await tx.school.createCourse(
        {
          id,
          electionId,
          position,
          title: cleanText(body.title),
          requiresCourseId: body.requiresCourseId ?? null,
          published: false,
        },
        now,
      );
      await audit(
        tx,
        actor,
        { action: 'school.course_saved', entityType: 'school_course', entityId: id, details: { electionId } },
        now,
      );
    });
    return this.courseDetail(id);
  }

  async updateCourse(actor: Actor, id: string, body: UpdateCourseBody) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const course = await this.course(tx, id);
      await this.checkRequirement(tx, course.electionId, id, body.requiresCourseId);
      await tx.school.updateCourse(id, { ...body, ...(body.title && { title: cleanText(body.title) }) }, now);
      await audit(
        tx,
        actor,
        {
          action: 'school.course_saved',
          entityType: 'school_course',
          entityId: id,
          details: { fields: Object.keys(body).sort() },
        },
        now,
      );
    });
    return this.courseDetail(id);
  }

  async addLesson(actor: Actor, courseId: string, body: LessonBody) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      await this.course(tx, courseId);
      const position = (await tx.school.listLessons(courseId)).length + 1;
      const lesson = await tx.school.createLesson(
        { id: randomUUID(), courseId, position, title: cleanText(body.title), body: cleanText(body.body) },
        actor.user.id,
        now,
      );
      await audit(
        tx,
        actor,
        {
          action: 'school.lesson_saved',
          entityType: 'school_lesson',
          entityId: lesson.id,
          details: { courseId, version: 1 },
        },
        now,
      );
      return { ...lesson, updatedAt: lesson.updatedAt.toISOString() };
    });
  }

  /** Saves over the version the trainer opened; another trainer's newer save is never overwritten. */
  async saveLesson(actor: Actor, id: string, body: LessonBody) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const lesson = await tx.school.findLesson(id);
      if (!lesson) throw new DomainError('not_found', 'no such lesson');
      const from = body.version ?? lesson.version;
      const saved = await tx.school.updateLesson(
        id,
        from,
        { title: cleanText(body.title), body: cleanText(body.body) },
        actor.user.id,
        now,
      );
      if (!saved) {
        throw new DomainError('lesson_changed', 'someone saved this lesson after you opened it', {
          version: lesson.version,
          updatedAt: lesson.updatedAt.toISOString(),
        });
      }
      await audit(
        tx,
        actor,
        { action: 'school.lesson_saved', entityType: 'school_lesson', entityId: id, details: { version: from + 1 } },
        now,
      );
      const updated = (await tx.school.findLesson(id)) as SchoolLesson;
      return { ...updated, updatedAt: updated.updatedAt.toISOString() };
    });
  }

  async reorderLessons(actor: Actor, courseId: string, body: ReorderBody) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const lessons = await tx.school.listLessons(courseId);
      const ids = new Set(lessons.map((l) => l.id));
      if (body.ids.length !== ids.size || body.ids.some((i) => !ids.has(i))) {
        throw new DomainError('validation_failed', 'name every lesson of the course once', [
          { in: 'body', path: '/ids', keyword: 'invalid' },
        ]);
      }
      for (const [i, id] of body.ids.entries()) await tx.school.setLessonPosition(id, i + 1);
      await audit(
        tx,
        actor,
        {
          action: 'school.course_saved',
          entityType: 'school_course',
          entityId: courseId,
          details: { reordered: true },
        },
        now,
      );
    });
    return this.courseDetail(courseId);
  }

  /**
   * Removes a lesson from its course. Deleted while no volunteer has finished it; once someone has,
   * archived instead: hidden from learners and from the course folder, while their progress (and the
   * certificates resting on it) keeps pointing at it. The audit entry keeps its titles and version.
   */
  async deleteLesson(actor: Actor, id: string) {
    const now = this.now();
    const { courseId, outcome } = await this.store.transaction(async (tx) => {
      const lesson = await tx.school.findLesson(id);
      if (!lesson || lesson.archivedAt) throw new DomainError('not_found', 'no such lesson');
      const outcome = (await tx.school.lessonHasProgress(id)) ? ('archived' as const) : ('deleted' as const);
      if (outcome === 'archived') await tx.school.archiveLesson(id, now);
      else await tx.school.deleteLesson(id);
      const rest = await tx.school.listLessons(lesson.courseId);
      for (const [i, l] of rest.entries()) if (l.position !== i + 1) await tx.school.setLessonPosition(l.id, i + 1);
      await audit(
        tx,
        actor,
        {
          action: outcome === 'archived' ? 'school.lesson_archived' : 'school.lesson_deleted',
          entityType: 'school_lesson',
          entityId: id,
          details: { courseId: lesson.courseId, title: lesson.title, version: lesson.version },
        },
        now,
      );
      return { courseId: lesson.courseId, outcome };
    });
    return { outcome, ...(await this.courseDetail(courseId)) };
  }

  /** The quizzes of a course in a new order (a course may have several: e.g. a practice and a final one). */
  async reorderQuizzes(actor: Actor, courseId: string, body: ReorderBody) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await this.course(tx, courseId);
      const quizzes = await tx.school.listQuizzes(courseId);
      const ids = new Set(quizzes.map((q) => q.id));
      if (body.ids.length !== ids.size || new Set(body.ids).size !== ids.size || body.ids.some((i) => !ids.has(i))) {
        throw new DomainError('validation_failed', 'name every quiz of the course once', [
          { in: 'body', path: '/ids', keyword: 'invalid' },
        ]);
      }
      for (const [i, id] of body.ids.entries()) await tx.school.setQuizPosition(id, i + 1);
      await audit(
        tx,
        actor,
        {
          action: 'school.course_saved',
          entityType: 'school_course',
          entityId: courseId,
          details: { reordered: 'quizzes' },
        },
        now,
      );
    });
    return this.courseDetail(courseId);
  }

  private checkQuiz(content: QuizContent) {
    const problems = checkQuiz(content);
    if (problems.length) {
      throw new DomainError(
        'validation_failed',
        'the quiz has problems',
        problems.map((p) => ({ in: 'body', path: `/content${p.path}`, keyword: p.code })),
      );
    }
  }

  async addQuiz(actor: Actor, courseId: string, content: QuizContent) {
    this.checkQuiz(content);
    const now = this.now();
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      await this.course(tx, courseId);
      const position = (await tx.school.listQuizzes(courseId)).length + 1;
      await tx.school.createQuiz({ id, courseId, position, content }, now);
      await audit(
        tx,
        actor,
        { action: 'school.quiz_saved', entityType: 'school_quiz', entityId: id, details: { courseId, version: 1 } },
        now,
      );
    });
    return (await this.store.school.findQuiz(id)) as SchoolQuiz;
  }

  /**
   * A quiz nobody has taken yet is rewritten; once its current version has attempts, an edit adds
   * the next version, so every attempt stays scored against the questions it was given.
   */
  async saveQuiz(actor: Actor, id: string, content: QuizContent) {
    this.checkQuiz(content);
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const quiz = await tx.school.findQuiz(id);
      if (!quiz) throw new DomainError('not_found', 'no such quiz');
      let version = quiz.version;
      if (await tx.school.versionHasAttempts(id, quiz.version)) {
        version = quiz.version + 1;
        await tx.school.addVersion(id, version, content, now);
      } else {
        await tx.school.rewriteVersion(id, version, content);
      }
      await audit(
        tx,
        actor,
        { action: 'school.quiz_saved', entityType: 'school_quiz', entityId: id, details: { version } },
        now,
      );
    });
    return (await this.store.school.findQuiz(id)) as SchoolQuiz;
  }

  // ---- The rule ----

  async rule(electionId: string): Promise<CertificationRule> {
    await this.election(this.store, electionId);
    return (await this.store.school.rule(electionId)) ?? { minClassesAttended: 0, quizIds: [] };
  }

  async setRule(actor: Actor, electionId: string, rule: CertificationRule): Promise<CertificationRule> {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      await this.election(tx, electionId);
      for (const [i, quizId] of rule.quizIds.entries()) {
        const quiz = await tx.school.findQuiz(quizId);
        const course = quiz && (await tx.school.findCourse(quiz.courseId));
        if (!course || course.electionId !== electionId) {
          throw new DomainError('validation_failed', 'no such quiz in this election', [
            { in: 'body', path: `/quizIds/${i}`, keyword: 'not_found' },
          ]);
        }
      }
      await tx.school.setRule(electionId, rule, now);
      await audit(
        tx,
        actor,
        { action: 'school.rule_saved', entityType: 'election', entityId: electionId, details: { ...rule } },
        now,
      );
    });
    return rule;
  }

  // ---- Invitations ----

  /**
   * Gives each applicant of the filter (in the actor's scope) a personal school link. A new link
   * replaces an earlier one (a lost phone); the links are shown once, here.
   */
  async invite(actor: Actor, electionId: string, body: InvitationsBody) {
    const now = this.now();
    await this.election(this.store, electionId);
    const scope = scopeOf(actor);
    if (body.areaId && !(await this.store.areas.findById(body.areaId, scope))) throw outsideArea('/areaId');
    const statuses: ApplicantStatus[] = body.status ? [body.status] : ['applied', 'contacted', 'in_training'];
    const applicants = (await this.store.applicants.listAll({ scope, areaId: body.areaId, statuses })).filter(
      (a) => !a.anonymisedAt && (a.electionId === null || a.electionId === electionId),
    );
    const links: { applicantId: string; fullName: string; url: string }[] = [];
    await this.store.transaction(async (tx) => {
      for (const a of applicants) {
        const token = newSchoolToken();
        await tx.school.setLink(sha256(token), a.id, electionId, now);
        links.push({ applicantId: a.id, fullName: a.fullName, url: `${this.publicUrl ?? ''}/school/${token}` });
      }
      await audit(
        tx,
        actor,
        {
          action: 'school.invited',
          entityType: 'election',
          entityId: electionId,
          details: { count: links.length, ...body },
        },
        now,
      );
    });
    return { items: links };
  }

  // ---- Classes ----

  async listClasses(actor: Actor, electionId: string) {
    await this.election(this.store, electionId);
    const classes = await this.store.school.listClasses(electionId, scopeOf(actor));
    return { items: classes.map((c) => ({ ...classDto(c) })) };
  }

  async createClass(actor: Actor, electionId: string, body: ClassBody) {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      const election = await this.election(tx, electionId);
      if (body.areaId && !(await tx.areas.findById(body.areaId, scopeOf(actor)))) throw outsideArea('/areaId');
      if (body.mode === 'online' && !body.link) {
        throw new DomainError('validation_failed', 'an online class needs its link', [
          { in: 'body', path: '/link', keyword: 'required' },
        ]);
      }
      if (body.mode === 'in_person' && !body.place?.trim()) {
        throw new DomainError('validation_failed', 'a class in person needs its place', [
          { in: 'body', path: '/place', keyword: 'required' },
        ]);
      }
      const [date, time] = body.startsAt.split('T') as [string, string];
      const created = await tx.school.createClass(
        {
          id: randomUUID(),
          electionId,
          title: cleanText(body.title),
          mode: body.mode,
          startsAt: zonedInstant(date, time, election.timeZone),
          durationMinutes: body.durationMinutes,
          place: body.place?.trim() || null,
          link: body.link ?? null,
          capacity: body.capacity,
          areaId: body.areaId ?? null,
          trainerId: body.trainerId ?? (actor.user.role === 'trainer' ? actor.user.id : null),
        },
        now,
      );
      await audit(
        tx,
        actor,
        { action: 'school.class_saved', entityType: 'school_class', entityId: created.id, details: { electionId } },
        now,
      );
      return classDto(created);
    });
  }

  private async visibleClass(tx: Store, actor: Actor, id: string): Promise<SchoolClass> {
    const found = await tx.school.findClass(id, scopeOf(actor));
    if (found) return found;
    if (await tx.school.findClass(id)) throw new OutOfScopeError('school_class', id);
    throw new DomainError('not_found', 'no such class');
  }

  /** The class and its list: the signed up first, then the waiting list, each in sign-up order. */
  async classRoster(actor: Actor, id: string) {
    const found = await this.visibleClass(this.store, actor, id);
    const election = await this.election(this.store, found.electionId);
    const roster = await this.store.school.roster(id);
    return {
      class: classDto(found),
      timeZone: election.timeZone,
      roster: roster.map((r) => ({
        applicantId: r.applicantId,
        fullName: r.fullName,
        state: r.state,
        attended: r.attendedAt !== null,
      })),
    };
  }

  async markAttendance(actor: Actor, id: string, body: AttendanceBody) {
    const now = this.now();
    await this.store.transaction(async (tx) => {
      const found = await this.visibleClass(tx, actor, id);
      const signup = await tx.school.findSignup(id, body.applicantId);
      if (!signup || signup.state === 'cancelled') {
        throw new DomainError('validation_failed', 'this person is not on the class list', [
          { in: 'body', path: '/applicantId', keyword: 'not_found' },
        ]);
      }
      await tx.school.setAttendance(id, body.applicantId, body.attended ? now : null);
      await audit(
        tx,
        actor,
        {
          action: 'school.attendance_marked',
          entityType: 'school_class',
          entityId: id,
          details: { applicantId: body.applicantId, attended: body.attended },
        },
        now,
      );
      if (body.attended) await certifyIfDue(tx, body.applicantId, found.electionId, actor, now);
    });
    return this.classRoster(actor, id);
  }

  async progress(actor: Actor, electionId: string) {
    await this.election(this.store, electionId);
    const scope = scopeOf(actor);
    const failed = await this.store.school.mostFailed(electionId, scope);
    const mostFailed = [];
    for (const f of failed) {
      const content = await this.store.school.quizVersion(f.quizId, f.version);
      const question = content?.questions.find((q) => q.id === f.questionId);
      mostFailed.push({ ...f, quizTitle: content?.title ?? null, text: question?.text ?? null });
    }
    return {
      funnel: await this.store.school.funnel(electionId, scope),
      mostFailed,
      applicants: await this.store.school.applicantProgress(electionId, scope),
    };
  }
}
