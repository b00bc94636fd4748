import type { DecideBody, QueueQuery } from '@pollwatch/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { reportsKeys } from '../reports/reports.keys.ts';
import { resultsKeys } from '../results/results.keys.ts';
import { queueKeys } from './queue.keys.ts';
import { queueApi } from './queue-api.ts';

export const QUEUE_PAGE_SIZE = 50;

/** The queue under a filter, newest change first, page by page; refreshed every 30 s (claims expire). */
export function useQueue(electionId: string, query: Omit<QueueQuery, 'after' | 'limit'>) {
  return useInfiniteQuery({
    queryKey: queueKeys.list(electionId, query),
    queryFn: ({ pageParam }) =>
      queueApi.page(electionId, { ...query, limit: QUEUE_PAGE_SIZE, ...(pageParam !== null && { after: pageParam }) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 30_000,
  });
}

/** A report's place in the queue (null when it was never queued). */
export function useVerification(reportId: string) {
  return useQuery({
    queryKey: queueKeys.report(reportId),
    queryFn: () => queueApi.verification(reportId),
    refetchInterval: 30_000,
  });
}

function useRefreshQueue() {
  const queryClient = useQueryClient();
  return (reportId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queueKeys.all }),
      queryClient.invalidateQueries({ queryKey: reportsKeys.detail(reportId) }),
    ]);
}

export function useClaim() {
  const refresh = useRefreshQueue();
  return useMutation({
    mutationFn: (vars: { reportId: string; expectedRevision?: number }) =>
      queueApi.claim(vars.reportId, vars.expectedRevision),
    onSettled: (_data, _error, vars) => refresh(vars.reportId),
  });
}

export function useRelease() {
  const refresh = useRefreshQueue();
  return useMutation({
    mutationFn: (reportId: string) => queueApi.release(reportId),
    onSettled: (_data, _error, reportId) => refresh(reportId),
  });
}

export function useDecide() {
  const refresh = useRefreshQueue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (vars: { reportId: string; body: DecideBody }) => queueApi.decide(vars.reportId, vars.body),
    onSuccess: () => {
      // A rejected protocol copy leaves the quick count and the comparison.
      void queryClient.invalidateQueries({ queryKey: resultsKeys.all });
    },
    onSettled: (_data, _error, vars) => refresh(vars.reportId),
  });
}
