import type { ReactNode } from 'react';
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
  /** How many rows there are to show; none shows `empty`. */
  count: number;
  empty: ReactNode;
  /** The count line above the table, announced when a filter changes it. */
  caption?: ReactNode;
  /** The table (usually a `DataTable`). */
  children: ReactNode;
  /** Paging under the table ("more", "older entries"). */
  paging?: ReactNode;
}

/**
 * The body of a list page, under its header and filters: loading, a failed load, "nothing here",
 * or the count, the table and its paging. Every list page has these states; this is their one shape.
 */
export function ListView({ query, count, empty, caption, children, paging }: ListViewProps) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (count === 0) return <p className="table-empty">{empty}</p>;
  return (
    <>
      {caption && (
        <p className="table-caption" aria-live="polite">
          {caption}
        </p>
      )}
      {children}
      {paging}
    </>
  );
}
