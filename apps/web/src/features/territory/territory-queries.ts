import type {
  AreaDto,
  CreateAreaBody,
  CreateElectionBody,
  CreateStationBody,
  ElectionDto,
  UpdateAreaBody,
  UpdateElectionBody,
  UpdateStationBody,
} from '@pollwatch/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { territoryApi } from './territory-api.ts';

export const STATIONS_PAGE_SIZE = 50;

export const territoryKeys = {
  elections: ['elections'] as const,
  areas: (electionId: string | null) => ['areas', electionId] as const,
  allAreas: ['areas'] as const,
  stations: (electionId: string, q: string, areaId: string) => ['stations', electionId, { q, areaId }] as const,
  allStations: ['stations'] as const,
};

export function useElections() {
  return useQuery({ queryKey: territoryKeys.elections, queryFn: territoryApi.elections, staleTime: 30_000 });
}

/**
 * The election every screen works with: the one marked current. `election` is null while there is
 * none (no election yet, or none chosen); `elections` says which.
 */
export function useCurrentElection() {
  const query = useElections();
  const items = query.data?.items ?? [];
  const election: ElectionDto | null = items.find((e) => e.isCurrent) ?? null;
  return { ...query, election, elections: items };
}

/** `enabled: false` until a screen really needs the tree (e.g. only for some roles in a dialog). */
export function useAreas(electionId: string | null, enabled = true) {
  return useQuery({
    queryKey: territoryKeys.areas(electionId),
    queryFn: () => territoryApi.areas(electionId ?? undefined),
    staleTime: 30_000,
    enabled,
  });
}

export function useStations(electionId: string, q: string, areaId: string) {
  return useInfiniteQuery({
    queryKey: territoryKeys.stations(electionId, q, areaId),
    queryFn: ({ pageParam }) =>
      territoryApi.stations(electionId, {
        limit: STATIONS_PAGE_SIZE,
        ...(q && { q }),
        ...(areaId && { areaId }),
        ...(pageParam !== null && { after: pageParam }),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** After any change to elections, areas or stations: every list that counts them is stale. */
function useInvalidateTerritory() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: territoryKeys.elections }),
      queryClient.invalidateQueries({ queryKey: territoryKeys.allAreas }),
      queryClient.invalidateQueries({ queryKey: territoryKeys.allStations }),
    ]);
}

export function useSaveElection() {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (vars: { id: string; body: UpdateElectionBody } | { id: null; body: CreateElectionBody }) =>
      vars.id === null ? territoryApi.createElection(vars.body) : territoryApi.updateElection(vars.id, vars.body),
    onSuccess: () => invalidate(),
  });
}

export function useMakeCurrent() {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (election: ElectionDto) => territoryApi.makeCurrent(election.id),
    onSuccess: invalidate,
  });
}

export function useSaveArea() {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (vars: { id: string; body: UpdateAreaBody } | { id: null; body: CreateAreaBody }) =>
      vars.id === null ? territoryApi.createArea(vars.body) : territoryApi.updateArea(vars.id, vars.body),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteArea() {
  const invalidate = useInvalidateTerritory();
  return useMutation({ mutationFn: (area: AreaDto) => territoryApi.deleteArea(area.id), onSuccess: invalidate });
}

export function useSaveStation(electionId: string) {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (vars: { id: string; body: UpdateStationBody } | { id: null; body: CreateStationBody }) =>
      vars.id === null
        ? territoryApi.createStation(electionId, vars.body)
        : territoryApi.updateStation(vars.id, vars.body),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteStation() {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (stationId: string) => territoryApi.deleteStation(stationId),
    onSuccess: invalidate,
  });
}

export { useInvalidateTerritory };
