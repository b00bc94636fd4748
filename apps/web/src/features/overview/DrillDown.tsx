import { can, type ElectionDto, type LocalizedText, localized } from '@pollwatch/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { AreaPath, Share } from './OperationsViews.tsx';

/**
 * The scaffolding the drill-down screens (readiness, coverage) share: the page for the current
 * election, its URL state, the counts, the areas one level down (each a link into it) and the
 * stations with problems first, each linked to its latest report. A screen brings its own
 * columns, counts and texts.
 */

/** A drill-down screen of the current election, for those who may read assignments. */
export function DrillDownPage({
  title,
  children,
}: {
  title: string;
  children: (election: ElectionDto, canManage: boolean) => ReactNode;
}) {
  const me = useStaffUser();
  useDocumentTitle(title);
  if (!can(me.role, 'assignments.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={title}>
      {(election) => children(election, can(me.role, 'assignments.manage'))}
    </CurrentElectionScreen>
  );
}

/** The page's header, the demo banner, and the view once loaded (or its loading and error states). */
export function DrillDownBoard<T>({
  election,
  title,
  intro,
  toolbar,
  query,
  children,
}: {
  election: ElectionDto;
  title: string;
  intro: string;
  toolbar?: ReactNode;
  query: { isPending: boolean; isError: boolean; error: unknown; data?: T | undefined; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      <header className="page-header">
        <PageHeading>{title}</PageHeading>
        <p className="muted">{intro}</p>
      </header>
      <DemoBanner election={election} />
      {toolbar && <div className="op-toolbar">{toolbar}</div>}
      {query.isPending ? (
        <Loading />
      ) : query.isError || query.data === undefined ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        children(query.data)
      )}
    </>
  );
}

/** The area and the choices kept in the URL; a choice equal to its default is left out. */
export function useDrillDownParams() {
  const [params, setParams] = useSearchParams();
  return {
    areaId: params.get('area') ?? undefined,
    /** The parameter if it is one of `values`, else `fallback`. */
    choice<T extends string>(key: string, values: readonly T[], fallback: T): T {
      const value = params.get(key) ?? '';
      return (values as readonly string[]).includes(value) ? (value as T) : fallback;
    },
    set(key: string, value: string, fallback: string) {
      const next = new URLSearchParams(params);
      if (value === fallback) next.delete(key);
      else next.set(key, value);
      setParams(next);
    },
  };
}

export interface CountItem {
  id: string;
  label: string;
  /** A number, shown with its share of `of` when given; or a text of its own. */
  value: number | string;
  of?: number;
}

/** The counts of the area shown, as one line of figures. */
export function Counts({ id, title, items }: { id: string; title: string; items: readonly CountItem[] }) {
  const formatNumber = useNumberFormat();
  return (
    <section className="op-section" aria-labelledby={id}>
      <h2 id={id} className="visually-hidden">
        {title}
      </h2>
      <dl className="counts">
        {items.map((c) => (
          <div className="count" data-count={c.id} key={c.id}>
            <dt>{c.label}</dt>
            <dd>
              {typeof c.value === 'number' ? formatNumber(c.value) : c.value}
              {c.of !== undefined && typeof c.value === 'number' && (
                <>
                  {' '}
                  <small className="muted">
                    <Share part={c.value} whole={c.of} />
                  </small>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The areas one level down, each name a link into it; nothing when the area has none. */
export function AreasSection<A extends { id: string; name: LocalizedText }>({
  id,
  title,
  areas,
  linkTo,
  columns,
}: {
  id: string;
  title: string;
  areas: readonly A[];
  linkTo: (areaId: string) => string;
  columns: Column<A>[];
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (areas.length === 0) return null;
  const name: Column<A> = {
    id: 'name',
    header: t('operations.area'),
    rowHeader: true,
    label: false,
    className: 'cell-primary',
    cell: (a) => <Link to={linkTo(a.id)}>{localized(a.name, locale)}</Link>,
  };
  return (
    <section className="op-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <DataTable
        className="table table-cards op-areas"
        caption={title}
        rows={areas}
        rowKey={(a) => a.id}
        rowProps={(a) => ({ 'data-area': a.id })}
        columns={[name, ...columns]}
      />
    </section>
  );
}

export interface DrillDownStation {
  id: string;
  number: number;
  address: string;
  areaName: LocalizedText | null;
  latestReportId: string | null;
}

/**
 * The stations of the area (the server lists those that need attention first): number and address
 * first, the screen's own columns, then a link to the latest report.
 */
export function StationsSection<S extends DrillDownStation>({
  id,
  title,
  toolbar,
  stations,
  empty,
  columns,
  reportLabel,
  rowProps,
}: {
  id: string;
  title: string;
  toolbar?: ReactNode;
  stations: { items: S[]; total: number };
  empty: { icon: string; title: string; body: string };
  columns: Column<S>[];
  reportLabel: { header: string; link: (number: number) => string };
  rowProps: (station: S) => Record<`data-${string}`, string | number>;
}) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const locale = currentLocale();
  const all: Column<S>[] = [
    {
      id: 'number',
      header: t('operations.number'),
      rowHeader: true,
      label: false,
      className: 'cell-primary cell-number',
      cell: (s) => `№ ${s.number}`,
    },
    {
      id: 'address',
      header: t('operations.address'),
      className: 'cell-address',
      cell: (s) => (
        <span>
          {s.address}
          {s.areaName && <span className="cell-sub">{localized(s.areaName, locale)}</span>}
        </span>
      ),
    },
    ...columns,
    {
      id: 'report',
      header: reportLabel.header,
      cell: (s) =>
        s.latestReportId ? (
          <Link to={`/hq/reports/${encodeURIComponent(s.latestReportId)}`}>{reportLabel.link(s.number)}</Link>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <section className="op-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {toolbar && <div className="op-toolbar">{toolbar}</div>}
      {stations.items.length === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title}>
          <p>{empty.body}</p>
        </EmptyState>
      ) : (
        <>
          <p className="table-caption" aria-live="polite">
            {stations.total > stations.items.length
              ? t('operations.shownOf', {
                  shown: formatNumber(stations.items.length),
                  total: formatNumber(stations.total),
                })
              : t('operations.stationsCount', { n: formatNumber(stations.total) })}
          </p>
          <DataTable
            className="table table-cards op-stations"
            caption={title}
            rows={stations.items}
            rowKey={(s) => s.id}
            rowProps={rowProps}
            columns={all}
          />
        </>
      )}
    </section>
  );
}

export { AreaPath };
