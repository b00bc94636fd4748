import type { QuestionResult } from '@pollwatch/core';
import { apiRequest } from '../../api/api-client.ts';
import type { LinkCourse, LinkCourseDetail, OpenAttempt, SubmitResult } from './school-api.ts';

/**
 * What a course page needs from the server, whoever learns: a volunteer from their personal link
 * (`/school/:token`), or an observer in the field app (`/app/school`, their session). The pages
 * and the quiz are the same; only the addresses and the keys differ.
 */
export interface LearnApi {
  /** Prefix of the query keys and of what is kept on the phone. */
  scope: string;
  courseKey(courseId: string): readonly unknown[];
  homeKey: readonly unknown[];
  course(courseId: string): Promise<LinkCourseDetail>;
  completeLesson(lessonId: string): Promise<{ completed: boolean }>;
  startAttempt(quizId: string): Promise<{ attempt: OpenAttempt }>;
  answerStep(attemptId: string, questionId: string, optionIds: string[]): Promise<{ answer: QuestionResult }>;
  submit(attemptId: string, answers: { questionId: string; optionIds: string[] }[]): Promise<SubmitResult>;
}

const id = (value: string) => encodeURIComponent(value);

export function linkLearnApi(token: string): LearnApi {
  const base = `/api/v1/school/links/${id(token)}`;
  return {
    scope: `pw-school:${token}`,
    courseKey: (courseId) => ['school', 'link', token, 'course', courseId],
    homeKey: ['school', 'link', token],
    course: (courseId) => apiRequest('GET', `${base}/courses/${id(courseId)}`),
    completeLesson: (lessonId) => apiRequest('POST', `${base}/lessons/${id(lessonId)}/complete`),
    startAttempt: (quizId) => apiRequest('POST', `${base}/quizzes/${id(quizId)}/attempts`),
    answerStep: (attemptId, questionId, optionIds) =>
      apiRequest('POST', `${base}/attempts/${id(attemptId)}/questions/${id(questionId)}`, { optionIds }),
    submit: (attemptId, answers) => apiRequest('POST', `${base}/attempts/${id(attemptId)}/answers`, { answers }),
  };
}

export interface FieldSchoolHome {
  available: boolean;
  elections: {
    election: { id: string; name: { ru: string; kk?: string; en?: string }; timeZone: string };
    courses: LinkCourse[];
    certificate: { code: string; issuedAt: string } | null;
  }[];
}

/** The observer's own school in the field app, by their session. */
export function fieldLearnApi(userId: string): LearnApi {
  const base = '/api/v1/me/school';
  return {
    scope: `pw-field-school:${userId}`,
    courseKey: (courseId) => ['school', 'field', userId, 'course', courseId],
    homeKey: ['school', 'field', userId],
    course: (courseId) => apiRequest('GET', `${base}/courses/${id(courseId)}`),
    completeLesson: (lessonId) => apiRequest('POST', `${base}/lessons/${id(lessonId)}/complete`),
    startAttempt: (quizId) => apiRequest('POST', `${base}/quizzes/${id(quizId)}/attempts`),
    answerStep: (attemptId, questionId, optionIds) =>
      apiRequest('POST', `${base}/attempts/${id(attemptId)}/questions/${id(questionId)}`, { optionIds }),
    submit: (attemptId, answers) => apiRequest('POST', `${base}/attempts/${id(attemptId)}/answers`, { answers }),
  };
}

export const fieldSchoolHome = () => apiRequest<FieldSchoolHome>('GET', '/api/v1/me/school');

/** A small JSON value kept on the phone (a full storage only loses the copy). */
export const phoneCopy = {
  read<T>(key: string): T | undefined {
    try {
      const raw = localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  },
  write(key: string, value: unknown): void {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // no room: only the offline copy is lost
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing to do
    }
  },
};
