import type { CoverageQuery } from '@pollwatch/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { coverageKeys } from './coverage.keys.ts';
import { coverageApi } from './coverage-api.ts';

/** Reports keep arriving on voting day: the view refreshes every half minute. */
export function useCoverage(electionId: string, query: CoverageQuery) {
  return useQuery({
    queryKey: coverageKeys.view(electionId, query),
    queryFn: () => coverageApi.view(electionId, query),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}
