import { DomainError } from '@pollwatch/core';

/** Domain rule violations reported in the same shape as schema errors, so the UI shows them by field. */
export function validationFailed(message: string, problems: { field: string; code: string }[]): DomainError {
  return new DomainError(
    'validation_failed',
    message,
    problems.map((p) => ({ in: 'body', path: `/${p.field.replace(/\./g, '/')}`, keyword: p.code })),
  );
}
