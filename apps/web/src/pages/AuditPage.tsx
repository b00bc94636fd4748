import { type AuditEntryDto, type AuditQuery, can, isAuditAction } from '@pollwatch/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/pollwatch-api.ts';
import { SelectField, TextField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { LoadError, Loading } from '../components/StatusViews.tsx';
import { useDocumentTitle } from '../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../hooks/use-formatters.ts';
import { useMediaQuery } from '../hooks/use-media-query.ts';
import { useStaffUser } from './HqLayout.tsx';
import { NoAccess } from './NoAccess.tsx';

const PAGE_SIZE = 50;
const TIME_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

interface Filters {
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  outcome: '' | 'ok' | 'refused';
  from: string;
  to: string;
}

const noFilters: Filters = { actorId: '', action: '', entityType: '', entityId: '', outcome: '', from: '', to: '' };

/** `datetime-local` values are in the browser's zone; the API wants ISO instants. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function toQuery(filters: Filters): AuditQuery {
  const query: AuditQuery = { limit: PAGE_SIZE };
  if (filters.actorId) query.actorId = filters.actorId;
  const action = filters.action.trim();
  if (isAuditAction(action)) query.action = action;
  if (filters.entityType.trim() === 'user') query.entityType = 'user';
  if (filters.entityId.trim()) query.entityId = filters.entityId.trim();
  if (filters.outcome) query.outcome = filters.outcome;
  const from = toIso(filters.from);
  const to = toIso(filters.to);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

export function AuditPage() {
  const me = useStaffUser();
  if (!can(me.role, 'audit.read')) return <NoAccess />;
  return <AuditLog canListUsers={can(me.role, 'users.read')} />;
}

function AuditLog({ canListUsers }: { canListUsers: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.audit'));
  const formatTime = useDateTimeFormat(TIME_FORMAT);
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [applied, setApplied] = useState<Filters>(noFilters);

  const actors = useQuery({ queryKey: ['users', {}], queryFn: () => api.users({}), enabled: canListUsers });

  const log = useInfiniteQuery({
    queryKey: ['audit', applied],
    queryFn: ({ pageParam }) => api.audit({ ...toQuery(applied), ...(pageParam !== null && { before: pageParam }) }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  const set = (field: keyof Filters) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
  }

  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const wide = useMediaQuery('(min-width: 48em)');

  const filterForm = (
    <form className="filters filters-audit" onSubmit={apply}>
      <SelectField id="audit-actor" label={t('audit.actor')} value={draft.actorId} onChange={set('actorId')}>
        <option value="">{t('audit.anyActor')}</option>
        {(actors.data?.items ?? []).map((user) => (
          <option key={user.id} value={user.id}>
            {user.displayName}
          </option>
        ))}
      </SelectField>
      <TextField
        id="audit-action"
        label={t('audit.action')}
        placeholder={t('audit.actionPlaceholder')}
        value={draft.action}
        onChange={set('action')}
        spellCheck={false}
      />
      <TextField
        id="audit-entity-type"
        label={t('audit.entityType')}
        value={draft.entityType}
        onChange={set('entityType')}
        spellCheck={false}
      />
      <TextField
        id="audit-entity-id"
        label={t('audit.entityId')}
        value={draft.entityId}
        onChange={set('entityId')}
        spellCheck={false}
      />
      <SelectField id="audit-outcome" label={t('audit.outcome')} value={draft.outcome} onChange={set('outcome')}>
        <option value="">{t('audit.anyOutcome')}</option>
        <option value="ok">{t('audit.outcomes.ok')}</option>
        <option value="refused">{t('audit.outcomes.refused')}</option>
      </SelectField>
      <TextField
        id="audit-from"
        type="datetime-local"
        label={t('audit.from')}
        value={draft.from}
        onChange={set('from')}
      />
      <TextField id="audit-to" type="datetime-local" label={t('audit.to')} value={draft.to} onChange={set('to')} />
      <div className="filters-buttons">
        <button type="submit" className="button button-primary">
          {t('audit.apply')}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setDraft(noFilters);
            setApplied(noFilters);
          }}
        >
          {t('audit.reset')}
        </button>
      </div>
    </form>
  );

  return (
    <>
      <header className="page-header">
        <PageHeading>{t('nav.audit')}</PageHeading>
        <p className="muted">{t('audit.intro')}</p>
      </header>

      <search aria-label={t('audit.filters')}>
        {wide ? (
          filterForm
        ) : (
          <details className="filters-disclosure">
            <summary>{t('audit.filters')}</summary>
            {filterForm}
          </details>
        )}
      </search>

      {log.isPending ? (
        <Loading />
      ) : log.isError && entries.length === 0 ? (
        <LoadError error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <p className="table-empty">{t('audit.empty')}</p>
      ) : (
        <>
          <p className="table-caption" aria-live="polite">
            {t('audit.shown', { count: entries.length })}
          </p>
          <div className="table-wrap">
            <table className="table table-cards table-audit">
              <thead>
                <tr>
                  <th scope="col">{t('audit.columns.time')}</th>
                  <th scope="col">{t('audit.columns.actor')}</th>
                  <th scope="col">{t('audit.columns.action')}</th>
                  <th scope="col">{t('audit.columns.entity')}</th>
                  <th scope="col">{t('audit.columns.outcome')}</th>
                  <th scope="col">{t('audit.columns.details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} formatTime={formatTime} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="load-more">
            {log.isFetchNextPageError && <LoadError error={log.error} onRetry={() => void log.fetchNextPage()} />}
            {log.hasNextPage ? (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? t('audit.loadingMore') : t('audit.loadMore')}
              </button>
            ) : (
              <p className="muted">{t('audit.end')}</p>
            )}
          </div>
        </>
      )}
    </>
  );
}

function AuditRow({ entry, formatTime }: { entry: AuditEntryDto; formatTime: (iso: string) => string }) {
  const { t } = useTranslation();
  const hasDetails =
    entry.details !== null &&
    entry.details !== undefined &&
    !(typeof entry.details === 'object' && Object.keys(entry.details as object).length === 0);
  return (
    <tr className={entry.outcome === 'refused' ? 'row-refused' : undefined}>
      <td data-label={t('audit.columns.time')} className="cell-nowrap">
        <time dateTime={entry.at}>{formatTime(entry.at)}</time>
      </td>
      <td data-label={t('audit.columns.actor')}>
        <span>
          {entry.actorName ?? t('audit.system')}
          {entry.actorRole && <span className="cell-sub">{t(`roles.${entry.actorRole}`)}</span>}
        </span>
      </td>
      <td data-label={t('audit.columns.action')}>
        <code>{entry.action}</code>
      </td>
      <td data-label={t('audit.columns.entity')} className="cell-entity">
        {entry.entityType || entry.entityId ? (
          <span>
            {entry.entityType && <code>{entry.entityType}</code>}
            {entry.entityId && <code className="cell-id">{entry.entityId}</code>}
          </span>
        ) : (
          t('common.none')
        )}
      </td>
      <td data-label={t('audit.columns.outcome')}>
        <span className={`badge badge-${entry.outcome}`}>{t(`audit.outcomes.${entry.outcome}`)}</span>
      </td>
      <td data-label={t('audit.columns.details')}>
        {hasDetails ? (
          <details className="details">
            <summary>{t('audit.showDetails')}</summary>
            <pre>{JSON.stringify(entry.details, null, 2)}</pre>
          </details>
        ) : (
          t('common.none')
        )}
      </td>
    </tr>
  );
}
