import { PASSWORD_MIN_LENGTH } from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-client.ts';
import type { NewPasswordProblems } from '../session/new-password.ts';

/** One translated sentence for any failure: the API's code, a lost connection or a surprise. */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('problems.unexpected');
  if (error.code === 'rate_limited' && error.retryAfter !== null) {
    return t('problems.retryIn', { count: Math.max(1, Math.ceil(error.retryAfter / 60)) });
  }
  if (error.code === 'network') return t('problems.network');
  if (error.code === 'unexpected') return t('problems.unexpected');
  return t(`errors.${error.code}`);
}

export type FieldErrors = Partial<Record<string, string>>;

interface ValidationDetail {
  path?: unknown;
  instancePath?: unknown;
  keyword?: unknown;
  params?: unknown;
}

function fieldOf(detail: ValidationDetail): string | null {
  const path =
    typeof detail.path === 'string' ? detail.path : typeof detail.instancePath === 'string' ? detail.instancePath : '';
  const field = path.replace(/^\//, '').split('/')[0];
  if (field) return field;
  const missing = (detail.params as { missingProperty?: unknown } | undefined)?.missingProperty;
  return typeof missing === 'string' ? missing : null;
}

function keywordMessage(t: TFunction, field: string, keyword: unknown): string {
  switch (keyword) {
    case 'required':
      return t('validation.required');
    case 'format':
      return field === 'email' ? t('validation.email') : t('validation.format');
    case 'minLength':
      return t('validation.minLength');
    case 'maxLength':
      return t('validation.maxLength');
    case 'pattern':
      return field === 'displayName' ? t('validation.required') : t('validation.format');
    default:
      return t('validation.invalid');
  }
}

/** Messages to show next to fields, from `validation_failed` details and `password_too_weak`. */
export function fieldErrorsOf(t: TFunction, error: unknown, passwordField = 'password'): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FieldErrors = {};
  if (error.code === 'validation_failed' && Array.isArray(error.details)) {
    for (const detail of error.details as ValidationDetail[]) {
      const field = fieldOf(detail);
      if (field && !out[field]) out[field] = keywordMessage(t, field, detail.keyword);
    }
  }
  if (error.code === 'password_too_weak') {
    out[passwordField] = passwordProblemMessage(t, (error.details as { reason?: unknown } | undefined)?.reason);
  }
  return out;
}

export function passwordProblemMessage(t: TFunction, reason: unknown): string {
  switch (reason) {
    case 'too_long':
      return t('password.tooLong');
    case 'same_as_identity':
      return t('password.sameAsIdentity');
    default:
      return t('password.tooShort', { count: PASSWORD_MIN_LENGTH });
  }
}

/** Messages for the new-password fields, keyed like the problems (`password`, `repeat`). */
export function newPasswordMessages(
  t: TFunction,
  problems: NewPasswordProblems,
): { password?: string; repeat?: string } {
  const out: { password?: string; repeat?: string } = {};
  if (problems.password === 'same_as_current') out.password = t('account.password.sameAsCurrent');
  else if (problems.password) out.password = passwordProblemMessage(t, problems.password);
  if (problems.repeat === 'required') out.repeat = t('validation.required');
  if (problems.repeat === 'mismatch') out.repeat = t('validation.passwordMismatch');
  return out;
}

/** Problems the browser can spot before asking the server. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
