import { type Applicant, DomainError, type StepAnswerBody, type SubmitAttemptBody } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { Actor } from '../auth/actor.ts';
import type { FieldPackService } from '../reports/field-pack.ts';
import type { SchoolLinksService } from './school-links.service.ts';

/**
 * The observer school in the field app (issue 20): an observer learns as the applicant they were
 * recruited as (their record links to the account), in the courses of the elections of their field
 * pack. Everything else — what a course holds, scoring against the attempt's version, explanations
 * one question at a time, certification — is the personal link's, through `SchoolLinksService`.
 */
export class SchoolFieldService {
  constructor(
    private readonly store: Store,
    private readonly links: SchoolLinksService,
    private readonly fieldPack: FieldPackService,
  ) {}

  private async applicant(actor: Actor): Promise<Applicant | undefined> {
    const a = await this.store.applicants.findByUserId(actor.user.id);
    return a && !a.anonymisedAt ? a : undefined;
  }

  /** The observer's learner key for a course: its election must be one of their field pack's. */
  private async learner(actor: Actor, courseId: string) {
    const course = await this.store.school.findCourse(courseId);
    const applicant = await this.applicant(actor);
    const elections = await this.fieldPack.packElectionIds(actor.user.id);
    if (!course || !applicant || !elections.includes(course.electionId)) {
      throw new DomainError('not_found', 'no such course');
    }
    return { applicantId: applicant.id, electionId: course.electionId };
  }

  private async quizCourse(quizId: string): Promise<string> {
    const quiz = await this.store.school.findQuiz(quizId);
    if (!quiz) throw new DomainError('not_found', 'no such quiz');
    return quiz.courseId;
  }

  private async attemptCourse(attemptId: string): Promise<string> {
    const attempt = await this.store.school.findAttempt(attemptId);
    if (!attempt) throw new DomainError('not_found', 'no such attempt');
    return this.quizCourse(attempt.quizId);
  }

  /** The published courses of each of the observer's elections, with their progress and certificate. */
  async home(actor: Actor) {
    const applicant = await this.applicant(actor);
    if (!applicant) return { available: false, elections: [] };
    const elections = [];
    for (const id of await this.fieldPack.packElectionIds(actor.user.id)) {
      const home = await this.links.home({ applicantId: applicant.id, electionId: id });
      elections.push({ election: home.election, courses: home.courses, certificate: home.certificate });
    }
    return { available: true, elections };
  }

  async course(actor: Actor, courseId: string) {
    return this.links.course(await this.learner(actor, courseId), courseId);
  }

  async completeLesson(actor: Actor, lessonId: string) {
    const lesson = await this.store.school.findLesson(lessonId);
    if (!lesson) throw new DomainError('not_found', 'no such lesson');
    return this.links.completeLesson(await this.learner(actor, lesson.courseId), lessonId);
  }

  async startAttempt(actor: Actor, quizId: string) {
    return this.links.startAttempt(await this.learner(actor, await this.quizCourse(quizId)), quizId);
  }

  async answerStep(actor: Actor, attemptId: string, questionId: string, body: StepAnswerBody) {
    const learner = await this.learner(actor, await this.attemptCourse(attemptId));
    return this.links.answerStep(learner, attemptId, questionId, body);
  }

  async submit(actor: Actor, attemptId: string, body: SubmitAttemptBody) {
    return this.links.submit(await this.learner(actor, await this.attemptCourse(attemptId)), attemptId, body);
  }
}
