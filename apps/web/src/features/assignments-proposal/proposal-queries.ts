import type { ConfirmProposalBody, ProposalBody } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { reportsKeys } from '../reports/reports.keys.ts';
import { proposalKeys } from './proposal.keys.ts';
import { proposalApi } from './proposal-api.ts';

export function usePropose(electionId: string) {
  return useMutation({
    mutationKey: proposalKeys.propose(electionId),
    mutationFn: (body: ProposalBody) => proposalApi.propose(electionId, body),
  });
}

/** Confirmed rows are assignments: the assignments list and the live screen (coverage, alerts) refresh. */
export function useConfirmProposal(electionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: proposalKeys.confirm(electionId),
    mutationFn: (body: ConfirmProposalBody) => proposalApi.confirm(electionId, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: reportsKeys.allAssignments }),
        queryClient.invalidateQueries({ queryKey: reportsKeys.live(electionId) }),
      ]),
  });
}
