import { localized, schoolText } from '@pollwatch/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, isNotFound } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { CourseView, useLearnCourse } from '../school/CourseView.tsx';
import { type FieldSchoolHome, fieldLearnApi, fieldSchoolHome, phoneCopy } from '../school/learn-api.ts';
import { useObserverUser } from './FieldLayout.tsx';

/** The observer's school home, kept on the phone: opened once, it shows without a connection. */
function useFieldSchoolHome(userId: string) {
  const api = fieldLearnApi(userId);
  return useQuery({
    queryKey: api.homeKey,
    queryFn: async (): Promise<FieldSchoolHome & { offline?: boolean }> => {
      const key = `${api.scope}:home`;
      try {
        const fresh = await fieldSchoolHome();
        phoneCopy.write(key, fresh);
        return fresh;
      } catch (error) {
        const copy =
          error instanceof ApiError && error.code === 'network' ? phoneCopy.read<FieldSchoolHome>(key) : undefined;
        if (copy) return { ...copy, offline: true };
        throw error;
      }
    },
    retry: false,
  });
}

/** `/app/school`: the courses of the observer's elections, with their progress and certificate. */
export function FieldSchoolPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('school.field.title'));
  const user = useObserverUser();
  const home = useFieldSchoolHome(user.id);
  const locale = currentLocale();
  return (
    <div className="school-page" data-testid="field-school">
      <PageHeading>{t('school.field.title')}</PageHeading>
      {home.isPending ? (
        <Loading />
      ) : home.isError ? (
        <LoadError error={home.error} onRetry={() => void home.refetch()} />
      ) : !home.data.available ? (
        <p className="muted">{t('school.field.unavailable')}</p>
      ) : (
        <>
          {home.data.offline && <Alert tone="info">{t('school.home.offline')}</Alert>}
          <p className="muted">{t('school.field.intro')}</p>
          {home.data.elections.map(({ election, courses, certificate }) => (
            <section key={election.id} aria-label={localized(election.name, locale)}>
              {home.data.elections.length > 1 && <h2>{localized(election.name, locale)}</h2>}
              {certificate && (
                <p className="school-state" data-state="certified">
                  ✓ {t('school.home.certificateReady', { code: certificate.code })}
                </p>
              )}
              {courses.length === 0 ? (
                <p className="muted">{t('school.courses.empty')}</p>
              ) : (
                <ul className="school-list">
                  {courses.map((c) => {
                    const required = courses.find((r) => r.id === c.requiresCourseId);
                    return (
                      <li key={c.id} className="card school-item" data-testid="school-course">
                        <h3>{schoolText(c.title, locale)}</h3>
                        {c.locked && required ? (
                          <p className="muted">
                            {t('school.courses.locked', { title: schoolText(required.title, locale) })}
                          </p>
                        ) : (
                          <>
                            <p>
                              {c.complete
                                ? t('school.courses.complete')
                                : t('school.courses.progress', { done: c.completedLessons, total: c.lessons })}
                            </p>
                            <Link className="button button-primary" to={`/app/school/courses/${c.id}`}>
                              {t('school.courses.open')}
                            </Link>
                          </>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}

/** `/app/school/courses/:courseId`: a course in the field app, readable offline once opened. */
export function FieldSchoolCoursePage() {
  const { t } = useTranslation();
  const { courseId = '' } = useParams();
  const user = useObserverUser();
  const api = useMemo(() => fieldLearnApi(user.id), [user.id]);
  const course = useLearnCourse(api, courseId);
  const locale = currentLocale();
  useDocumentTitle(course.data ? schoolText(course.data.course.title, locale) : t('school.field.title'));
  return (
    <div className="school-page">
      <p>
        <Link to="/app/school">← {t('school.field.back')}</Link>
      </p>
      {course.isPending ? (
        <Loading />
      ) : course.isError ? (
        isNotFound(course.error) ? (
          <Alert>{t('school.field.notFound')}</Alert>
        ) : (
          <LoadError error={course.error} onRetry={() => void course.refetch()} />
        )
      ) : (
        <CourseView api={api} detail={course.data} />
      )}
    </div>
  );
}
