import { can, type ElectionDto, schoolText } from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen } from '../elections/ElectionViews.tsx';
import { NewClassForm } from './NewClassForm.tsx';
import type { SchoolProgress } from './school-api.ts';
import { useClasses, useSchoolProgress } from './school-queries.ts';
import './school.css';

/** `/hq/school`: the classes of the current election, for trainers and coordinators, and the funnel. */
export function SchoolClassesPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('school.hq.title'));
  if (!can(me.role, 'school.teach')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('school.hq.title')}>
      {(election) => <ClassesBoard election={election} />}
    </CurrentElectionScreen>
  );
}

function ClassesBoard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const me = useStaffUser();
  const locale = currentLocale();
  const classes = useClasses(election.id);
  const progress = useSchoolProgress(election.id);
  const options = useMemo(
    () => ({ dateStyle: 'medium', timeStyle: 'short', timeZone: election.timeZone }) as Intl.DateTimeFormatOptions,
    [election.timeZone],
  );
  const format = useDateTimeFormat(options);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>{t('school.hq.title')}</h1>
        <p className="muted">{t('school.hq.intro')}</p>
        {can(me.role, 'school.manage') && (
          <Link className="button button-secondary" to="/hq/school/courses">
            {t('school.editor.toCourses')}
          </Link>
        )}
      </header>
      <section aria-labelledby="hq-classes-title">
        <h2 id="hq-classes-title">{t('school.hq.classes')}</h2>
        {can(me.role, 'school.manage') && <NewClassForm election={election} />}
        {classes.isPending ? (
          <Loading />
        ) : classes.isError ? (
          <LoadError error={classes.error} onRetry={() => void classes.refetch()} />
        ) : classes.data.items.length === 0 ? (
          <p className="muted">{t('school.hq.empty')}</p>
        ) : (
          <ul className="school-list">
            {classes.data.items.map((c) => (
              <li key={c.id} className="card school-item" data-testid="hq-class">
                <h3>{schoolText(c.title, locale)}</h3>
                <p>
                  <time dateTime={c.startsAt}>{format(c.startsAt)}</time>
                  {c.place && ` · ${c.place}`}
                </p>
                <p className="muted">
                  {t('school.hq.counts', {
                    signedUp: c.signedUp,
                    capacity: c.capacity,
                    waitlisted: c.waitlisted,
                    attended: c.attended,
                  })}
                </p>
                <Link className="button button-primary" to={`/hq/school/classes/${c.id}`}>
                  {t('school.hq.open')}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {can(me.role, 'applicants.read') && (
        <p>
          <Link to="/hq/school/reminders" data-testid="school-reminders-link">
            {t('school.reminders.open')}
          </Link>
        </p>
      )}
      {progress.data && (
        <section aria-labelledby="funnel-title" className="card school-funnel">
          <h2 id="funnel-title">{t('school.hq.funnel')}</h2>
          <dl className="summary">
            {(['linked', 'signedUp', 'attended', 'passed', 'certified'] as const).map((step) => (
              <div key={step}>
                <dt>{t(`school.hq.funnelSteps.${step}`)}</dt>
                <dd data-testid={`funnel-${step}`}>{progress.data.funnel[step]}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {progress.data && <ProgressDetails progress={progress.data} />}
    </>
  );
}

function ProgressDetails({ progress }: { progress: SchoolProgress }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <>
      <section aria-labelledby="failed-title" className="card school-funnel">
        <h2 id="failed-title">{t('school.hq.mostFailed')}</h2>
        {progress.mostFailed.length === 0 ? (
          <p className="muted">{t('school.hq.mostFailedEmpty')}</p>
        ) : (
          <ol data-testid="most-failed">
            {progress.mostFailed.map((f) => (
              <li key={`${f.quizId}:${f.questionId}`}>
                {f.text ? schoolText(f.text, locale) : f.questionId}{' '}
                <span className="muted">({t('school.hq.mostFailedRow', { wrong: f.wrong, total: f.total })})</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      {progress.applicants.length > 0 && (
        <section aria-labelledby="people-title" className="card school-funnel">
          <h2 id="people-title">{t('school.hq.people')}</h2>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
          <section className="table-scroll" aria-labelledby="people-title" tabIndex={0}>
            <table className="school-people">
              <thead>
                <tr>
                  <th scope="col">{t('school.hq.peopleColumns.name')}</th>
                  <th scope="col">{t('school.hq.peopleColumns.status')}</th>
                  <th scope="col">{t('school.hq.peopleColumns.classes')}</th>
                  <th scope="col">{t('school.hq.peopleColumns.lessons')}</th>
                  <th scope="col">{t('school.hq.peopleColumns.quizzes')}</th>
                </tr>
              </thead>
              <tbody>
                {progress.applicants.map((a) => (
                  <tr key={a.applicantId}>
                    <th scope="row">{a.fullName}</th>
                    <td>{t(`recruitment.statuses.${a.status}`)}</td>
                    <td>{a.classesAttended}</td>
                    <td>{a.lessonsCompleted}</td>
                    <td>{a.quizzesPassed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </section>
      )}
    </>
  );
}
