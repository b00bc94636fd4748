import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AlertsQuerySchema, AlertsSchema, ErrorResponseSchema, IdParamsSchema } from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { AlertsService } from '../operations/alerts.service.ts';

/** Alerts of an election in the actor's area, computed when asked. */
export const alertsRoutes: FastifyPluginAsyncTypebox<{ alerts: AlertsService }> = async (app, { alerts }) => {
  app.get(
    '/api/v1/elections/:id/alerts',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Missing opening checklists, turnout and protocols, open critical incidents and silent phones, with counts',
        params: IdParamsSchema,
        querystring: AlertsQuerySchema,
        response: { 200: AlertsSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => alerts.alerts(requireActor(request.actor), request.params.id, request.query.limit),
  );
};
