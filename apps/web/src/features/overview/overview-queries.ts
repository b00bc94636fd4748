import { useQuery } from '@tanstack/react-query';
import { overviewKeys } from './overview.keys.ts';
import { overviewApi } from './overview-api.ts';

/** The dashboard refreshes every half minute: reports and visits arrive all day. */
export function useOverview(electionId: string) {
  return useQuery({
    queryKey: overviewKeys.one(electionId),
    queryFn: () => overviewApi.overview(electionId),
    refetchInterval: 30_000,
  });
}
