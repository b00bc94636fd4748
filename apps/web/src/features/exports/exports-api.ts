import type { CreateExportBody, ExportJob, ExportJobsList } from '@pollwatch/core';
import { apiRequest } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the export routes of /api/v1. */
export const exportsApi = {
  list: () => apiRequest<ExportJobsList>('GET', '/api/v1/exports'),
  start: (electionId: string, body: CreateExportBody) =>
    apiRequest<{ job: ExportJob }>('POST', `/api/v1/elections/${id(electionId)}/exports`, body),
  cancel: (jobId: string) => apiRequest<{ job: ExportJob }>('POST', `/api/v1/exports/${id(jobId)}/cancel`),
  /** A plain link: the browser downloads the file itself (a streamed response, never held in memory). */
  fileUrl: (jobId: string) => `/api/v1/exports/${id(jobId)}/file`,
};
