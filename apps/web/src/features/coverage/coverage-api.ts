import type { CoverageQuery, CoverageView } from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

export const coverageApi = {
  view: (electionId: string, query: CoverageQuery) =>
    apiRequest<CoverageView>(
      'GET',
      withQuery(`/api/v1/elections/${encodeURIComponent(electionId)}/coverage`, { ...query }),
    ),
};
