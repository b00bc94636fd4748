/** Query keys of the elections: `all` is stale after any change to an election, an area or a station (counts). */
export const electionKeys = {
  all: ['elections'] as const,
  list: () => ['elections', 'list'] as const,
};
