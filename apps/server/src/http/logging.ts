import type { FastifyServerOptions } from 'fastify';

/**
 * Logs carry no personal data: no bodies (Fastify never logs them), no cookies or auth headers, and
 * database errors lose their `detail` (PostgreSQL puts the offending values there).
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        // Query strings may carry search terms (names, phones): keep the path only.
        url: req.url.split('?')[0],
        id: req.id,
      }),
      err: (err: Error & { code?: unknown }) => ({
        type: err.name,
        message: err.message,
        code: err.code,
        stack: err.stack ?? '',
      }),
    },
  };
}
