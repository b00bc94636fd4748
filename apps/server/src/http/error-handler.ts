import { DomainError, type ErrorBody, type ErrorCode } from '@pollwatch/core';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** The one place that turns error codes into HTTP statuses. */
export const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  method_not_allowed: 405,
  unauthenticated: 401,
  forbidden: 403,
  csrf_rejected: 403,
  rate_limited: 429,
  conflict: 409,
  last_admin: 409,
  setup_done: 410,
  invalid_credentials: 401,
  invite_invalid: 401,
  account_disabled: 403,
  password_too_weak: 400,
  email_taken: 409,
  role_not_allowed: 403,
  not_ready: 503,
  file_too_large: 413,
  file_unreadable: 422,
  encoding_mismatch: 422,
  import_columns_missing: 422,
  import_rejected: 422,
  station_number_taken: 409,
  area_not_empty: 409,
  area_cycle: 422,
  form_invalid: 422,
  form_version_locked: 409,
  xlsform_empty: 422,
  report_invalid: 422,
  report_conflict: 409,
  election_closed: 409,
  photo_invalid: 422,
  photo_mismatch: 422,
  phone_invalid: 422,
  phone_not_kz_mobile: 422,
  iin_invalid: 422,
  iin_birth_date_mismatch: 422,
  birth_date_invalid: 422,
  under_age: 422,
  name_invalid: 422,
  consent_required: 422,
  choice_unknown: 422,
  join_token_invalid: 400,
  join_too_fast: 400,
  status_transition_invalid: 409,
  reason_required: 422,
  applicant_not_eligible: 409,
  letter_details_missing: 409,
  outside_area: 422,
  observer_has_session: 409,
  report_claimed: 409,
  report_changed: 409,
  assignment_conflicts: 409,
  assignment_warnings: 409,
  lesson_changed: 409,
  course_folder_invalid: 422,
  course_locked: 409,
  already_signed_up: 409,
  question_answered: 409,
  class_started: 409,
  resolution_frozen: 409,
  resolution_not_approved: 409,
  resolution_changed: 409,
  internal: 500,
};

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(statusByCode[code]).type('application/json; charset=utf-8').send(body);
}

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** One problem per field, as a JSON pointer the UI can put next to the input. */
function validationDetail(v: AjvLikeError, part: string | undefined) {
  const missing = typeof v.params.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
  const extra = typeof v.params.additionalProperty === 'string' ? `/${v.params.additionalProperty}` : '';
  return { in: part ?? 'body', path: `${v.instancePath}${missing}${extra}`, keyword: v.keyword };
}

/** Maps Fastify's own error codes (parsing, limits) to ours. */
function fromFastify(error: FastifyError): { code: ErrorCode; message: string; details?: unknown } | undefined {
  if (error.validation) {
    return {
      code: 'validation_failed',
      message: 'the request does not match the schema',
      details: error.validation.map((v) => validationDetail(v, error.validationContext)),
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'malformed_json', message: 'the body is not valid JSON' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: 'the body is larger than allowed' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'unsupported_media_type', message: 'send JSON with Content-Type: application/json' };
  }
  if (error instanceof SyntaxError) return { code: 'malformed_json', message: 'the body is not valid JSON' };
  // Other client errors raised by plugins (e.g. a path outside the web root when sending a file).
  const byStatus: Partial<Record<number, ErrorCode>> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
  };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { code: byStatus[status] ?? 'validation_failed', message: 'request refused' };
  return undefined;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (error.code === 'rate_limited' && retry) reply.header('Retry-After', String(retry));
      return sendError(reply, error.code, error.message, error.details);
    }
    const mapped = fromFastify(error);
    if (mapped) return sendError(reply, mapped.code, mapped.message, mapped.details);
    // Anything else is our fault: log it (without request data) and say nothing specific.
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 'internal', 'internal error');
  });
}
