export type { TurnoutComparison } from '@pollwatch/core';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { resultsKeys } from './results.keys.ts';
import { type QuickCountSampleBody, type RowsPage, resultsApi } from './results-api.ts';

/** The analysis takes a few seconds on a whole country: keep it a while, never refetch on focus. */
export function useResultsAnalysis(electionId: string, leader?: string) {
  return useQuery({
    queryKey: resultsKeys.analysis(electionId, leader),
    queryFn: () => resultsApi.analysis(electionId, leader),
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
  });
}

export function useAreaTotals(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.areaTotals(electionId),
    queryFn: () => resultsApi.areaTotals(electionId),
    staleTime: 60_000,
  });
}

export function useTurnoutComparison(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.turnout(electionId),
    queryFn: () => resultsApi.turnout(electionId),
    staleTime: 30_000,
  });
}

export function useOfficialRows(electionId: string, page: RowsPage, limit: number) {
  return useQuery({
    queryKey: resultsKeys.officialRows(electionId, page),
    queryFn: () => resultsApi.officialRows(electionId, page, limit),
    placeholderData: keepPreviousData,
  });
}

/** The NDI sample size for a margin, as the HQ types it (null margin: nothing asked). */
export function useSampleSize(electionId: string, marginPoints: number | null, confidence: 95 | 99) {
  return useQuery({
    queryKey: resultsKeys.sampleSize(electionId, marginPoints ?? 0, confidence),
    queryFn: () => resultsApi.sampleSize(electionId, marginPoints ?? 1, confidence),
    enabled: marginPoints !== null,
    staleTime: 60_000,
  });
}

export function useComparison(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.comparison(electionId),
    queryFn: () => resultsApi.comparison(electionId),
    staleTime: 60_000,
  });
}

/** The estimate grows as sampled protocol copies arrive: refreshed every half minute. */
export function useQuickCount(electionId: string) {
  return useQuery({
    queryKey: resultsKeys.quickCount(electionId),
    queryFn: () => resultsApi.quickCount(electionId),
    refetchInterval: 30_000,
  });
}

export function useDrawSample(electionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: QuickCountSampleBody) => resultsApi.drawSample(electionId, body),
    onSuccess: (state) => client.setQueryData(resultsKeys.quickCount(electionId), state),
  });
}

/** After an official results import: the analysis and comparison are out of date. */
export function useInvalidateResults() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: resultsKeys.all });
}
