import type { ReadinessQuery } from '@pollwatch/core';

/** Query keys of readiness monitoring: the view per area and filter, and the planned visits. */
export const readinessKeys = {
  all: ['readiness'] as const,
  view: (electionId: string, query: ReadinessQuery) => ['readiness', electionId, 'view', query] as const,
  visits: (electionId: string) => ['readiness', electionId, 'visits'] as const,
};
