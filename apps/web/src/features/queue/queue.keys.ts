import type { QueueQuery } from '@pollwatch/core';

/** Query keys of the verification queue: `all` is refreshed after every claim and decision. */
export const queueKeys = {
  all: ['verification'] as const,
  /** Every page and filter of one election's queue. */
  election: (electionId: string) => ['verification', 'queue', electionId] as const,
  list: (electionId: string, query: Omit<QueueQuery, 'after'>) => ['verification', 'queue', electionId, query] as const,
  report: (reportId: string) => ['verification', 'report', reportId] as const,
};
