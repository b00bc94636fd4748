import { schoolText } from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { PublicLayout } from '../recruitment/PublicLayout.tsx';
import { CourseView, useLearnCourse } from './CourseView.tsx';
import { linkLearnApi } from './learn-api.ts';
import './school.css';

/** `/school/:token/courses/:courseId`: the lessons one by one, then the quizzes. Kept on the phone once opened. */
export function SchoolCoursePage() {
  const { t } = useTranslation();
  const { token = '', courseId = '' } = useParams();
  const api = useMemo(() => linkLearnApi(token), [token]);
  const course = useLearnCourse(api, courseId);
  const locale = currentLocale();
  useDocumentTitle(course.data ? schoolText(course.data.course.title, locale) : t('school.home.title'));
  return (
    <PublicLayout>
      <div className="school-page">
        <p>
          <Link to={`/school/${encodeURIComponent(token)}`}>← {t('school.course.back')}</Link>
        </p>
        {course.isPending ? (
          <Loading />
        ) : course.isError ? (
          isNotFound(course.error) ? (
            <Alert>{t('school.home.linkInvalid')}</Alert>
          ) : (
            <LoadError error={course.error} onRetry={() => void course.refetch()} />
          )
        ) : (
          <CourseView api={api} detail={course.data} />
        )}
      </div>
    </PublicLayout>
  );
}
