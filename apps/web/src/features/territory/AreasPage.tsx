import { type AreaDto, can, localized } from '@pollwatch/core';
import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
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
  const columns = useAreaColumns({
    name,
    open,
    canManage,
    onToggle: (area) => toggle(area.id),
    onEdit: (area) => {
      setNotice(null);
      setEditing({ area });
    },
    onDelete: (area) => {
      setNotice(null);
      remove.reset();
      setDeleting(area);
    },
  });

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

      <ListView
        query={areas}
        count={rows.length}
        empty={
          <EmptyState icon={AREAS_ICON} title={t('areas.emptyTitle')}>
            <p>{canManage ? t('areas.emptyBody') : t('areas.emptyBodyReadOnly')}</p>
            {canManage && (
              <Link to="/hq/imports/new?kind=areas" className="button button-secondary">
                {t('areas.import')}
              </Link>
            )}
          </EmptyState>
        }
        caption={t('areas.count', { count: rows.length })}
        toolbar={
          <>
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
          </>
        }
      >
        <DataTable
          className="table table-cards table-areas"
          columns={columns}
          rows={shown}
          rowKey={(row) => row.area.id}
          rowProps={(row) => ({ style: { '--depth': row.depth } as CSSProperties, 'data-depth': row.depth })}
        />
      </ListView>

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

interface AreaColumnsOptions {
  name: (area: AreaDto) => string;
  open: ReadonlySet<string>;
  canManage: boolean;
  onToggle: (area: AreaDto) => void;
  onEdit: (area: AreaDto) => void;
  onDelete: (area: AreaDto) => void;
}

/** The tree's columns: the name with its open/close toggle, level, code, stations, voters, actions. */
function useAreaColumns({ name, open, canManage, onToggle, onEdit, onDelete }: AreaColumnsOptions): Column<AreaRow>[] {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  return [
    {
      id: 'name',
      header: t('areas.columns.name'),
      rowHeader: true,
      className: 'cell-primary cell-tree',
      cell: (row) => {
        const areaName = name(row.area);
        const expanded = open.has(row.area.id);
        return (
          <span className="tree-name">
            {row.hasChildren ? (
              <button
                type="button"
                className="tree-toggle"
                aria-expanded={expanded}
                aria-label={expanded ? t('areas.collapse', { name: areaName }) : t('areas.expand', { name: areaName })}
                title={expanded ? t('areas.collapse', { name: areaName }) : t('areas.expand', { name: areaName })}
                onClick={() => onToggle(row.area)}
              >
                <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                  <path d="M6 4l4 4-4 4" />
                </svg>
              </button>
            ) : (
              <span className="tree-spacer" aria-hidden="true" />
            )}
            <span>
              {areaName}
              {row.area.isDemo && <span className="tag tag-demo">{t('stations.demo')}</span>}
            </span>
          </span>
        );
      },
    },
    {
      id: 'level',
      header: t('areas.columns.level'),
      cell: ({ area }) => (
        <span className={`badge badge-level badge-level-${area.level}`}>{t(`areas.levels.${area.level}`)}</span>
      ),
    },
    {
      id: 'code',
      header: t('areas.columns.code'),
      className: 'cell-code',
      cell: ({ area }) => (area.code ? <code>{area.code}</code> : t('common.none')),
    },
    {
      id: 'stations',
      header: t('areas.columns.stations'),
      headerClassName: 'cell-number',
      className: 'cell-number',
      cell: ({ area }) => formatNumber(area.stationCount),
    },
    {
      id: 'voters',
      header: t('areas.columns.voters'),
      headerClassName: 'cell-number',
      className: 'cell-number',
      cell: ({ area }) => formatNumber(area.registeredVoters),
    },
    ...(canManage
      ? [
          {
            id: 'actions',
            header: t('areas.columns.actions'),
            hiddenHeader: true,
            label: false,
            className: 'cell-actions',
            cell: ({ area }: AreaRow) => (
              <div className="row-actions">
                <button
                  type="button"
                  className="button button-small button-secondary"
                  aria-label={t('areas.editNamed', { name: name(area) })}
                  onClick={() => onEdit(area)}
                >
                  {t('areas.edit')}
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={t('areas.deleteNamed', { name: name(area) })}
                  onClick={() => onDelete(area)}
                >
                  {t('areas.delete')}
                </button>
              </div>
            ),
          } satisfies Column<AreaRow>,
        ]
      : []),
  ];
}
