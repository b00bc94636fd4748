import { type AuditEntityType, DomainError } from '@pollwatch/core';

/**
 * A record that exists but lies outside the actor's area. It answers exactly like a missing one
 * (404 `not_found`, so ids cannot be probed); the error handler records the attempt in the audit
 * log as `access.out_of_scope`, the one home of that rule.
 */
export class OutOfScopeError extends DomainError {
  constructor(
    readonly entityType: AuditEntityType,
    readonly entityId: string,
  ) {
    super('not_found', `no such ${entityType}`);
  }
}
