/** Query keys of the reference notes (the observers' reference material), per election. */
export const referenceKeys = {
  all: ['reference-notes'] as const,
  list: (electionId: string) => ['reference-notes', 'list', electionId] as const,
};
