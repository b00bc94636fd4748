import type {
  AssignmentDto,
  AssignmentShift,
  CopyComparisonRowDto,
  CreateAssignmentBody,
  ReportDetail,
  ReportFlag,
  ReportStats,
  ReportSummary,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** One station where observers sent different protocol copies, and the HQ's choice if made. */
export interface ConflictDto {
  stationId: string;
  stationNumber: number;
  formKind: string;
  reports: ReportSummary[];
  chosenReportId: string | null;
  /** The copies' answers line by line, values in `reports` order. */
  comparison: CopyComparisonRowDto[];
  /** The photos of `comparison` whose upload has finished. */
  receivedPhotos: string[];
}

/**
 * What `GET /elections/:id/events` sends as `event: report.accepted`. The server declares it in its
 * own module, not in core's API schemas, so the web app repeats its shape here.
 */
export interface ReportAcceptedEvent {
  type: 'report.accepted';
  electionId: string;
  reportId: string;
  revision: number;
  stationId: string;
  formKind: string;
  flags: ReportFlag[];
  at: string;
}

export interface ReportsQuery {
  stationId?: string | undefined;
  flagged?: boolean | undefined;
  limit?: number | undefined;
}

/** Typed calls of the assignment, report and conflict routes of /api/v1. */
export const reportsApi = {
  assignments: (electionId: string, query: { stationId?: string; observerId?: string } = {}) =>
    apiRequest<{ items: AssignmentDto[] }>(
      'GET',
      withQuery(`/api/v1/elections/${id(electionId)}/assignments`, { ...query }),
    ),
  createAssignment: (electionId: string, body: CreateAssignmentBody) =>
    apiRequest<{ assignment: AssignmentDto }>('POST', `/api/v1/elections/${id(electionId)}/assignments`, body),
  deleteAssignment: (assignmentId: string) => apiRequest<void>('DELETE', `/api/v1/assignments/${id(assignmentId)}`),

  reports: (electionId: string, query: ReportsQuery) =>
    apiRequest<{ items: ReportSummary[] }>(
      'GET',
      withQuery(`/api/v1/elections/${id(electionId)}/reports`, {
        stationId: query.stationId,
        // Only `flagged=true` narrows the list; without it every report comes.
        flagged: query.flagged ? 'true' : undefined,
        limit: query.limit,
      }),
    ),
  detail: (reportId: string) => apiRequest<ReportDetail>('GET', `/api/v1/reports/${id(reportId)}`),
  stats: (electionId: string) => apiRequest<ReportStats>('GET', `/api/v1/elections/${id(electionId)}/report-stats`),
  conflicts: (electionId: string) =>
    apiRequest<{ items: ConflictDto[] }>('GET', `/api/v1/elections/${id(electionId)}/conflicts`),
  /** The HQ's choice of a station's record among conflicting copies; audited by the server. */
  chooseRecord: (stationId: string, kind: string, reportId: string) =>
    apiRequest<void>('POST', `/api/v1/stations/${id(stationId)}/records/${id(kind)}`, { reportId }),
};

/** Plain URLs for what the browser fetches by itself: the event stream and photos. */
export const reportsUrls = {
  events: (electionId: string) => `/api/v1/elections/${id(electionId)}/events`,
  photo: (sha256: string) => `/api/v1/photos/${id(sha256)}/content`,
};

export type { AssignmentShift };
