import type { QueueQuery } from '@pollwatch/core';

/** Query keys of the verification queue: `all` is refreshed after every claim and decision. */
export const queueKeys = {
  all: ['verification'] as const,
  list: (electionId: string, query: Omit<QueueQuery, 'after'>) => ['verification', 'queue', electionId, query] as const,
  report: (reportId: string) => ['verification', 'report', reportId] as const,
};
