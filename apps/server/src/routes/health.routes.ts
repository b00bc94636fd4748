import { HealthSchema } from '@pollwatch/core';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../http/error-handler.ts';

/** Whether the database answers and how many migrations are still to run (the store's `readiness`). */
export type Readiness = () => Promise<{ ok: boolean; pending: readonly unknown[] }>;

export async function healthRoutes(app: FastifyInstance, opts: { readiness: Readiness }): Promise<void> {
  // Probes run every few seconds: their requests are not worth a log line each.

  /** Liveness: the process answers. */
  app.get('/healthz', { logLevel: 'warn', schema: { hide: true, response: { 200: HealthSchema } } }, async () => ({
    status: 'ok',
  }));

  /** Readiness: the database answers and the schema is current. */
  app.get('/readyz', { logLevel: 'warn', schema: { hide: true } }, async (request, reply) => {
    try {
      const { ok, pending } = await opts.readiness();
      if (!ok) return sendError(reply, 'not_ready', 'migrations pending', { pending: pending.length });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return sendError(reply, 'not_ready', 'database unavailable');
    }
  });
}
