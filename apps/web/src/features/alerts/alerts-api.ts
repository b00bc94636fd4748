import type { AlertsDto } from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

/** Typed calls of the alerts route of /api/v1. */
export const alertsApi = {
  list: (electionId: string, limit?: number) =>
    apiRequest<AlertsDto>('GET', withQuery(`/api/v1/elections/${encodeURIComponent(electionId)}/alerts`, { limit })),
};
