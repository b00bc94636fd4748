import { can, schoolText } from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { ClassPlacesForm } from './ClassPlacesForm.tsx';
import type { ClassRoster } from './school-api.ts';
import { useMarkAttendance, useRoster } from './school-queries.ts';
import './school.css';

/** `/hq/school/classes/:id`: the trainer marks who came, on a phone: one large switch per person. */
export function SchoolAttendancePage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('school.attendance.title'));
  const { id = '' } = useParams();
  const roster = useRoster(id);
  if (!can(me.role, 'school.teach')) return <NoAccess />;
  return (
    <div className="school-attendance">
      <p>
        <Link to="/hq/school">← {t('school.attendance.back')}</Link>
      </p>
      {roster.isPending ? (
        <Loading />
      ) : roster.isError ? (
        <LoadError error={roster.error} onRetry={() => void roster.refetch()} />
      ) : (
        <RosterView classId={id} data={roster.data} />
      )}
    </div>
  );
}

function RosterView({ classId, data }: { classId: string; data: ClassRoster }) {
  const { t } = useTranslation();
  const me = useStaffUser();
  const locale = currentLocale();
  const mark = useMarkAttendance(classId);
  const options = useMemo(
    () => ({ dateStyle: 'medium', timeStyle: 'short', timeZone: data.timeZone }) as Intl.DateTimeFormatOptions,
    [data.timeZone],
  );
  const format = useDateTimeFormat(options);
  const signedUp = data.roster.filter((r) => r.state === 'signed_up');
  const waiting = data.roster.filter((r) => r.state === 'waitlisted');
  const came = data.roster.filter((r) => r.attended).length;
  const row = (r: ClassRoster['roster'][number]) => (
    <li key={r.applicantId} className="attendance-row">
      <label>
        <input
          type="checkbox"
          checked={r.attended}
          onChange={(e) => mark.mutate({ applicantId: r.applicantId, attended: e.target.checked })}
        />
        <span>{r.fullName}</span>
      </label>
    </li>
  );
  return (
    <>
      <PageHeading>{schoolText(data.class.title, locale)}</PageHeading>
      <p>
        <time dateTime={data.class.startsAt}>{format(data.class.startsAt)}</time>
        {data.class.place && ` · ${data.class.place}`}
      </p>
      <p role="status" data-testid="attendance-summary">
        {t('school.attendance.summary', { n: came, total: data.roster.length })}
      </p>
      {can(me.role, 'school.manage') && <ClassPlacesForm classId={classId} capacity={data.class.capacity} />}
      {mark.isError && <ProblemAlert error={mark.error} />}
      {data.roster.length === 0 ? (
        <p className="muted">{t('school.attendance.empty')}</p>
      ) : (
        <>
          <section aria-labelledby="signed-up-title">
            <h2 id="signed-up-title">{t('school.attendance.signedUp')}</h2>
            <ul className="attendance-list" aria-label={t('school.attendance.present')}>
              {signedUp.map(row)}
            </ul>
          </section>
          {waiting.length > 0 && (
            <section aria-labelledby="waitlist-title">
              <h2 id="waitlist-title">{t('school.attendance.waitlist')}</h2>
              <ul className="attendance-list">{waiting.map(row)}</ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
