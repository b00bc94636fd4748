import { randomUUID } from 'node:crypto';
import {
  type CourseFolder,
  DomainError,
  type FolderFile,
  type FolderProblem,
  formatCourseFolder,
  MANIFEST_FILE,
  parseCourseFolder,
  type QuizContent,
  type SchoolText,
} from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { readTextZip, zipTextFiles } from '@pollwatch/documents';
import { type Actor, audit } from '../auth/actor.ts';

export interface CourseImportResult {
  courseId: string;
  created: boolean;
  title: SchoolText;
  lessons: { added: number; changed: number };
  quizzes: { added: number; changed: number; newVersions: number };
}

/** JSON with sorted keys: the same content whatever order its keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

function invalid(problems: FolderProblem[]): DomainError {
  return new DomainError('course_folder_invalid', 'the course folder has problems; nothing was changed', {
    problems,
  });
}

/**
 * A course as a folder of Markdown files (core's `course-folder.ts`): exported as a ZIP, imported
 * from a ZIP or from the files of a folder (the CLI). An import either applies every file or,
 * on any problem, changes nothing and lists them all. A course whose `id` this election holds is
 * updated in place: lessons by id (a new version only when their text changed), new ones added,
 * lessons and quizzes in the manifest's order; a quiz with attempts gets a new version, as in the editor.
 * An import never deletes a lesson: one missing from the folder is a problem.
 */
export class CourseFolderService {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async exportFiles(courseId: string): Promise<{ title: SchoolText; files: FolderFile[] }> {
    const course = await this.store.school.findCourse(courseId);
    if (!course) throw new DomainError('not_found', 'no such course');
    const [lessons, quizzes, required] = await Promise.all([
      this.store.school.listLessons(courseId),
      this.store.school.listQuizzes(courseId),
      course.requiresCourseId ? this.store.school.findCourse(course.requiresCourseId) : undefined,
    ]);
    const files = formatCourseFolder({
      id: course.id,
      title: course.title,
      requires: required?.title.ru,
      lessons,
      quizzes,
    });
    return { title: course.title, files };
  }

  async exportZip(courseId: string): Promise<{ fileName: string; bytes: Buffer }> {
    const { files } = await this.exportFiles(courseId);
    return { fileName: `course-${courseId.slice(0, 8)}.zip`, bytes: await zipTextFiles(files) };
  }

  async importZip(actor: Actor | null, electionId: string, bytes: Uint8Array): Promise<CourseImportResult> {
    return this.importFiles(actor, electionId, await readTextZip(bytes));
  }

  async importFiles(actor: Actor | null, electionId: string, files: FolderFile[]): Promise<CourseImportResult> {
    const parsed = parseCourseFolder(files);
    if (!parsed.ok) throw invalid(parsed.problems);
    const folder = parsed.course;
    const now = this.now();
    return this.store.transaction(async (tx) => {
      if (!(await tx.elections.findById(electionId))) throw new DomainError('not_found', 'no such election');
      const courses = await tx.school.listCourses(electionId);
      const existing = folder.id ? courses.find((c) => c.id === folder.id) : undefined;
      const problems: FolderProblem[] = [];
      let requiresCourseId: string | null = null;
      if (folder.requires) {
        const required = courses.find((c) => c.title.ru === folder.requires && c.id !== existing?.id);
        if (required) requiresCourseId = required.id;
        else {
          problems.push({
            file: MANIFEST_FILE,
            path: '/requires',
            code: 'requires_unknown',
            params: { title: folder.requires },
          });
        }
      }
      const lessons = existing ? await tx.school.listLessons(existing.id) : [];
      const quizzes = existing ? await tx.school.listQuizzes(existing.id) : [];
      if (existing) this.checkIds(folder, lessons, quizzes, problems);
      if (problems.length) throw invalid(problems);

      const courseId = existing?.id ?? randomUUID();
      if (existing) {
        await tx.school.updateCourse(courseId, { title: folder.title, requiresCourseId }, now);
      } else {
        await tx.school.createCourse(
          {
            id: courseId,
            electionId,
            position: courses.length + 1,
            title: folder.title,
            requiresCourseId,
            published: false,
          },
          now,
        );
      }
      const result: CourseImportResult = {
        courseId,
        created: !existing,
        title: folder.title,
        lessons: { added: 0, changed: 0 },
        quizzes: { added: 0, changed: 0, newVersions: 0 },
      };
      const actorId = actor?.user.id ?? null;
      for (const [i, lesson] of folder.lessons.entries()) {
        const current = existing && lesson.id ? lessons.find((l) => l.id === lesson.id) : undefined;
        if (current) {
          if (!same(current.title, lesson.title) || !same(current.body, lesson.body)) {
            await tx.school.updateLesson(current.id, current.version, lesson, actorId, now);
            result.lessons.changed += 1;
          }
          await tx.school.setLessonPosition(current.id, i + 1);
        } else {
          await tx.school.createLesson({ id: randomUUID(), courseId, position: i + 1, ...lesson }, actorId, now);
          result.lessons.added += 1;
        }
      }
      for (const [i, quiz] of folder.quizzes.entries()) {
        const current = existing && quiz.id ? quizzes.find((q) => q.id === quiz.id) : undefined;
        if (!current) {
          await tx.school.createQuiz({ id: randomUUID(), courseId, position: i + 1, content: quiz.content }, now);
          result.quizzes.added += 1;
        } else {
          if (!same(current.content, quiz.content)) {
            await this.saveQuizVersion(tx, current.id, current.version, quiz.content, now, result);
          }
          if (current.position !== i + 1) await tx.school.setQuizPosition(current.id, i + 1);
        }
      }
      await audit(
        tx,
        actor,
        {
          action: 'school.course_saved',
          entityType: 'school_course',
          entityId: courseId,
          details: { imported: true, created: result.created, lessons: result.lessons, quizzes: result.quizzes },
        },
        now,
      );
      return result;
    });
  }

  private checkIds(
    folder: CourseFolder,
    lessons: { id: string; title: SchoolText }[],
    quizzes: { id: string }[],
    problems: FolderProblem[],
  ) {
    const folderLessonIds = new Set(folder.lessons.map((l) => l.id).filter(Boolean));
    folder.lessons.forEach((lesson, i) => {
      if (lesson.id && !lessons.some((l) => l.id === lesson.id)) {
        problems.push({
          file: MANIFEST_FILE,
          path: `/lessons/${i}/id`,
          code: 'lesson_unknown',
          params: { id: lesson.id },
        });
      }
    });
    for (const lesson of lessons) {
      if (!folderLessonIds.has(lesson.id)) {
        problems.push({
          file: MANIFEST_FILE,
          path: '/lessons',
          code: 'lesson_missing',
          params: { title: lesson.title.ru },
        });
      }
    }
    folder.quizzes.forEach((quiz, i) => {
      if (quiz.id && !quizzes.some((q) => q.id === quiz.id)) {
        problems.push({ file: MANIFEST_FILE, path: `/quizzes/${i}/id`, code: 'quiz_unknown', params: { id: quiz.id } });
      }
    });
  }

  /** The editor's rule: a version with attempts stays as it was and the change becomes the next one. */
  private async saveQuizVersion(
    tx: Store,
    quizId: string,
    version: number,
    content: QuizContent,
    now: Date,
    result: CourseImportResult,
  ) {
    if (await tx.school.versionHasAttempts(quizId, version)) {
      await tx.school.addVersion(quizId, version + 1, content, now);
      result.quizzes.newVersions += 1;
    } else {
      await tx.school.rewriteVersion(quizId, version, content);
    }
    result.quizzes.changed += 1;
  }
}
