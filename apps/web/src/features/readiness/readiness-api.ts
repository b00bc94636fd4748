import type { CreateReadinessVisitBody, ReadinessQuery, ReadinessView, ReadinessVisit } from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

export interface VisitProgress {
  planned: number;
  done: number;
  overdue: number;
}

/** Typed calls of the readiness routes of /api/v1. */
export const readinessApi = {
  view: (electionId: string, query: ReadinessQuery) =>
    apiRequest<ReadinessView>('GET', withQuery(`/api/v1/elections/${id(electionId)}/readiness`, { ...query })),
  visits: (electionId: string) =>
    apiRequest<{ items: ReadinessVisit[]; progress: VisitProgress }>(
      'GET',
      `/api/v1/elections/${id(electionId)}/readiness/visits`,
    ),
  createVisit: (electionId: string, body: CreateReadinessVisitBody) =>
    apiRequest<{ visit: ReadinessVisit }>('POST', `/api/v1/elections/${id(electionId)}/readiness/visits`, body),
  deleteVisit: (visitId: string) => apiRequest<void>('DELETE', `/api/v1/readiness/visits/${id(visitId)}`),
};
