import type { QuizContent, SchoolText } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/api-client.ts';

/** The HQ's course editor (trainers with `school.manage`): courses, lessons and quizzes. */

const id = (value: string) => encodeURIComponent(value);

export interface EditorCourse {
  id: string;
  electionId: string;
  position: number;
  title: SchoolText;
  requiresCourseId: string | null;
  published: boolean;
  updatedAt: string;
}

export interface EditorLesson {
  id: string;
  courseId: string;
  position: number;
  title: SchoolText;
  body: SchoolText;
  version: number;
  updatedAt: string;
}

export interface EditorQuiz {
  id: string;
  courseId: string;
  position: number;
  version: number;
  content: QuizContent;
}

export interface CourseDetail {
  course: EditorCourse;
  lessons: EditorLesson[];
  /** Removed after someone had finished them: hidden from learners (absent from older servers' replies). */
  archivedLessons?: EditorLesson[];
  quizzes: EditorQuiz[];
}

export const courseEditorApi = {
  courses: (electionId: string) =>
    apiRequest<{ items: CourseDetail[] }>('GET', `/api/v1/elections/${id(electionId)}/school/courses`),
  course: (courseId: string) => apiRequest<CourseDetail>('GET', `/api/v1/school/courses/${id(courseId)}`),
  createCourse: (electionId: string, body: { title: SchoolText; requiresCourseId: string | null }) =>
    apiRequest<CourseDetail>('POST', `/api/v1/elections/${id(electionId)}/school/courses`, body),
  updateCourse: (
    courseId: string,
    body: { title?: SchoolText; requiresCourseId?: string | null; published?: boolean },
  ) => apiRequest<CourseDetail>('PATCH', `/api/v1/school/courses/${id(courseId)}`, body),
  addLesson: (courseId: string, body: { title: SchoolText; body: SchoolText }) =>
    apiRequest<{ lesson: EditorLesson }>('POST', `/api/v1/school/courses/${id(courseId)}/lessons`, body),
  saveLesson: (lessonId: string, body: { title: SchoolText; body: SchoolText; version: number }) =>
    apiRequest<{ lesson: EditorLesson }>('PUT', `/api/v1/school/lessons/${id(lessonId)}`, body),
  reorder: (courseId: string, ids: string[]) =>
    apiRequest<CourseDetail>('PUT', `/api/v1/school/courses/${id(courseId)}/lessons/order`, { ids }),
  deleteLesson: (lessonId: string) =>
    apiRequest<CourseDetail & { outcome: 'deleted' | 'archived' }>('DELETE', `/api/v1/school/lessons/${id(lessonId)}`),
  reorderQuizzes: (courseId: string, ids: string[]) =>
    apiRequest<CourseDetail>('PUT', `/api/v1/school/courses/${id(courseId)}/quizzes/order`, { ids }),
  addQuiz: (courseId: string, content: QuizContent) =>
    apiRequest<{ quiz: EditorQuiz }>('POST', `/api/v1/school/courses/${id(courseId)}/quizzes`, { content }),
  saveQuiz: (quizId: string, content: QuizContent) =>
    apiRequest<{ quiz: EditorQuiz }>('PUT', `/api/v1/school/quizzes/${id(quizId)}`, { content }),
};

export const courseEditorKeys = {
  courses: (electionId: string) => ['school', 'editor', 'courses', electionId] as const,
  course: (courseId: string) => ['school', 'editor', 'course', courseId] as const,
};

export function useEditorCourses(electionId: string) {
  return useQuery({
    queryKey: courseEditorKeys.courses(electionId),
    queryFn: () => courseEditorApi.courses(electionId),
  });
}

export function useEditorCourse(courseId: string) {
  return useQuery({ queryKey: courseEditorKeys.course(courseId), queryFn: () => courseEditorApi.course(courseId) });
}

/** A change to a course: every editor view of the school is read again afterwards. */
export function useCourseChange<V, R>(change: (v: V) => Promise<R>, onSuccess?: (result: R) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['school', 'editor'] });
      onSuccess?.(result);
    },
  });
}
