/** Mutation keys of the assignment proposal (nothing of it is cached: it lives on the screen). */
export const proposalKeys = {
  propose: (electionId: string) => ['assignment-proposal', electionId, 'propose'] as const,
  confirm: (electionId: string) => ['assignment-proposal', electionId, 'confirm'] as const,
};
