/**
 * Every error the API can return carries one of these codes. The UI translates the code; the
 * server's `message` is a plain English hint for developers and logs, never UI text.
 */
export const errorCodes = [
  'validation_failed',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'not_found',
  'method_not_allowed',
  'unauthenticated',
  'forbidden',
  'csrf_rejected',
  'rate_limited',
  'conflict',
  'last_admin',
  'setup_done',
  'invalid_credentials',
  'invite_invalid',
  'account_disabled',
  'password_too_weak',
  'email_taken',
  'role_not_allowed',
  'not_ready',
  'file_too_large',
  'file_unreadable',
  'encoding_mismatch',
  'import_columns_missing',
  'import_rejected',
  'station_number_taken',
  'area_not_empty',
  'area_cycle',
  'form_invalid',
  'form_version_locked',
  'xlsform_empty',
  'report_invalid',
  'report_conflict',
  'election_closed',
  'photo_invalid',
  'photo_mismatch',
  'phone_invalid',
  'phone_not_kz_mobile',
  'iin_invalid',
  'iin_birth_date_mismatch',
  'birth_date_invalid',
  'under_age',
  'name_invalid',
  'consent_required',
  'choice_unknown',
  'join_token_invalid',
  'join_too_fast',
  'status_transition_invalid',
  'reason_required',
  'applicant_not_eligible',
  'letter_details_missing',
  'outside_area',
  'observer_has_session',
  'report_claimed',
  'report_changed',
  'assignment_conflicts',
  'assignment_warnings',
  'lesson_changed',
  'course_folder_invalid',
  'course_locked',
  'already_signed_up',
  'question_answered',
  'class_started',
  'resolution_frozen',
  'resolution_changed',
  'resolution_not_approved',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: unknown;
  };
}

/** Thrown by domain and storage code; the HTTP edge maps `code` to a status. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
