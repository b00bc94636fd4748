import type { SchoolText } from '@pollwatch/core';
import { can, type ElectionDto, schoolText } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiRequest } from '../../api/api-client.ts';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen } from '../elections/ElectionViews.tsx';
import './school.css';

type ReminderStatus = 'queued' | 'sending' | 'sent' | 'to_call' | 'called' | 'skipped';

interface Reminder {
  id: string;
  classId: string;
  applicantId: string;
  kind: '24h' | '2h';
  status: ReminderStatus;
  channel: 'sms' | 'telegram' | null;
  fullName: string;
  phone: string;
  classTitle: SchoolText;
  startsAt: string;
}

const remindersKey = (electionId: string, status: string) => ['school', 'reminders', electionId, status] as const;

/**
 * `/hq/school/reminders`: class reminders of the coordinator's area. Those with no Telegram and no
 * SMS gateway wait here to be phoned ("to call"); the rest show how they went out.
 */
export function SchoolRemindersPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('school.reminders.title'));
  if (!can(me.role, 'applicants.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('school.reminders.title')}>
      {(election) => <RemindersBoard election={election} />}
    </CurrentElectionScreen>
  );
}

function RemindersBoard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const client = useQueryClient();
  const [status, setStatus] = useState<'to_call' | 'all'>('to_call');
  const list = useQuery({
    queryKey: remindersKey(election.id, status),
    queryFn: () =>
      apiRequest<{ items: Reminder[] }>(
        'GET',
        `/api/v1/elections/${encodeURIComponent(election.id)}/school/reminders${status === 'to_call' ? '?status=to_call' : ''}`,
      ),
  });
  const called = useMutation({
    mutationFn: (id: string) => apiRequest('POST', `/api/v1/school/reminders/${encodeURIComponent(id)}/called`),
    onSettled: () => client.invalidateQueries({ queryKey: ['school', 'reminders', election.id] }),
  });
  const options = useMemo(
    () => ({ dateStyle: 'medium', timeStyle: 'short', timeZone: election.timeZone }) as Intl.DateTimeFormatOptions,
    [election.timeZone],
  );
  const format = useDateTimeFormat(options);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>{t('school.reminders.title')}</h1>
        <p className="muted">{t('school.reminders.intro')}</p>
        <Link to="/hq/school">← {t('school.hq.title')}</Link>
      </header>
      <fieldset className="school-filter">
        <legend>{t('school.reminders.show')}</legend>
        {(['to_call', 'all'] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="reminder-status" checked={status === s} onChange={() => setStatus(s)} />{' '}
            {t(`school.reminders.filter.${s}`)}
          </label>
        ))}
      </fieldset>
      {called.isError && <ProblemAlert error={called.error} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('school.reminders.empty')}</p>
      ) : (
        <ul className="school-list" data-testid="school-reminders">
          {list.data.items.map((r) => (
            <li key={r.id} className="card school-item" data-testid="school-reminder" data-status={r.status}>
              <h3>{r.fullName}</h3>
              <p>
                <a href={`tel:${r.phone}`}>{r.phone}</a>
              </p>
              <p>
                {schoolText(r.classTitle, locale)} · <time dateTime={r.startsAt}>{format(r.startsAt)}</time>
              </p>
              <p className="muted">
                {t(`school.reminders.kinds.${r.kind}`)} · {t(`school.reminders.statuses.${r.status}`)}
                {r.channel && ` · ${t(`school.reminders.channels.${r.channel}`)}`}
              </p>
              {r.status === 'to_call' && (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={called.isPending}
                  onClick={() => called.mutate(r.id)}
                >
                  {t('school.reminders.markCalled')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
