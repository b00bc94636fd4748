import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-limits.ts';

/**
 * NIST SP 800-63B: length over composition rules. The email and the name must not be the password.
 * Returns null when acceptable, otherwise the reason.
 */
export function passwordProblem(
  password: string,
  context: { email?: string | null; displayName?: string } = {},
): 'too_short' | 'too_long' | 'same_as_identity' | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lowered = password.trim().toLowerCase();
  const identities = [context.email, context.email?.split('@')[0], context.displayName]
    .filter((s): s is string => Boolean(s))
    .map((s) => s.trim().toLowerCase());
  if (identities.includes(lowered)) return 'same_as_identity';
  return null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
