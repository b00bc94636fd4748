import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CoverageQuerySchema, CoverageViewSchema, ErrorResponseSchema, IdParamsSchema } from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { CoverageService } from '../operations/coverage.service.ts';

/** Coverage per area and shift. */
export const coverageRoutes: FastifyPluginAsyncTypebox<{ coverage: CoverageService }> = async (app, { coverage }) => {
  app.get(
    '/api/v1/elections/:id/coverage',
    {
      schema: {
        tags: ['operations'],
        summary: "Stations with an observer for the shift and stations that sent each phase's report, by area",
        params: IdParamsSchema,
        querystring: CoverageQuerySchema,
        response: { 200: CoverageViewSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => coverage.view(requireActor(request.actor), request.params.id, request.query),
  );
};
