import type { CreateExportBody } from '@pollwatch/core';
import { isActiveExport } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { exportKeys } from './exports.keys.ts';
import { exportsApi } from './exports-api.ts';

/** The user's recent exports: every second while one is queued or running, else every 30 seconds. */
export function useExports() {
  return useQuery({
    queryKey: exportKeys.list(),
    queryFn: () => exportsApi.list(),
    refetchInterval: (query) => (query.state.data?.jobs.some((j) => isActiveExport(j.status)) ? 1000 : 30_000),
  });
}

export function useStartExport(electionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateExportBody) => exportsApi.start(electionId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportKeys.all }),
  });
}

export function useCancelExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => exportsApi.cancel(jobId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: exportKeys.all }),
  });
}
