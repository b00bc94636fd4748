import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPageSchema, AuditQuerySchema, ErrorResponseSchema } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';

export const auditRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Browse the append-only audit log, newest first',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, 400: ErrorResponseSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await store.audit.list({
        actorId: q.actorId,
        action: q.action,
        entityType: q.entityType,
        entityId: q.entityId,
        outcome: q.outcome,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        before: q.before,
        limit: q.limit ?? 50,
      });
      return {
        items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
