import { type ErrorCode, isErrorCode } from '@pollwatch/core';

/** Either a code from the API's error body or a failure that never got a proper answer. */
export type ProblemCode = ErrorCode | 'network' | 'unexpected';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly details: unknown;
  /** Seconds from a 429's Retry-After header, when present. */
  readonly retryAfter: number | null;

  constructor(status: number, code: ProblemCode, details: unknown = undefined, retryAfter: number | null = null) {
    super(`API ${status} ${code}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

/** The server's answer for a record that does not exist or lies outside the user's scope: the screen shows "not found". */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code === 'not_found');
}

export type QueryValue = string | number | undefined | null;

export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/**
 * Same-origin JSON request with the session cookie. A body, when given, is sent as JSON; without
 * a body no Content-Type is sent at all. Non-2xx answers throw ApiError with the API's code.
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return send<T>(path, init);
}

/**
 * Same-origin POST of a file as it is (no JSON, no form encoding): the server reads the raw bytes.
 * The same cookie and the same error handling as `apiRequest`.
 */
export function apiUpload<T>(path: string, file: Blob): Promise<T> {
  return send<T>(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
    body: file,
  });
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network');
  }

  const text = response.status === 204 ? '' : await response.text().catch(() => '');
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = (data as { error?: { code?: unknown; details?: unknown } } | undefined)?.error;
    const code = isErrorCode(error?.code) ? error.code : 'unexpected';
    const detailRetry = (error?.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    const retryAfter =
      parseRetryAfter(response.headers.get('Retry-After')) ?? (typeof detailRetry === 'number' ? detailRetry : null);
    throw new ApiError(response.status, code, error?.details, retryAfter);
  }
  return data as T;
}
