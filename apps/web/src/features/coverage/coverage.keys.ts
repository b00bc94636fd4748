import type { CoverageQuery } from '@pollwatch/core';

/** Query keys of coverage per shift, area and filter. */
export const coverageKeys = {
  all: ['coverage'] as const,
  view: (electionId: string, query: CoverageQuery) => ['coverage', electionId, query] as const,
};
