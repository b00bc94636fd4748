import type { Overview } from '@pollwatch/core';
import { apiRequest } from '../../api/api-client.ts';

export const overviewApi = {
  overview: (electionId: string) =>
    apiRequest<Overview>('GET', `/api/v1/elections/${encodeURIComponent(electionId)}/overview`),
};
