import type { AreaDto, CreateAreaBody, CreateStationBody, UpdateAreaBody, UpdateStationBody } from '@pollwatch/core';
import { localized } from '@pollwatch/core';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { electionKeys } from '../elections/elections.keys.ts';
import { areaKeys, stationKeys } from './territory.keys.ts';
import { territoryApi } from './territory-api.ts';

export const STATIONS_PAGE_SIZE = 50;

/** `enabled: false` until a screen really needs the tree (e.g. only for some roles in a dialog). */
export function useAreas(electionId: string | null, enabled = true) {
  return useQuery({
    queryKey: areaKeys.list(electionId),
    queryFn: () => territoryApi.areas(electionId ?? undefined),
    staleTime: 30_000,
    enabled,
  });
}

export function useStations(electionId: string, q: string, areaId: string) {
  return useInfiniteQuery({
    queryKey: stationKeys.list(electionId, { q, areaId }),
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
export function useInvalidateTerritory() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: electionKeys.all }),
      queryClient.invalidateQueries({ queryKey: areaKeys.all }),
      queryClient.invalidateQueries({ queryKey: stationKeys.all }),
    ]);
}

/** How many stations the election has (one station is the smallest page that says so). */
export function useStationTotal(electionId: string) {
  return useQuery({
    queryKey: stationKeys.total(electionId),
    queryFn: () => territoryApi.stations(electionId, { limit: 1 }),
    staleTime: 30_000,
  });
}

/** The first `limit` stations matching a search, for a picker. */
export function useStationPicker(electionId: string, q: string, limit: number) {
  return useQuery({
    queryKey: stationKeys.picker(electionId, q),
    queryFn: () => territoryApi.stations(electionId, { limit, ...(q && { q }) }),
    placeholderData: keepPreviousData,
  });
}

/** One station; a station's number never changes, so it is read once. */
export function useStation(stationId: string) {
  return useQuery({
    queryKey: stationKeys.one(stationId),
    queryFn: () => territoryApi.station(stationId),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface StationRef {
  number: number;
  regionId: string;
}

/**
 * Station id → number and region for the whole election, read page by page: the quick-count sample
 * and the comparison name stations by id, and a number alone is ambiguous (each region numbers its
 * own stations).
 */
export function useStationIndex(electionId: string, enabled = true) {
  return useQuery({
    queryKey: stationKeys.index(electionId),
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const index = new Map<string, StationRef>();
      let after: string | null = null;
      do {
        const page = await territoryApi.stations(electionId, { limit: 500, ...(after !== null && { after }) });
        for (const s of page.items) index.set(s.id, { number: s.number, regionId: s.regionId });
        after = page.nextCursor;
      } while (after !== null);
      return index;
    },
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

/** Area id → its name in the UI language (the id while the areas load). */
export function useAreaNames(electionId: string): (areaId: string) => string {
  const areas = useAreas(electionId);
  const locale = currentLocale();
  return useMemo(() => {
    const names = new Map((areas.data?.items ?? []).map((a) => [a.id, localized(a.name, locale)]));
    return (areaId: string) => names.get(areaId) ?? '';
  }, [areas.data, locale]);
}
