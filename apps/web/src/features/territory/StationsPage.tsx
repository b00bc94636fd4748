import { type AreaDto, can, type ElectionDto, localized, type StationDto } from '@pollwatch/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SearchField, SelectField } from '../../components/FormField.tsx';
import { ListView, MorePaging } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDebounced, useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner, ExportLinks } from '../elections/ElectionViews.tsx';
import { DossierLink } from '../exports/DocumentLinks.tsx';
import { areaOptions, areaPathLabel } from './area-tree.ts';
import { StationDialog } from './StationDialog.tsx';
import { exportUrls } from './territory-api.ts';
import { useAreas, useDeleteStation, useStations } from './territory-queries.ts';
import './territory.css';

const STATION_ICON = 'M24 42s-13-11.5-13-21a13 13 0 0 1 26 0c0 9.5-13 21-13 21zM24 26a5 5 0 1 0 0-10 5 5 0 0 0 0 10z';

export function StationsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'stations.read')) return <NoAccess />;
  return <StationsScreen canManage={can(me.role, 'stations.manage')} />;
}

function StationsScreen({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.stations'));
  return (
    <CurrentElectionScreen title={t('nav.stations')}>
      {(election) => <StationsDirectory election={election} canManage={canManage} />}
    </CurrentElectionScreen>
  );
}

type Editing = { station: StationDto | null } | null;

function StationsDirectory({ election, canManage }: { election: ElectionDto; canManage: boolean }) {
  const me = useStaffUser();
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatNumber = useNumberFormat();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const [areaId, setAreaId] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<StationDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const areas = useAreas(election.id);
  const stations = useStations(election.id, q, areaId);
  const remove = useDeleteStation();

  const areaItems = areas.data?.items ?? [];
  const byId = useMemo(() => new Map<string, AreaDto>(areaItems.map((a) => [a.id, a])), [areaItems]);
  const options = useMemo(() => areaOptions(areaItems, locale), [areaItems, locale]);
  const items = stations.data?.pages.flatMap((page) => page.items) ?? [];
  const total = stations.data?.pages[0]?.total ?? 0;
  const filtered = Boolean(q || areaId);
  const electionName = localized(election.name, locale);

  const columns: Column<StationDto>[] = [
    {
      id: 'number',
      header: t('stations.columns.number'),
      headerClassName: 'cell-number',
      rowHeader: true,
      className: 'cell-primary cell-station-number',
      cell: (station) => (
        <>
          <span className="station-number">
            <span className="visually-hidden">{t('stations.columns.number')} </span>
            {station.number}
          </span>
          {station.isDemo && <span className="tag tag-demo">{t('stations.demo')}</span>}
        </>
      ),
    },
    { id: 'name', header: t('stations.columns.name'), cell: (station) => station.name ?? t('common.none') },
    {
      id: 'address',
      header: t('stations.columns.address'),
      className: 'cell-address',
      cell: (station) =>
        station.address || (
          <span className="muted" data-note="no-address">
            {t('stations.noAddress')}
          </span>
        ),
    },
    {
      id: 'area',
      header: t('stations.columns.area'),
      cell: (station) => (byId.has(station.areaId) ? areaPathLabel(station.areaId, byId, locale) : t('common.none')),
    },
    {
      id: 'voters',
      header: t('stations.columns.voters'),
      headerClassName: 'cell-number',
      className: 'cell-number',
      cell: (station) =>
        station.registeredVoters === null ? t('common.none') : formatNumber(station.registeredVoters),
    },
    ...(can(me.role, 'reports.read')
      ? [
          {
            id: 'dossier',
            header: t('exports.documents.dossier'),
            hiddenHeader: true,
            label: false as const,
            cell: (station: StationDto) => <DossierLink stationId={station.id} number={station.number} />,
          },
        ]
      : []),
    ...(canManage
      ? [
          {
            id: 'actions',
            header: t('stations.columns.actions'),
            hiddenHeader: true,
            label: false,
            className: 'cell-actions',
            cell: (station: StationDto) => (
              <div className="row-actions">
                <button
                  type="button"
                  className="button button-small button-secondary"
                  aria-label={t('stations.editNamed', { number: station.number })}
                  onClick={() => {
                    setNotice(null);
                    setEditing({ station });
                  }}
                >
                  {t('stations.edit')}
                </button>
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={t('stations.deleteNamed', { number: station.number })}
                  onClick={() => {
                    setNotice(null);
                    remove.reset();
                    setDeleting(station);
                  }}
                >
                  {t('stations.delete')}
                </button>
              </div>
            ),
          } satisfies Column<StationDto>,
        ]
      : []),
  ];

  function openCreate() {
    setNotice(null);
    setEditing({ station: null });
  }

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('nav.stations')}</PageHeading>
          <p className="muted">{t('stations.intro', { election: electionName })}</p>
        </div>
        {canManage && (
          <div className="header-buttons">
            <Link to="/hq/imports/new?kind=stations" className="button button-secondary">
              {t('stations.import')}
            </Link>
            {areaItems.length > 0 && (
              <button type="button" className="button button-primary" onClick={openCreate}>
                {t('stations.create')}
              </button>
            )}
          </div>
        )}
      </header>

      <DemoBanner election={election} />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}

      <search className="filters filters-stations" aria-label={t('stations.filters')}>
        <SearchField
          id="stations-search"
          label={t('stations.search')}
          placeholder={t('stations.searchPlaceholder')}
          value={search}
          onSearch={setSearch}
        />
        <SelectField
          id="stations-area"
          label={t('stations.area')}
          value={areaId}
          onChange={(event) => setAreaId(event.target.value)}
        >
          <option value="">{t('stations.allAreas')}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </search>

      <ListView
        query={stations}
        count={items.length}
        filtered={filtered}
        empty={
          <EmptyState icon={STATION_ICON} title={t('stations.emptyTitle')}>
            <p>{canManage ? t('stations.emptyBody') : t('stations.emptyBodyReadOnly')}</p>
            {canManage && areas.isSuccess && areaItems.length === 0 && <p>{t('stations.needAreas')}</p>}
            {canManage && (
              <div className="form-actions">
                <Link to="/hq/imports/new?kind=stations" className="button button-secondary">
                  {t('stations.import')}
                </Link>
                {areas.isSuccess && areaItems.length === 0 && (
                  <Link to="/hq/areas" className="button button-quiet">
                    {t('stations.toAreas')}
                  </Link>
                )}
              </div>
            )}
          </EmptyState>
        }
        noMatch={t('stations.notFound')}
        caption={
          <>
            {t('stations.total', { count: total })}
            {items.length < total &&
              ` ${t('stations.shown', { shown: formatNumber(items.length), total: formatNumber(total) })}`}
          </>
        }
        toolbar={
          <ExportLinks
            csv={exportUrls.stations(election.id, 'csv')}
            xlsx={exportUrls.stations(election.id, 'xlsx')}
            labels={{ csv: t('stations.exportCsv'), xlsx: t('stations.exportXlsx') }}
          />
        }
        paging={
          <MorePaging
            query={stations}
            more={t('stations.loadMore')}
            loadingMore={t('stations.loadingMore')}
            end={t('stations.end')}
          />
        }
      >
        <DataTable
          className="table table-cards table-stations"
          columns={columns}
          rows={items}
          rowKey={(station) => station.id}
          rowProps={(station) => ({ 'data-station-number': station.number })}
        />
      </ListView>

      {editing && (
        <StationDialog
          election={election}
          station={editing.station}
          areas={areaItems}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice(
              created
                ? t('stations.form.created', { number: saved.number })
                : t('stations.form.saved', { number: saved.number }),
            );
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('stations.deleteTitle', { number: deleting.number })}
          confirm={t('stations.deleteConfirm')}
          confirming={t('stations.deleting')}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            remove.mutate(deleting.id, {
              onSuccess: () => {
                setNotice(t('stations.deleted', { number: deleting.number }));
                setDeleting(null);
              },
            })
          }
        >
          <p>{t('stations.deleteBody')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
