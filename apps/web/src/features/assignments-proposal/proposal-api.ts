import type { ConfirmProposalBody, ConfirmProposalResult, ProposalBody, ProposalDto } from '@pollwatch/core';
import { apiRequest } from '../../api/api-client.ts';

const base = (electionId: string) => `/api/v1/elections/${encodeURIComponent(electionId)}/assignment-proposals`;

/** Typed calls of the automatic assignment proposal routes of /api/v1. */
export const proposalApi = {
  /** Nothing is written: the proposal exists only on the coordinator's screen until confirmed. */
  propose: (electionId: string, body: ProposalBody) => apiRequest<ProposalDto>('POST', base(electionId), body),
  confirm: (electionId: string, body: ConfirmProposalBody) =>
    apiRequest<ConfirmProposalResult>('POST', `${base(electionId)}/confirm`, body),
};
