import { can, schoolText } from '@pollwatch/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import type { LocalizedDraft } from '../../components/LocalizedFields.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CourseFields } from './CoursesPage.tsx';
import { fromDraft, move, toDraft } from './course-draft.ts';
import {
  type CourseDetail,
  courseEditorApi,
  useCourseChange,
  useEditorCourse,
  useEditorCourses,
} from './course-editor-api.ts';
import './course-editor.css';

/** `/hq/school/courses/:id`: a course's title, requirement and publication, its lessons in order and its quizzes. */
export function CourseEditorPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const course = useEditorCourse(id);
  useDocumentTitle(t('school.editor.courseTitle'));
  if (!can(me.role, 'school.manage')) return <NoAccess />;
  if (course.isPending) return <Loading />;
  if (course.isError) return <LoadError error={course.error} onRetry={() => void course.refetch()} />;
  return <CourseEditor detail={course.data} />;
}

function CourseEditor({ detail }: { detail: CourseDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { course, lessons, quizzes, archivedLessons = [] } = detail;
  const all = useEditorCourses(course.electionId);
  const [title, setTitle] = useState<LocalizedDraft>(toDraft(course.title));
  const [requires, setRequires] = useState(course.requiresCourseId ?? '');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setTitle(toDraft(course.title));
    setRequires(course.requiresCourseId ?? '');
  }, [course]);
  const save = useCourseChange(
    () => courseEditorApi.updateCourse(course.id, { title: fromDraft(title), requiresCourseId: requires || null }),
    () => setSaved(true),
  );
  const publish = useCourseChange((published: boolean) => courseEditorApi.updateCourse(course.id, { published }));
  const reorder = useCourseChange((ids: string[]) => courseEditorApi.reorder(course.id, ids));
  const reorderQuizzes = useCourseChange((ids: string[]) => courseEditorApi.reorderQuizzes(course.id, ids));
  const [removed, setRemoved] = useState<'deleted' | 'archived' | null>(null);
  const deleteLesson = useCourseChange(
    (lessonId: string) => {
      setRemoved(null);
      return courseEditorApi.deleteLesson(lessonId);
    },
    (result) => setRemoved(result.outcome),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate(undefined);
  }
  const name = schoolText(course.title, locale);
  return (
    <>
      <header className="page-header">
        <p>
          <Link to="/hq/school/courses">{t('school.editor.backToCourses')}</Link>
        </p>
        <PageHeading>{name}</PageHeading>
        <p className="muted" data-testid="course-status">
          {course.published ? t('school.editor.publishedNote') : t('school.editor.draftNote')}
        </p>
        <div className="course-actions">
          <button
            type="button"
            className={course.published ? 'button button-secondary' : 'button button-primary'}
            disabled={publish.isPending || (!course.published && lessons.length === 0)}
            onClick={() => publish.mutate(!course.published)}
          >
            {course.published ? t('school.editor.unpublish') : t('school.editor.publish')}
          </button>
          <a className="button button-secondary" href={`/api/v1/school/courses/${course.id}/export`} download>
            {t('school.editor.export')}
          </a>
        </div>
        <ProblemAlert error={publish.error} />
      </header>

      <section className="card course-section" aria-labelledby="course-settings-title">
        <h2 id="course-settings-title">{t('school.editor.settings')}</h2>
        <form onSubmit={submit} className="course-form">
          <CourseFields
            title={title}
            onTitle={(next) => {
              setSaved(false);
              setTitle(next);
            }}
            requires={requires}
            onRequires={(next) => {
              setSaved(false);
              setRequires(next);
            }}
            courses={all.data?.items ?? []}
            selfId={course.id}
          />
          <ProblemAlert error={save.error} />
          {saved && <Alert tone="success">{t('school.editor.saved')}</Alert>}
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('school.editor.save')}
          </button>
        </form>
      </section>

      <section className="card course-section" aria-labelledby="course-lessons-title">
        <h2 id="course-lessons-title">{t('school.editor.lessons')}</h2>
        {lessons.length === 0 ? (
          <p className="muted">{t('school.editor.noLessons')}</p>
        ) : (
          <ol className="course-lessons" data-testid="editor-lessons">
            {lessons.map((lesson, index) => {
              const lessonName = schoolText(lesson.title, locale);
              return (
                <li key={lesson.id} data-testid="editor-lesson">
                  <Link to={`/hq/school/courses/${course.id}/lessons/${lesson.id}`}>{lessonName}</Link>
                  <span className="course-lesson-langs muted">{lesson.body.en ? 'ru · kk · en' : 'ru · kk'}</span>
                  <span className="course-lesson-move">
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === 0 || reorder.isPending}
                      aria-label={t('school.editor.moveUp', { name: lessonName })}
                      title={t('school.editor.moveUp', { name: lessonName })}
                      onClick={() => reorder.mutate(move(lessons, index, -1).map((l) => l.id))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === lessons.length - 1 || reorder.isPending}
                      aria-label={t('school.editor.moveDown', { name: lessonName })}
                      title={t('school.editor.moveDown', { name: lessonName })}
                      onClick={() => reorder.mutate(move(lessons, index, 1).map((l) => l.id))}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      data-testid="delete-lesson"
                      disabled={deleteLesson.isPending}
                      aria-label={t('school.editor.deleteLesson', { name: lessonName })}
                      title={t('school.editor.deleteLesson', { name: lessonName })}
                      onClick={() => {
                        if (window.confirm(t('school.editor.deleteLessonConfirm', { name: lessonName }))) {
                          deleteLesson.mutate(lesson.id);
                        }
                      }}
                    >
                      ×
                    </button>
                  </span>
                </li>
              );
            })}
          </ol>
        )}
        <ProblemAlert error={reorder.error} />
        <ProblemAlert error={deleteLesson.error} />
        {removed && (
          <Alert tone="success">
            {removed === 'archived' ? t('school.editor.lessonArchived') : t('school.editor.lessonDeleted')}
          </Alert>
        )}
        {archivedLessons.length > 0 && (
          <details className="course-archived" data-testid="archived-lessons">
            <summary>
              {t('school.editor.archivedLessons')} ({archivedLessons.length})
            </summary>
            <p className="muted">{t('school.editor.archivedLessonsHint')}</p>
            <ul>
              {archivedLessons.map((lesson) => (
                <li key={lesson.id}>{schoolText(lesson.title, locale)}</li>
              ))}
            </ul>
          </details>
        )}
        <Link className="button button-secondary" to={`/hq/school/courses/${course.id}/lessons/new`}>
          {t('school.editor.addLesson')}
        </Link>
      </section>

      <section className="card course-section" aria-labelledby="course-quizzes-title">
        <h2 id="course-quizzes-title">{t('school.editor.quizzes')}</h2>
        {quizzes.length === 0 ? (
          <p className="muted">{t('school.editor.noQuizzes')}</p>
        ) : (
          <ol className="course-quizzes">
            {quizzes.map((quiz, index) => {
              const quizName = schoolText(quiz.content.title, locale);
              return (
                <li key={quiz.id} data-testid="editor-quiz">
                  <Link to={`/hq/school/courses/${course.id}/quizzes/${quiz.id}`}>{quizName}</Link>{' '}
                  <span className="muted">
                    {t('school.editor.quizSummary', {
                      n: quiz.content.questions.length,
                      passMark: quiz.content.passMark,
                      version: quiz.version,
                    })}
                  </span>
                  {quizzes.length > 1 && (
                    <span className="course-lesson-move">
                      <button
                        type="button"
                        className="icon-button"
                        disabled={index === 0 || reorderQuizzes.isPending}
                        aria-label={t('school.editor.moveQuizUp', { name: quizName })}
                        title={t('school.editor.moveQuizUp', { name: quizName })}
                        onClick={() => reorderQuizzes.mutate(move(quizzes, index, -1).map((q) => q.id))}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="icon-button"
                        disabled={index === quizzes.length - 1 || reorderQuizzes.isPending}
                        aria-label={t('school.editor.moveQuizDown', { name: quizName })}
                        title={t('school.editor.moveQuizDown', { name: quizName })}
                        onClick={() => reorderQuizzes.mutate(move(quizzes, index, 1).map((q) => q.id))}
                      >
                        ↓
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        <ProblemAlert error={reorderQuizzes.error} />
        <Link className="button button-secondary" to={`/hq/school/courses/${course.id}/quizzes/new`}>
          {t('school.editor.addQuiz')}
        </Link>
      </section>
    </>
  );
}
