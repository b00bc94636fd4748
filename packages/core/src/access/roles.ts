/** Roles from ../shared/design.md. A user has exactly one. */
export const roles = [
  'admin',
  'coordinator',
  'regional_coordinator',
  'trainer',
  'analyst',
  'editor',
  'observer',
] as const;

export type Role = (typeof roles)[number];

/** Staff sign in with email and password; observers with a one-time invite code. */
export const staffRoles = roles.filter((r) => r !== 'observer') as Exclude<Role, 'observer'>[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function isStaffRole(role: Role): boolean {
  return role !== 'observer';
}
