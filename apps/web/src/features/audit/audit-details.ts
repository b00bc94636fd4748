/**
 * Audit entries carry free-form `details`. The server writes a few known shapes; this turns them
 * into parts the page can translate, and keeps whatever it does not know as compact JSON, so that
 * nothing recorded is ever hidden.
 */

/** Why a sign-in or an invite code was refused (see the server's auth service). */
export const auditReasons = ['wrong_password', 'unknown_account', 'malformed', 'unknown_used_or_expired'] as const;
export type AuditReason = (typeof auditReasons)[number];

export function isAuditReason(value: unknown): value is AuditReason {
  return typeof value === 'string' && (auditReasons as readonly string[]).includes(value);
}

export type AuditDetailPart =
  /** Names of the changed fields (`user.updated`). */
  | { kind: 'fields'; fields: string[] }
  | { kind: 'role'; role: string }
  | { kind: 'reason'; reason: string }
  /** `METHOD /path` of the request (`access.refused`, `request.write`). */
  | { kind: 'route'; route: string }
  /** The permission the route needs and the actor lacked (`access.refused`). */
  | { kind: 'permission'; permission: string }
  /** HTTP status of a write (`request.write`). */
  | { kind: 'status'; status: number }
  /** The account holder changed their own account. */
  | { kind: 'self' }
  /** How the change was made, e.g. `cli` for the server's command line. */
  | { kind: 'via'; via: string }
  /** Whether a failed sign-in came from a browser that signed in before (device cookie). */
  | { kind: 'device'; known: boolean }
  /** Anything else, as compact JSON. */
  | { kind: 'json'; json: string };

const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Known keys in display order, each with the part it makes of a value of the expected type. */
const known: ReadonlyArray<[string, (value: unknown) => AuditDetailPart | null]> = [
  ['fields', (v) => (Array.isArray(v) && v.every(isString) ? { kind: 'fields', fields: v } : null)],
  ['role', (v) => (isString(v) ? { kind: 'role', role: v } : null)],
  ['reason', (v) => (isString(v) ? { kind: 'reason', reason: v } : null)],
  ['route', (v) => (isString(v) ? { kind: 'route', route: v } : null)],
  ['permission', (v) => (isString(v) ? { kind: 'permission', permission: v } : null)],
  ['status', (v) => (Number.isInteger(v) ? { kind: 'status', status: v as number } : null)],
  ['self', (v) => (v === true ? { kind: 'self' } : null)],
  ['via', (v) => (isString(v) ? { kind: 'via', via: v } : null)],
  ['knownDevice', (v) => (typeof v === 'boolean' ? { kind: 'device', known: v } : null)],
];

/** The parts to show for an entry's details; an empty list when there is nothing to show. */
export function describeAuditDetails(details: unknown): AuditDetailPart[] {
  if (details === null || details === undefined) return [];
  if (typeof details !== 'object' || Array.isArray(details)) return [{ kind: 'json', json: JSON.stringify(details) }];

  const rest: Record<string, unknown> = { ...(details as Record<string, unknown>) };
  const parts: AuditDetailPart[] = [];
  for (const [key, toPart] of known) {
    if (!(key in rest)) continue;
    const part = toPart(rest[key]);
    if (part) {
      parts.push(part);
      delete rest[key];
    }
  }
  if (Object.keys(rest).length > 0) parts.push({ kind: 'json', json: JSON.stringify(rest) });
  return parts;
}
