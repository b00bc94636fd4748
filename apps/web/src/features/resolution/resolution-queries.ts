import type { ResolutionKind, ResolutionTexts } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { resolutionKeys } from './resolution.keys.ts';
import { type DocumentLocale, resolutionApi } from './resolution-api.ts';

export function useResolutions(electionId: string) {
  return useQuery({ queryKey: resolutionKeys.list(electionId), queryFn: () => resolutionApi.list(electionId) });
}

export function useResolution(resolutionId: string | null, locale: DocumentLocale) {
  return useQuery({
    queryKey: resolutionKeys.detail(resolutionId ?? '', locale),
    queryFn: () => resolutionApi.get(resolutionId as string, locale),
    enabled: resolutionId !== null,
  });
}

export function useResolutionDiff(resolutionId: string, against: string | null) {
  return useQuery({
    queryKey: resolutionKeys.diff(resolutionId, against ?? ''),
    queryFn: () => resolutionApi.diff(resolutionId, against as string),
    enabled: against !== null,
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: resolutionKeys.all });
}

export function useCreateResolution(electionId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (kind: ResolutionKind) => resolutionApi.create(electionId, kind),
    onSuccess: refresh,
  });
}

export function useSaveTexts(resolutionId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (v: { texts: ResolutionTexts; expectedUpdatedAt: string }) =>
      resolutionApi.saveTexts(resolutionId, v.texts, v.expectedUpdatedAt),
    onSuccess: refresh,
  });
}

export function useApproveResolution(resolutionId: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: () => resolutionApi.approve(resolutionId), onSuccess: refresh });
}
