import type {
  DecideBody,
  FollowUpsDto,
  QueueEntryDto,
  QueuePageDto,
  QueueQuery,
  ReportVerificationDto,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the verification queue's routes of /api/v1. */
export const queueApi = {
  page: (electionId: string, query: QueueQuery) =>
    apiRequest<QueuePageDto>('GET', withQuery(`/api/v1/elections/${id(electionId)}/verification-queue`, { ...query })),
  verification: (reportId: string) =>
    apiRequest<ReportVerificationDto>('GET', `/api/v1/reports/${id(reportId)}/verification`),
  claim: (reportId: string, expectedRevision?: number) =>
    apiRequest<QueueEntryDto>('POST', `/api/v1/reports/${id(reportId)}/claim`, {
      ...(expectedRevision !== undefined && { expectedRevision }),
    }),
  release: (reportId: string) => apiRequest<QueueEntryDto>('POST', `/api/v1/reports/${id(reportId)}/release`),
  decide: (reportId: string, body: DecideBody) =>
    apiRequest<QueueEntryDto>('POST', `/api/v1/reports/${id(reportId)}/verification`, body),
  /** The observer's follow-up requests (the field app caches them with its pack). */
  followUps: () => apiRequest<FollowUpsDto>('GET', '/api/v1/me/follow-ups'),
};
