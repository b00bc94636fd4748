import type { RemarksQuery } from '@pollwatch/core';

/** Query keys of the remarks register: `all` is refreshed after every write. */
export const remarksKeys = {
  all: ['remarks'] as const,
  list: (electionId: string, query: RemarksQuery) => ['remarks', 'list', electionId, query] as const,
  detail: (id: string) => ['remarks', 'detail', id] as const,
  settings: () => ['remarks', 'settings'] as const,
};
