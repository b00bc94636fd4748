import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from './StatusViews.tsx';

interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface ListViewProps {
  /** The list's query: loading and a failed load (with "retry") are shown from it. */
  query: ListQuery;
  /** How many rows there are to show. */
  count: number;
  /**
   * Nothing here at all: shown alone, without the toolbar (a text becomes the muted "empty" line,
   * an `EmptyState` is shown as it is). Without it, an empty list shows the toolbar and `noMatch`.
   */
  empty?: ReactNode;
  /** Rows exist, but none matches the filters: shown under the toolbar instead of the table. */
  noMatch?: ReactNode;
  /** A filter is set, so an empty list is "no match", not "nothing here". */
  filtered?: boolean;
  /** The count line above the table, announced when a filter changes it. */
  caption?: ReactNode;
  /** Extra attributes of the count line (a test id). */
  captionProps?: Record<`data-${string}`, string>;
  /** Buttons beside the count line (exports). */
  toolbar?: ReactNode;
  /** The table (usually a `DataTable`) or the list. */
  children: ReactNode;
  /** Paging under the table: `MorePaging` for a keyset "more" button. */
  paging?: ReactNode;
}

/**
 * The body of a list page, under its header and filters: loading, a failed load, "nothing here",
 * or the count with its toolbar, the table (or "nothing matches") and its paging. Every list page
 * has these states; this is their one shape.
 */
export function ListView({
  query,
  count,
  empty,
  noMatch,
  filtered = false,
  caption,
  captionProps,
  toolbar,
  children,
  paging,
}: ListViewProps) {
  if (query.isPending) return <Loading />;
  // A failed "more" keeps the rows already shown; its error shows in the paging.
  if (query.isError && count === 0) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (count === 0 && !filtered && empty !== undefined) {
    return typeof empty === 'string' ? <p className="table-empty">{empty}</p> : empty;
  }
  const captionLine = caption && (
    <p className="table-caption" aria-live="polite" {...captionProps}>
      {caption}
    </p>
  );
  return (
    <>
      {toolbar ? (
        <div className="table-toolbar">
          {captionLine}
          <div className="table-toolbar-buttons">{toolbar}</div>
        </div>
      ) : (
        captionLine
      )}
      {count === 0 ? <p className="table-empty">{noMatch ?? empty}</p> : children}
      {count > 0 && paging}
    </>
  );
}

interface PagedQuery {
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

interface MorePagingProps {
  /** An infinite query over a keyset-paged list. */
  query: PagedQuery;
  /** The button's text, and its text while the next page loads (default "Loading…"). */
  more: string;
  loadingMore?: string;
  /** Said under the last page; without it, nothing is. */
  end?: ReactNode;
}

/** "More" under a keyset-paged list, its failure with "retry", and the end of the list. */
export function MorePaging({ query, more, loadingMore, end }: MorePagingProps) {
  const { t } = useTranslation();
  if (!query.hasNextPage && !end && !query.isFetchNextPageError) return null;
  return (
    <div className="load-more">
      {query.isFetchNextPageError && <LoadError error={query.error} onRetry={() => void query.fetchNextPage()} />}
      {query.hasNextPage ? (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {query.isFetchingNextPage ? (loadingMore ?? t('common.loading')) : more}
        </button>
      ) : (
        end && <p className="muted">{end}</p>
      )}
    </div>
  );
}
