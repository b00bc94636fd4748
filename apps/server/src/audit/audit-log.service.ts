import type { AuditEntry, AuditQuery } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

/** The append-only audit log, read newest first (admins only, by the route-access table). */
export class AuditLogService {
  constructor(private readonly store: Store) {}

  list(q: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
    return this.store.audit.list({
      actorId: q.actorId,
      action: q.action,
      entityType: q.entityType,
      entityId: q.entityId,
      outcome: q.outcome,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      before: q.before,
      limit: q.limit ?? 50,
    });
  }
}
