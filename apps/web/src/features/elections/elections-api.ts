import type { CreateElectionBody, ElectionDto, ElectionsList, UpdateElectionBody } from '@pollwatch/core';
import { apiRequest } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the elections routes of /api/v1. */
export const electionsApi = {
  list: () => apiRequest<ElectionsList>('GET', '/api/v1/elections'),
  get: (electionId: string) => apiRequest<{ election: ElectionDto }>('GET', `/api/v1/elections/${id(electionId)}`),
  create: (body: CreateElectionBody) => apiRequest<{ election: ElectionDto }>('POST', '/api/v1/elections', body),
  update: (electionId: string, body: UpdateElectionBody) =>
    apiRequest<{ election: ElectionDto }>('PATCH', `/api/v1/elections/${id(electionId)}`, body),
  /** Makes the election the one every screen works with; no body. */
  makeCurrent: (electionId: string) =>
    apiRequest<{ election: ElectionDto }>('POST', `/api/v1/elections/${id(electionId)}/current`),
};
