/** Query keys of the campaign dashboard. */
export const overviewKeys = {
  all: ['overview'] as const,
  one: (electionId: string) => ['overview', electionId] as const,
};
