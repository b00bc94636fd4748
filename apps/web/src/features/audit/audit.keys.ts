import type { AuditQuery } from '@pollwatch/core';

/** Query keys of the audit log. */
export const auditKeys = {
  all: ['audit'] as const,
  list: (query: Omit<AuditQuery, 'before'>) => ['audit', 'list', query] as const,
};
