import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema, OverviewSchema } from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { OverviewService } from '../operations/overview.service.ts';

/** The campaign dashboard of an election, in the actor's area. */
export const overviewRoutes: FastifyPluginAsyncTypebox<{ overview: OverviewService }> = async (app, { overview }) => {
  app.get(
    '/api/v1/elections/:id/overview',
    {
      schema: {
        tags: ['operations'],
        summary: 'Campaign dashboard: recruitment, observers ready, readiness, coverage, reports today',
        params: IdParamsSchema,
        response: { 200: OverviewSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => overview.overview(requireActor(request.actor), request.params.id),
  );
};
