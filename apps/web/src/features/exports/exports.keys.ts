/** Query keys of the exports page: the user's recent export jobs. */
export const exportKeys = {
  all: ['exports'] as const,
  list: () => ['exports', 'list'] as const,
};
