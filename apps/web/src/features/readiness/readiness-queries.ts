import type { CreateReadinessVisitBody, ReadinessQuery } from '@pollwatch/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { overviewKeys } from '../overview/overview.keys.ts';
import { readinessKeys } from './readiness.keys.ts';
import { readinessApi } from './readiness-api.ts';

export function useReadiness(electionId: string, query: ReadinessQuery) {
  return useQuery({
    queryKey: readinessKeys.view(electionId, query),
    queryFn: () => readinessApi.view(electionId, query),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useReadinessVisits(electionId: string) {
  return useQuery({ queryKey: readinessKeys.visits(electionId), queryFn: () => readinessApi.visits(electionId) });
}

/** A plan changes the view's next visits, the progress and the dashboard. */
function useRefreshAfterPlan() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: readinessKeys.all }),
      queryClient.invalidateQueries({ queryKey: overviewKeys.all }),
    ]);
}

export function useCreateVisit(electionId: string) {
  const refresh = useRefreshAfterPlan();
  return useMutation({
    mutationFn: (body: CreateReadinessVisitBody) => readinessApi.createVisit(electionId, body),
    onSuccess: refresh,
  });
}

export function useDeleteVisit() {
  const refresh = useRefreshAfterPlan();
  return useMutation({ mutationFn: (visitId: string) => readinessApi.deleteVisit(visitId), onSuccess: refresh });
}
