import { localized, schoolText } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { PublicLayout } from '../recruitment/PublicLayout.tsx';
import { schoolKeys } from './school.keys.ts';
import type { LinkClass, SchoolHome } from './school-api.ts';
import { schoolApi } from './school-api.ts';
import { useSchoolHome, useSignUp } from './school-queries.ts';
import './school.css';

/** `/school/:token`: a volunteer's own school page, from their personal link; no account needed. */
export function SchoolLinkPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('school.home.title'));
  const { token = '' } = useParams();
  const home = useSchoolHome(token);
  return (
    <PublicLayout>
      <div className="school-page">
        <PageHeading id="school-title">{t('school.home.title')}</PageHeading>
        {home.isPending ? (
          <Loading />
        ) : home.isError ? (
          isNotFound(home.error) ? (
            <Alert>{t('school.home.linkInvalid')}</Alert>
          ) : (
            <LoadError error={home.error} onRetry={() => void home.refetch()} />
          )
        ) : (
          <SchoolHomeView token={token} home={home.data} />
        )}
      </div>
    </PublicLayout>
  );
}

function SchoolHomeView({ token, home }: { token: string; home: SchoolHome & { offline?: boolean } }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <>
      {home.offline && <Alert tone="info">{t('school.home.offline')}</Alert>}
      <p className="school-greeting">{t('school.home.greeting', { name: home.firstName })}</p>
      <p className="muted">{localized(home.election.name, locale)}</p>
      {home.certificate ? (
        <section
          className="card school-certificate"
          aria-labelledby="certificate-title"
          data-testid="school-certificate"
        >
          <h2 id="certificate-title">{t('school.home.certificateTitle')}</h2>
          <p>{t('school.home.certificateReady', { code: home.certificate.code })}</p>
          <div className="school-actions">
            <a className="button button-primary" href={schoolApi.certificateUrl(token, 'kk')} download>
              {t('school.home.downloadKk')}
            </a>
            <a className="button button-secondary" href={schoolApi.certificateUrl(token, 'ru')} download>
              {t('school.home.downloadRu')}
            </a>
          </div>
        </section>
      ) : (
        <p>{t('school.home.intro')}</p>
      )}
      <section aria-labelledby="classes-title">
        <h2 id="classes-title">{t('school.classes.title')}</h2>
        {home.classes.length === 0 ? (
          <p className="muted">{t('school.classes.empty')}</p>
        ) : (
          <ul className="school-list">
            {home.classes.map((c) => (
              <ClassCard key={c.id} token={token} item={c} timeZone={home.election.timeZone} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="courses-title">
        <h2 id="courses-title">{t('school.courses.title')}</h2>
        {home.courses.length === 0 ? (
          <p className="muted">{t('school.courses.empty')}</p>
        ) : (
          <ul className="school-list">
            {home.courses.map((c) => {
              const required = home.courses.find((r) => r.id === c.requiresCourseId);
              return (
                <li key={c.id} className="card school-item" data-testid="school-course">
                  <h3>{schoolText(c.title, locale)}</h3>
                  {c.locked && required ? (
                    <p className="muted">{t('school.courses.locked', { title: schoolText(required.title, locale) })}</p>
                  ) : (
                    <>
                      <p>
                        {c.complete
                          ? t('school.courses.complete')
                          : t('school.courses.progress', { done: c.completedLessons, total: c.lessons })}
                      </p>
                      <Link
                        className="button button-primary"
                        to={`/school/${encodeURIComponent(token)}/courses/${c.id}`}
                      >
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
    </>
  );
}

function ClassCard({ token, item, timeZone }: { token: string; item: LinkClass; timeZone: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const options = useMemo(
    () => ({ dateStyle: 'full', timeStyle: 'short', timeZone }) as Intl.DateTimeFormatOptions,
    [timeZone],
  );
  const format = useDateTimeFormat(options);
  const signUp = useSignUp(token);
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => schoolApi.cancel(token, item.id),
    onSettled: () => client.invalidateQueries({ queryKey: schoolKeys.link(token) }),
  });
  const state = item.myState;
  const held = state === 'signed_up' || state === 'waitlisted';
  return (
    <li className="card school-item" data-testid="school-class">
      <h3>{schoolText(item.title, locale)}</h3>
      <p>
        <time dateTime={item.startsAt}>{format(item.startsAt)}</time> ·{' '}
        {t('school.classes.minutes', { n: item.durationMinutes })}
      </p>
      <p>
        {item.mode === 'online' ? t('school.classes.online') : t('school.classes.inPerson')}
        {item.place && ` · ${item.place}`}
      </p>
      {item.link && (
        <p>
          <a href={item.link} rel="noopener noreferrer" target="_blank">
            {t('school.classes.meetingLink')}
          </a>
        </p>
      )}
      {held && (
        <p className="school-state" data-state={state} role="status">
          {item.attended
            ? t('school.classes.attended')
            : state === 'signed_up'
              ? t('school.classes.signedUp')
              : t('school.classes.waitlisted')}
        </p>
      )}
      {held && !item.attended && (
        <div className="school-actions">
          {cancel.isError && <ProblemAlert error={cancel.error} />}
          <button
            type="button"
            className="button button-secondary"
            data-testid="school-cancel"
            disabled={cancel.isPending}
            onClick={() => {
              if (window.confirm(t('school.classes.cancelConfirm'))) cancel.mutate();
            }}
          >
            {state === 'signed_up' ? t('school.classes.cancel') : t('school.classes.leaveWaitlist')}
          </button>
        </div>
      )}
      {!held && (
        <>
          <p className="muted">
            {item.spotsLeft > 0 ? t('school.classes.spotsLeft', { count: item.spotsLeft }) : t('school.classes.full')}
          </p>
          {signUp.isError && <ProblemAlert error={signUp.error} />}
          <button
            type="button"
            className="button button-primary"
            disabled={signUp.isPending}
            onClick={() => signUp.mutate(item.id)}
          >
            {item.spotsLeft > 0 ? t('school.classes.signUp') : t('school.classes.joinWaitlist')}
          </button>
        </>
      )}
    </li>
  );
}
