import { type AreaDto, can, localized } from '@pollwatch/core';
import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { DemoBanner, ExportLinks } from '../elections/ElectionViews.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { AreaDialog } from './AreaDialog.tsx';
import { type AreaRow, areaRows, visibleRows } from './area-tree.ts';
import { exportUrls } from './territory-api.ts';
import { useAreas, useDeleteArea } from './territory-queries.ts';
import './territory.css';

export const AREAS_ICON = 'M20 6h8v8h-8zM24 14v8M12 22h24M12 22v6M36 22v6M8 28h8v10H8zM32 28h8v10h-8z';

export function AreasPage() {
  const me = useStaffUser();
  if (!can(me.role, 'stations.read')) return <NoAccess />;
  return <AreasTree canManage={can(me.role, 'stations.manage')} />;
}

type Editing = { area: AreaDto | null } | null;

function AreasTree({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.areas'));
  const locale = currentLocale();
  const current = useCurrentElection();
  const electionId = current.election?.id ?? null;
  const areas = useAreas(electionId);
  const remove = useDeleteArea();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AreaDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const items = areas.data?.items ?? [];
  const rows = useMemo(() => areaRows(items, locale), [items, locale]);
  // At first the top of the tree is open: the country and its regions.
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const open = expanded ?? new Set(rows.filter((r) => r.depth === 0).map((r) => r.area.id));
  const shown = visibleRows(rows, open);

  function toggle(id: string) {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  }

  const name = (area: AreaDto) => localized(area.name, locale);

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('nav.areas')}</PageHeading>
          <p className="muted">{t('areas.intro')}</p>
        </div>
        {canManage && (
          <div className="header-buttons">
            <Link to="/hq/imports/new?kind=areas" className="button button-secondary">
              {t('areas.import')}
            </Link>
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setNotice(null);
                setEditing({ area: null });
              }}
            >
              {t('areas.create')}
            </button>
          </div>
        )}
      </header>

      <DemoBanner election={current.election} />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}

      {areas.isPending ? (
        <Loading />
      ) : areas.isError ? (
        <LoadError error={areas.error} onRetry={() => void areas.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={AREAS_ICON} title={t('areas.emptyTitle')}>
          <p>{canManage ? t('areas.emptyBody') : t('areas.emptyBodyReadOnly')}</p>
          {canManage && (
            <Link to="/hq/imports/new?kind=areas" className="button button-secondary">
              {t('areas.import')}
            </Link>
          )}
        </EmptyState>
      ) : (
        <>
          <div className="table-toolbar">
            <p className="table-caption" aria-live="polite">
              {t('areas.count', { count: rows.length })}
            </p>
            <div className="table-toolbar-buttons">
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => setExpanded(new Set(rows.filter((r) => r.hasChildren).map((r) => r.area.id)))}
              >
                {t('areas.expandAll')}
              </button>
              <button type="button" className="button button-quiet button-small" onClick={() => setExpanded(new Set())}>
                {t('areas.collapseAll')}
              </button>
              <ExportLinks
                csv={exportUrls.areas('csv')}
                xlsx={exportUrls.areas('xlsx')}
                labels={{ csv: t('areas.exportCsv'), xlsx: t('areas.exportXlsx') }}
              />
            </div>
          </div>
          <div className="table-wrap">
            <table className="table table-cards table-areas">
              <thead>
                <tr>
                  <th scope="col">{t('areas.columns.name')}</th>
                  <th scope="col">{t('areas.columns.level')}</th>
                  <th scope="col">{t('areas.columns.code')}</th>
                  <th scope="col" className="cell-number">
                    {t('areas.columns.stations')}
                  </th>
                  <th scope="col" className="cell-number">
                    {t('areas.columns.voters')}
                  </th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">{t('areas.columns.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <AreaTreeRow
                    key={row.area.id}
                    row={row}
                    name={name(row.area)}
                    expanded={open.has(row.area.id)}
                    canManage={canManage}
                    onToggle={() => toggle(row.area.id)}
                    onEdit={() => {
                      setNotice(null);
                      setEditing({ area: row.area });
                    }}
                    onDelete={() => {
                      setNotice(null);
                      remove.reset();
                      setDeleting(row.area);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {editing && (
        <AreaDialog
          area={editing.area}
          areas={items}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice(
              created ? t('areas.form.created', { name: name(saved) }) : t('areas.form.saved', { name: name(saved) }),
            );
            // A new area shows up inside its parent: open the way to it.
            if (saved.parentId) setExpanded(new Set([...open, saved.parentId]));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('areas.deleteTitle', { name: name(deleting) })}
          confirm={t('areas.deleteConfirm')}
          confirming={t('areas.deleting')}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting, {
              onSuccess: () => {
                setNotice(t('areas.deleted', { name: name(deleting) }));
                setDeleting(null);
              },
            })
          }
        >
          <p>{t('areas.deleteBody')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface AreaTreeRowProps {
  row: AreaRow;
  name: string;
  expanded: boolean;
  canManage: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

function AreaTreeRow({ row, name, expanded, canManage, onToggle, onEdit, onDelete }: AreaTreeRowProps) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const { area } = row;
  return (
    <tr style={{ '--depth': row.depth } as CSSProperties} data-depth={row.depth}>
      <th scope="row" className="cell-primary cell-tree">
        <span className="tree-name">
          {row.hasChildren ? (
            <button
              type="button"
              className="tree-toggle"
              aria-expanded={expanded}
              aria-label={expanded ? t('areas.collapse', { name }) : t('areas.expand', { name })}
              title={expanded ? t('areas.collapse', { name }) : t('areas.expand', { name })}
              onClick={onToggle}
            >
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M6 4l4 4-4 4" />
              </svg>
            </button>
          ) : (
            <span className="tree-spacer" aria-hidden="true" />
          )}
          <span>
            {name}
            {area.isDemo && <span className="tag tag-demo">{t('stations.demo')}</span>}
          </span>
        </span>
      </th>
      <td data-label={t('areas.columns.level')}>
        <span className={`badge badge-level badge-level-${area.level}`}>{t(`areas.levels.${area.level}`)}</span>
      </td>
      <td data-label={t('areas.columns.code')} className="cell-code">
        {area.code ? <code>{area.code}</code> : t('common.none')}
      </td>
      <td data-label={t('areas.columns.stations')} className="cell-number">
        {formatNumber(area.stationCount)}
      </td>
      <td data-label={t('areas.columns.voters')} className="cell-number">
        {formatNumber(area.registeredVoters)}
      </td>
      {canManage && (
        <td className="cell-actions">
          <div className="row-actions">
            <button
              type="button"
              className="button button-small button-secondary"
              aria-label={t('areas.editNamed', { name })}
              onClick={onEdit}
            >
              {t('areas.edit')}
            </button>
            <button
              type="button"
              className="button button-small button-quiet"
              aria-label={t('areas.deleteNamed', { name })}
              onClick={onDelete}
            >
              {t('areas.delete')}
            </button>
          </div>
        </td>
      )}
    </tr>
  );
}
