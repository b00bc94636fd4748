import { can, type Locale, locales, schoolText } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { TextAreaField } from '../../components/FormField.tsx';
import { type LocalizedDraft, LocalizedFields } from '../../components/LocalizedFields.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { fromDraft, toDraft } from './course-draft.ts';
import { type CourseDetail, courseEditorApi, useCourseChange, useEditorCourse } from './course-editor-api.ts';
import { LessonText } from './LessonText.tsx';
import './course-editor.css';

/**
 * `/hq/school/courses/:id/lessons/:lessonId` (`new` for a new one): a lesson's title and text in
 * ru and kk (en optional), with a live preview drawn by the learner's own renderer. A save names
 * the version it started from, so another trainer's newer save is never overwritten.
 */
export function LessonEditorPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  const { id = '', lessonId = 'new' } = useParams();
  const course = useEditorCourse(id);
  useDocumentTitle(t('school.editor.lessonTitle'));
  if (!can(me.role, 'school.manage')) return <NoAccess />;
  if (course.isPending) return <Loading />;
  if (course.isError) return <LoadError error={course.error} onRetry={() => void course.refetch()} />;
  // Just created: its page waits for the course to be read again rather than open empty.
  const known = lessonId === 'new' || course.data.lessons.some((x) => x.id === lessonId);
  if (!known && course.isFetching) return <Loading />;
  return <LessonEditor key={lessonId} detail={course.data} lessonId={lessonId} />;
}

function LessonEditor({ detail, lessonId }: { detail: CourseDetail; lessonId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  // A new one opens at its own address after the first save, saying it was saved.
  const justCreated = (useLocation().state as { saved?: number } | null)?.saved;
  const lesson = detail.lessons.find((l) => l.id === lessonId);
  const [version, setVersion] = useState(lesson?.version ?? 0);
  const [title, setTitle] = useState<LocalizedDraft>(toDraft(lesson?.title));
  const [body, setBody] = useState<LocalizedDraft>(toDraft(lesson?.body));
  const [language, setLanguage] = useState<Locale>(locale === 'kk' ? 'kk' : 'ru');
  const [saved, setSaved] = useState(justCreated !== undefined);
  const courseUrl = `/hq/school/courses/${detail.course.id}`;
  const save = useCourseChange(
    () =>
      lesson
        ? courseEditorApi.saveLesson(lesson.id, { title: fromDraft(title), body: fromDraft(body), version })
        : courseEditorApi.addLesson(detail.course.id, { title: fromDraft(title), body: fromDraft(body) }),
    (result) => {
      setSaved(true);
      setVersion(result.lesson.version);
      if (!lesson) navigate(`${courseUrl}/lessons/${result.lesson.id}`, { replace: true, state: { saved: 1 } });
    },
  );
  if (lessonId !== 'new' && !lesson) {
    return (
      <Alert>
        <p>{t('errors.not_found')}</p>
      </Alert>
    );
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate(undefined);
  }
  const edit = (change: () => void) => {
    setSaved(false);
    change();
  };
  return (
    <>
      <header className="page-header">
        <p>
          <Link to={courseUrl}>{schoolText(detail.course.title, locale)}</Link>
        </p>
        <PageHeading>{lesson ? schoolText(lesson.title, locale) : t('school.editor.newLesson')}</PageHeading>
        {lesson && <p className="muted">{t('school.editor.version', { version })}</p>}
      </header>
      <form onSubmit={submit} className="course-form">
        <LocalizedFields
          idPrefix="lesson-title"
          legend={t('school.editor.lessonName')}
          required={t('school.editor.ruKkRequired')}
          hint={t('school.editor.enOptional')}
          value={title}
          onChange={(l, v) => edit(() => setTitle((d) => ({ ...d, [l]: v })))}
          maxLength={300}
        />
        <fieldset className="lesson-body">
          <legend>{t('school.editor.lessonText')}</legend>
          <fieldset className="lesson-languages" aria-label={t('school.editor.textLanguage')}>
            {locales.map((l) => (
              <button
                key={l}
                type="button"
                className="button button-secondary"
                aria-pressed={language === l}
                onClick={() => setLanguage(l)}
              >
                {t(`language.names.${l}`)}
                {l !== 'en' && !body[l].trim() && ' *'}
              </button>
            ))}
          </fieldset>
          <div className="lesson-split">
            <TextAreaField
              id={`lesson-body-${language}`}
              key={language}
              label={t('school.editor.markdown', { language: t(`language.names.${language}`) })}
              hint={t('school.editor.markdownHint')}
              lang={language}
              rows={18}
              maxLength={50_000}
              value={body[language]}
              onChange={(e) => {
                const value = e.target.value;
                edit(() => setBody((d) => ({ ...d, [language]: value })));
              }}
            />
            <section className="lesson-preview" aria-labelledby="lesson-preview-title" data-testid="lesson-preview">
              <h3 id="lesson-preview-title">{t('school.editor.preview')}</h3>
              {body[language].trim() ? (
                <LessonText source={body[language]} lang={language} />
              ) : (
                <p className="muted">{t('school.editor.previewEmpty')}</p>
              )}
            </section>
          </div>
        </fieldset>
        <ProblemAlert error={save.error} />
        {saved && <Alert tone="success">{t('school.editor.saved')}</Alert>}
        <div className="course-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('school.editor.saveLesson')}
          </button>
          <Link className="button button-secondary" to={courseUrl}>
            {t('school.editor.back')}
          </Link>
        </div>
      </form>
    </>
  );
}
