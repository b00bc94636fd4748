import type { AuditPage, AuditQuery } from '@pollwatch/core';
import { apiRequest, withQuery } from '../../api/api-client.ts';

/** Typed calls of the audit log route of /api/v1. */
export const auditApi = {
  list: (query: AuditQuery) => apiRequest<AuditPage>('GET', withQuery('/api/v1/audit', { ...query })),
};
