import { can, type ElectionDto, schoolText } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { type LocalizedDraft, LocalizedFields } from '../../components/LocalizedFields.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen } from '../elections/ElectionViews.tsx';
import { CourseFolderImport } from './CourseFolderImport.tsx';
import { fromDraft, toDraft } from './course-draft.ts';
import { type CourseDetail, courseEditorApi, useCourseChange, useEditorCourses } from './course-editor-api.ts';
import './course-editor.css';

/** `/hq/school/courses`: the courses of the current election, for trainers who write them. */
export function CoursesPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('school.editor.title'));
  if (!can(me.role, 'school.manage')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('school.editor.title')}>
      {(election) => <CourseList election={election} />}
    </CurrentElectionScreen>
  );
}

function CourseList({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const courses = useEditorCourses(election.id);
  const [creating, setCreating] = useState(false);
  const titleOf = (courseId: string | null) => {
    const found = courses.data?.items.find((c) => c.course.id === courseId);
    return found ? schoolText(found.course.title, locale) : '';
  };
  const columns: Column<CourseDetail>[] = [
    {
      id: 'title',
      header: t('school.editor.columns.title'),
      rowHeader: true,
      label: false,
      cell: (c) => <Link to={`/hq/school/courses/${c.course.id}`}>{schoolText(c.course.title, locale)}</Link>,
    },
    { id: 'lessons', header: t('school.editor.columns.lessons'), cell: (c) => c.lessons.length },
    {
      id: 'questions',
      header: t('school.editor.columns.questions'),
      cell: (c) => c.quizzes.reduce((n, q) => n + q.content.questions.length, 0),
    },
    {
      id: 'requires',
      header: t('school.editor.columns.requires'),
      cell: (c) => titleOf(c.course.requiresCourseId) || '—',
    },
    {
      id: 'status',
      header: t('school.editor.columns.status'),
      cell: (c) => (c.course.published ? t('school.editor.published') : t('school.editor.draft')),
    },
  ];
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>{t('school.editor.title')}</h1>
        <p className="muted">{t('school.editor.intro')}</p>
        <div className="course-actions">
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('school.editor.newCourse')}
          </button>
          <Link className="button button-secondary" to="/hq/school">
            {t('school.editor.toClasses')}
          </Link>
        </div>
      </header>
      {courses.isPending ? (
        <Loading />
      ) : courses.isError ? (
        <LoadError error={courses.error} onRetry={() => void courses.refetch()} />
      ) : courses.data.items.length === 0 ? (
        <p className="muted">{t('school.editor.empty')}</p>
      ) : (
        <DataTable
          className="table table-cards course-table"
          caption={t('school.editor.title')}
          columns={columns}
          rows={courses.data.items}
          rowKey={(c) => c.course.id}
          rowProps={(c) => ({ 'data-testid': 'editor-course', 'data-published': String(c.course.published) })}
        />
      )}
      <CourseFolderImport election={election} />
      {creating && (
        <NewCourseDialog election={election} courses={courses.data?.items ?? []} onClose={() => setCreating(false)} />
      )}
    </>
  );
}

function NewCourseDialog({
  election,
  courses,
  onClose,
}: {
  election: ElectionDto;
  courses: CourseDetail[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [title, setTitle] = useState<LocalizedDraft>(toDraft(undefined));
  const [requires, setRequires] = useState('');
  const create = useCourseChange(
    () => courseEditorApi.createCourse(election.id, { title: fromDraft(title), requiresCourseId: requires || null }),
    (created) => navigate(`/hq/school/courses/${created.course.id}`),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(undefined);
  }
  return (
    <Dialog title={t('school.editor.newCourse')} onClose={onClose}>
      <form onSubmit={submit} className="course-form">
        <CourseFields
          title={title}
          onTitle={setTitle}
          requires={requires}
          onRequires={setRequires}
          courses={courses}
          selfId={null}
        />
        <ProblemAlert error={create.error} />
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {t('school.editor.create')}
        </button>
      </form>
    </Dialog>
  );
}

/** A course's title in three languages and the course it requires (another course of the election). */
export function CourseFields({
  title,
  onTitle,
  requires,
  onRequires,
  courses,
  selfId,
}: {
  title: LocalizedDraft;
  onTitle: (next: LocalizedDraft) => void;
  requires: string;
  onRequires: (id: string) => void;
  courses: CourseDetail[];
  selfId: string | null;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <>
      <LocalizedFields
        idPrefix="course-title"
        legend={t('school.editor.courseTitle')}
        required={t('school.editor.ruKkRequired')}
        hint={t('school.editor.enOptional')}
        value={title}
        onChange={(l, v) => onTitle({ ...title, [l]: v })}
        maxLength={300}
      />
      <SelectField
        id="course-requires"
        label={t('school.editor.requires')}
        hint={t('school.editor.requiresHint')}
        value={requires}
        onChange={(e) => onRequires(e.target.value)}
      >
        <option value="">{t('school.editor.requiresNone')}</option>
        {courses
          .filter((c) => c.course.id !== selfId)
          .map((c) => (
            <option key={c.course.id} value={c.course.id}>
              {schoolText(c.course.title, locale)}
            </option>
          ))}
      </SelectField>
    </>
  );
}
