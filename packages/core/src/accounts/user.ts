import type { Role } from '../access/roles.ts';
import type { AuditAction, AuditEntityType } from '../audit/audit-actions.ts';
import type { Locale } from '../i18n/locales.ts';

export type UserStatus = 'active' | 'disabled';

/** An account: staff (email + password) or observer (invite code). */
export interface User {
  id: string;
  role: Role;
  email: string | null;
  displayName: string;
  locale: Locale;
  status: UserStatus;
  createdAt: Date;
  updatedAt: Date;
  /** The area a staff account works in: a regional coordinator sees applicants of its subtree only. */
  areaId?: string | null;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorRole: Role | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: 'ok' | 'refused';
  details: unknown;
}

export interface NewAuditEntry {
  actorId: string | null;
  action: AuditAction;
  entityType?: AuditEntityType | null;
  entityId?: string | null;
  outcome?: 'ok' | 'refused';
  /** Field names and codes, never personal data in clear (see the audit section of the README). */
  details?: Record<string, unknown>;
}
