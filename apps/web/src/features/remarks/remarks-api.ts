import type {
  BulkRemarksBody,
  CreateRemarkBody,
  RemarkAnswerBody,
  RemarkDetailDto,
  RemarkDto,
  RemarkSettings,
  RemarksListDto,
  RemarksQuery,
  RemarkTransitionBody,
  UpdateRemarkBody,
} from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the remarks register's routes of /api/v1. */
export const remarksApi = {
  list: (electionId: string, query: RemarksQuery) =>
    apiRequest<RemarksListDto>(
      'GET',
      withQuery(`/api/v1/elections/${id(electionId)}/remarks`, {
        ...query,
        overdue: query.overdue ? 'true' : undefined,
      }),
    ),
  get: (remarkId: string) => apiRequest<RemarkDetailDto>('GET', `/api/v1/remarks/${id(remarkId)}`),
  create: (electionId: string, body: CreateRemarkBody) =>
    apiRequest<{ remark: RemarkDto }>('POST', `/api/v1/elections/${id(electionId)}/remarks`, body),
  bulk: (electionId: string, body: BulkRemarksBody) =>
    apiRequest<{ remarks: number; stations: number; batchId: string | null }>(
      'POST',
      `/api/v1/elections/${id(electionId)}/remarks/bulk`,
      body,
    ),
  update: (remarkId: string, body: UpdateRemarkBody) =>
    apiRequest<{ remark: RemarkDto }>('PATCH', `/api/v1/remarks/${id(remarkId)}`, body),
  remove: (remarkId: string) => apiRequest<void>('DELETE', `/api/v1/remarks/${id(remarkId)}`),
  transition: (remarkId: string, body: RemarkTransitionBody) =>
    apiRequest<{ remark: RemarkDto }>('POST', `/api/v1/remarks/${id(remarkId)}/status`, body),
  answer: (remarkId: string, body: RemarkAnswerBody) =>
    apiRequest<{ remark: RemarkDto }>('PUT', `/api/v1/remarks/${id(remarkId)}/answer`, body),
  settings: () => apiRequest<RemarkSettings>('GET', '/api/v1/remark-settings'),
  saveSettings: (body: RemarkSettings) => apiRequest<RemarkSettings>('PUT', '/api/v1/remark-settings', body),
};

/** Links the browser downloads itself (the session cookie goes with them). */
export const remarksUrls = {
  letter: (remarkId: string, format: 'pdf' | 'docx', locale: 'ru' | 'kk') =>
    withQuery(`/api/v1/remarks/${id(remarkId)}/letter`, { format, locale }),
};
