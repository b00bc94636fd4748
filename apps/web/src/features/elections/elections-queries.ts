import type { CreateElectionBody, ElectionDto, UpdateElectionBody } from '@pollwatch/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useInvalidateTerritory } from '../territory/territory-queries.ts';
import { electionKeys } from './elections.keys.ts';
import { electionsApi } from './elections-api.ts';

export function useElections() {
  return useQuery({ queryKey: electionKeys.list(), queryFn: electionsApi.list, staleTime: 30_000 });
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

export function useSaveElection() {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (vars: { id: string; body: UpdateElectionBody } | { id: null; body: CreateElectionBody }) =>
      vars.id === null ? electionsApi.create(vars.body) : electionsApi.update(vars.id, vars.body),
    onSuccess: () => invalidate(),
  });
}

export function useMakeCurrent() {
  const invalidate = useInvalidateTerritory();
  return useMutation({
    mutationFn: (election: ElectionDto) => electionsApi.makeCurrent(election.id),
    onSuccess: invalidate,
  });
}
