import type { AuditQuery } from '@pollwatch/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { auditKeys } from './audit.keys.ts';
import { auditApi } from './audit-api.ts';

/** The audit log under a filter, newest first, page by page ("older entries" loads the next). */
export function useAuditLog(query: Omit<AuditQuery, 'before'>) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ pageParam }) => auditApi.list({ ...query, ...(pageParam !== null && { before: pageParam }) }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
