import { type ElectionDto, type FolderProblem, folderProblemText, schoolText } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiUpload } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { TextField } from '../../components/FormField.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useCourseChange } from './course-editor-api.ts';

interface ImportResult {
  courseId: string;
  created: boolean;
  title: { ru: string; kk: string; en?: string };
  lessons: { added: number; changed: number };
  quizzes: { added: number; changed: number; newVersions: number };
}

/** Upload of a course folder as a ZIP: each problem named by file and line in the reader's language. */
export function CourseFolderImport({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [file, setFile] = useState<File | null>(null);
  const upload = useCourseChange((zip: File) =>
    apiUpload<ImportResult>(`/api/v1/elections/${encodeURIComponent(election.id)}/school/courses/import`, zip),
  );
  const problems =
    upload.error instanceof ApiError && upload.error.code === 'course_folder_invalid'
      ? ((upload.error.details as { problems?: FolderProblem[] } | undefined)?.problems ?? [])
      : [];
  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }
  return (
    <section className="card course-import" aria-labelledby="course-import-title">
      <h2 id="course-import-title">{t('school.editor.import.title')}</h2>
      <p className="muted">{t('school.editor.import.intro')}</p>
      <form onSubmit={submit} className="course-form">
        <TextField
          id="course-import-file"
          type="file"
          accept=".zip,application/zip"
          label={t('school.editor.import.file')}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          required
        />
        {problems.length > 0 ? (
          <Alert>
            <p>{t('school.editor.import.problems')}</p>
            <ul className="course-import-problems" data-testid="course-import-problems">
              {problems.map((p) => {
                const text = folderProblemText(p, locale);
                return <li key={text}>{text}</li>;
              })}
            </ul>
          </Alert>
        ) : (
          <ProblemAlert error={upload.error} />
        )}
        {upload.data && (
          <Alert tone="success">
            {t('school.editor.import.done', {
              title: schoolText(upload.data.title, locale),
              lessons: upload.data.lessons.added + upload.data.lessons.changed,
              quizzes: upload.data.quizzes.added + upload.data.quizzes.changed,
            })}
          </Alert>
        )}
        <button type="submit" className="button button-primary" disabled={!file || upload.isPending}>
          {t('school.editor.import.submit')}
        </button>
      </form>
    </section>
  );
}
