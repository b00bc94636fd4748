import type { TFunction } from 'i18next';
import type { JoinFieldProblem } from './join-form.ts';

/** A field's problem in the person's language: core's join codes, `required`, `email`, `not_found`. */
export function joinProblemText(t: TFunction, problem: JoinFieldProblem | string | undefined): string | undefined {
  if (!problem) return undefined;
  switch (problem) {
    case 'required':
      return t('validation.required');
    case 'email':
    case 'format':
      return t('validation.email');
    case 'not_found':
      return t('join.areaNotFound');
    case 'name_invalid':
    case 'phone_invalid':
    case 'phone_not_kz_mobile':
    case 'iin_invalid':
    case 'iin_birth_date_mismatch':
    case 'birth_date_invalid':
    case 'under_age':
    case 'consent_required':
      return t(`errors.${problem}`);
    default:
      return t('validation.invalid');
  }
}
