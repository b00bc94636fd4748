import {
  type AuditAction,
  type AuditEntityType,
  type AuditEntryDto,
  type AuditQuery,
  auditActions,
  auditEntityTypes,
  can,
  isAuditAction,
  isRole,
  type Permission,
  permissions,
} from '@pollwatch/core';
import { type FormEvent, Fragment, type ReactNode, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { ListView, MorePaging } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { useMediaQuery } from '../../hooks/use-media-query.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { useUsers } from '../accounts/accounts-queries.ts';
import { type AuditDetailPart, describeAuditDetails, isAuditReason } from './audit-details.ts';
import { useAuditLog } from './audit-queries.ts';

const PAGE_SIZE = 50;
const TIME_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

interface Filters {
  actorId: string;
  action: AuditAction | '';
  entityType: AuditEntityType | '';
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

function isAuditEntityType(value: unknown): value is AuditEntityType {
  return typeof value === 'string' && (auditEntityTypes as readonly string[]).includes(value);
}

function isPermission(value: string): value is Permission {
  return Object.hasOwn(permissions, value);
}

function toQuery(filters: Filters): AuditQuery {
  const query: AuditQuery = { limit: PAGE_SIZE };
  if (filters.actorId) query.actorId = filters.actorId;
  if (filters.action) query.action = filters.action;
  if (filters.entityType) query.entityType = filters.entityType;
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

  const actors = useUsers({}, { enabled: canListUsers });
  const log = useAuditLog(toQuery(applied));

  const set = (field: 'actorId' | 'entityId' | 'outcome' | 'from' | 'to') => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));

  // Entries name the account they touched by id; the list of accounts gives the name.
  const userNames = useMemo(
    () => new Map((actors.data?.items ?? []).map((user) => [user.id, user.displayName])),
    [actors.data],
  );

  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const columns = useAuditColumns(formatTime, userNames);
  const wide = useMediaQuery('(min-width: 48em)');
  // On phones the filters fold away once applied, so that the entries come into view; the
  // summary then says how many filters are on.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const summaryRef = useRef<HTMLElement>(null);
  const activeFilters = Object.values(applied).filter(Boolean).length;

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied(draft);
    if (!wide) {
      setFiltersOpen(false);
      summaryRef.current?.focus();
    }
  }

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
      <SelectField
        id="audit-action"
        label={t('audit.action')}
        value={draft.action}
        onChange={(event) => {
          const value = event.target.value;
          setDraft((d) => ({ ...d, action: isAuditAction(value) ? value : '' }));
        }}
      >
        <option value="">{t('audit.anyAction')}</option>
        {auditActions.map((action) => (
          <option key={action} value={action}>
            {t(`audit.actions.${action}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="audit-entity-type"
        label={t('audit.entityType')}
        value={draft.entityType}
        onChange={(event) => {
          const value = event.target.value;
          setDraft((d) => ({ ...d, entityType: isAuditEntityType(value) ? value : '' }));
        }}
      >
        <option value="">{t('audit.anyEntityType')}</option>
        {auditEntityTypes.map((type) => (
          <option key={type} value={type}>
            {t(`audit.entityTypes.${type}`)}
          </option>
        ))}
      </SelectField>
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
          <details
            className="filters-disclosure"
            open={filtersOpen}
            onToggle={(event) => setFiltersOpen(event.currentTarget.open)}
          >
            <summary ref={summaryRef}>
              {activeFilters > 0 ? t('audit.filtersActive', { n: activeFilters }) : t('audit.filters')}
            </summary>
            {filterForm}
          </details>
        )}
      </search>

      <ListView
        query={log}
        count={entries.length}
        empty={t('audit.empty')}
        caption={t('audit.shown', { count: entries.length })}
        paging={
          <MorePaging
            query={log}
            more={t('audit.loadMore')}
            loadingMore={t('audit.loadingMore')}
            end={t('audit.end')}
          />
        }
      >
        <DataTable
          className="table table-cards table-audit"
          columns={columns}
          rows={entries}
          rowKey={(entry) => String(entry.id)}
          rowProps={(entry) => (entry.outcome === 'refused' ? { className: 'row-refused' } : {})}
        />
      </ListView>
    </>
  );
}

/** The log's columns: when, who, what, on what, how it ended, and the details in words. */
function useAuditColumns(
  formatTime: (iso: string) => string,
  userNames: ReadonlyMap<string, string>,
): Column<AuditEntryDto>[] {
  const { t } = useTranslation();
  return [
    {
      id: 'time',
      header: t('audit.columns.time'),
      cell: (entry) => <time dateTime={entry.at}>{formatTime(entry.at)}</time>,
    },
    {
      id: 'actor',
      header: t('audit.columns.actor'),
      cell: (entry) => (
        <span>
          {entry.actorName ?? t('audit.system')}
          {entry.actorRole && <span className="cell-sub">{t(`roles.${entry.actorRole}`)}</span>}
        </span>
      ),
    },
    {
      id: 'action',
      header: t('audit.columns.action'),
      className: 'cell-action',
      cell: (entry) => (isAuditAction(entry.action) ? t(`audit.actions.${entry.action}`) : <code>{entry.action}</code>),
    },
    {
      id: 'entity',
      header: t('audit.columns.entity'),
      className: 'cell-entity',
      cell: (entry) => <AuditEntity entry={entry} userNames={userNames} />,
    },
    {
      id: 'outcome',
      header: t('audit.columns.outcome'),
      cell: (entry) => <span className={`badge badge-${entry.outcome}`}>{t(`audit.outcomes.${entry.outcome}`)}</span>,
    },
    {
      id: 'details',
      header: t('audit.columns.details'),
      className: 'cell-details',
      cell: (entry) => <AuditDetails details={entry.details} />,
    },
  ];
}

function AuditEntity({ entry, userNames }: { entry: AuditEntryDto; userNames: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const entityName = entry.entityType === 'user' && entry.entityId ? userNames.get(entry.entityId) : undefined;
  const entityType =
    entry.entityType === null ? null : isAuditEntityType(entry.entityType) ? (
      t(`audit.entityTypes.${entry.entityType}`)
    ) : (
      <code>{entry.entityType}</code>
    );
  if (!entry.entityType && !entry.entityId) return t('common.none');
  return (
    <span>
      {/* The account's name when known, with its kind beneath; otherwise the kind. */}
      {(entityName ?? entityType) && <span className="cell-entity-main">{entityName ?? entityType}</span>}
      {entityName && entityType && <span className="cell-sub">{entityType}</span>}
      {entry.entityId && <code className="cell-id">{entry.entityId}</code>}
    </span>
  );
}

/** Known detail shapes in words of the current language; the rest as compact JSON. */
function AuditDetails({ details }: { details: unknown }) {
  const { t } = useTranslation();
  const parts = describeAuditDetails(details);
  if (parts.length === 0) return t('common.none');
  return (
    <ul className="audit-details">
      {parts.map((part) => (
        <li key={part.kind}>
          <DetailPart part={part} />
        </li>
      ))}
    </ul>
  );
}

/** Field names as the forms label them; `locale` is the language field. */
const fieldLabels = {
  displayName: 'fields.displayName',
  email: 'fields.email',
  password: 'fields.password',
  role: 'fields.role',
  status: 'fields.status',
  locale: 'fields.language',
} as const;

function DetailPart({ part }: { part: AuditDetailPart }): ReactNode {
  const { t } = useTranslation();
  const labelled = (label: string, value: ReactNode) => (
    <>
      <span className="audit-details-label">{label}:</span> {value}
    </>
  );
  switch (part.kind) {
    case 'fields':
      return labelled(
        t('audit.details.fields'),
        part.fields.map((field, index) => (
          <Fragment key={field}>
            {index > 0 && ', '}
            {Object.hasOwn(fieldLabels, field) ? (
              t(fieldLabels[field as keyof typeof fieldLabels])
            ) : (
              <code>{field}</code>
            )}
          </Fragment>
        )),
      );
    case 'role':
      return labelled(t('audit.details.role'), isRole(part.role) ? t(`roles.${part.role}`) : <code>{part.role}</code>);
    case 'reason':
      return labelled(
        t('audit.details.reason'),
        isAuditReason(part.reason) ? t(`audit.reasons.${part.reason}`) : <code>{part.reason}</code>,
      );
    case 'route':
      return labelled(t('audit.details.route'), <code className="audit-route">{part.route}</code>);
    case 'permission':
      return labelled(
        t('audit.details.permission'),
        isPermission(part.permission) ? t(`permissions.${part.permission}`) : <code>{part.permission}</code>,
      );
    case 'status':
      return labelled(t('audit.details.status'), part.status);
    case 'self':
      return t('audit.details.self');
    case 'via':
      return part.via === 'cli' ? t('audit.details.viaCli') : labelled(t('audit.details.via'), <code>{part.via}</code>);
    case 'device':
      return part.known ? t('audit.details.knownDevice') : t('audit.details.newDevice');
    case 'json':
      return <code className="audit-json">{part.json}</code>;
  }
}
