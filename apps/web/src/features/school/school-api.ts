import type { ApplicantStatus, AttemptQuestion, LocalizedText, QuestionResult, SchoolText } from '@pollwatch/core';
import { apiRequest } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export interface LinkClass {
  id: string;
  title: SchoolText;
  mode: 'in_person' | 'online';
  startsAt: string;
  durationMinutes: number;
  place: string | null;
  link: string | null;
  capacity: number;
  spotsLeft: number;
  myState: 'signed_up' | 'waitlisted' | 'cancelled' | null;
  attended: boolean;
}

export interface LinkCourse {
  id: string;
  title: SchoolText;
  requiresCourseId: string | null;
  locked: boolean;
  complete: boolean;
  lessons: number;
  completedLessons: number;
}

export interface SchoolHome {
  firstName: string;
  status: ApplicantStatus;
  election: { id: string; name: LocalizedText; timeZone: string };
  classes: LinkClass[];
  courses: LinkCourse[];
  certificate: { code: string; issuedAt: string } | null;
}

export interface AttemptSummary {
  id: string;
  quizId: string;
  version: number;
  right: number | null;
  total: number | null;
  percent: number;
  passed: boolean | null;
}

export interface LinkCourseDetail {
  course: { id: string; title: SchoolText };
  lessons: { id: string; title: SchoolText; body: SchoolText; completed: boolean }[];
  quizzes: {
    id: string;
    title: SchoolText;
    passMark: number;
    questionCount: number;
    attempts: AttemptSummary[];
    passed: boolean;
  }[];
}

export interface OpenAttempt {
  id: string;
  quizId: string;
  version: number;
  title: SchoolText;
  passMark: number;
  questions: AttemptQuestion[];
  /** Questions already answered one by one in this attempt, with their explanations. */
  steps?: QuestionResult[];
}

export interface SubmitResult {
  result: AttemptSummary;
  answers: QuestionResult[];
  alreadySubmitted: boolean;
  certified: boolean;
}

export interface StaffClass {
  id: string;
  title: SchoolText;
  mode: 'in_person' | 'online';
  startsAt: string;
  durationMinutes: number;
  place: string | null;
  link: string | null;
  capacity: number;
  signedUp: number;
  waitlisted: number;
  attended: number;
}

export interface ClassRoster {
  class: StaffClass;
  timeZone: string;
  roster: { applicantId: string; fullName: string; state: 'signed_up' | 'waitlisted'; attended: boolean }[];
}

export type Funnel = Record<'linked' | 'signedUp' | 'attended' | 'passed' | 'certified', number>;

export interface SchoolProgress {
  funnel: Funnel;
  mostFailed: { quizId: string; questionId: string; wrong: number; total: number; text: SchoolText | null }[];
  applicants: {
    applicantId: string;
    fullName: string;
    status: ApplicantStatus;
    classesAttended: number;
    lessonsCompleted: number;
    quizzesPassed: number;
    certified: boolean;
  }[];
}

const link = (token: string) => `/api/v1/school/links/${id(token)}`;

export const schoolApi = {
  home: (token: string) => apiRequest<SchoolHome>('GET', link(token)),
  signUp: (token: string, classId: string) =>
    apiRequest<{ state: 'signed_up' | 'waitlisted' }>('POST', `${link(token)}/classes/${id(classId)}/sign-up`),
  cancel: (token: string, classId: string) =>
    apiRequest<{ state: 'cancelled'; promoted: number }>('POST', `${link(token)}/classes/${id(classId)}/cancel`),
  course: (token: string, courseId: string) =>
    apiRequest<LinkCourseDetail>('GET', `${link(token)}/courses/${id(courseId)}`),
  completeLesson: (token: string, lessonId: string) =>
    apiRequest<{ completed: boolean }>('POST', `${link(token)}/lessons/${id(lessonId)}/complete`),
  startAttempt: (token: string, quizId: string) =>
    apiRequest<{ attempt: OpenAttempt }>('POST', `${link(token)}/quizzes/${id(quizId)}/attempts`),
  submit: (token: string, attemptId: string, answers: { questionId: string; optionIds: string[] }[]) =>
    apiRequest<SubmitResult>('POST', `${link(token)}/attempts/${id(attemptId)}/answers`, { answers }),
  certificateUrl: (token: string, locale: 'ru' | 'kk') => `${link(token)}/certificate?locale=${locale}`,

  classes: (electionId: string) =>
    apiRequest<{ items: StaffClass[] }>('GET', `/api/v1/elections/${id(electionId)}/school/classes`),
  progress: (electionId: string) =>
    apiRequest<SchoolProgress>('GET', `/api/v1/elections/${id(electionId)}/school/progress`),
  createClass: (
    electionId: string,
    body: {
      title: { ru: string; kk: string };
      mode: 'in_person' | 'online';
      startsAt: string;
      durationMinutes: number;
      capacity: number;
      place?: string;
      link?: string;
    },
  ) => apiRequest<{ class: StaffClass }>('POST', `/api/v1/elections/${id(electionId)}/school/classes`, body),
  roster: (classId: string) => apiRequest<ClassRoster>('GET', `/api/v1/school/classes/${id(classId)}`),
  attendance: (classId: string, applicantId: string, attended: boolean) =>
    apiRequest<ClassRoster>('POST', `/api/v1/school/classes/${id(classId)}/attendance`, { applicantId, attended }),
};
