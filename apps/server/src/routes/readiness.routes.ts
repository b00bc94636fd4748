import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateReadinessVisitBodySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  ReadinessQuerySchema,
  ReadinessViewSchema,
  ReadinessVisitSchema,
  ReadinessVisitsListSchema,
  ReadinessVisitsQuerySchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { requireActor } from '../http/request-context.ts';
import type { ReadinessService } from '../operations/readiness.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

/** Readiness monitoring by area, and the readiness visits the HQ plans. */
export const readinessRoutes: FastifyPluginAsyncTypebox<{ readiness: ReadinessService }> = async (
  app,
  { readiness },
) => {
  app.get(
    '/api/v1/elections/:id/readiness',
    {
      schema: {
        tags: ['operations'],
        summary: 'Stations visited and not, findings per checklist item, by area; problems first',
        params: IdParamsSchema,
        querystring: ReadinessQuerySchema,
        response: { 200: ReadinessViewSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => readiness.view(requireActor(request.actor), request.params.id, request.query),
  );

  app.get(
    '/api/v1/elections/:id/readiness/visits',
    {
      schema: {
        tags: ['operations'],
        summary: 'Planned readiness visits with their status (planned, done, overdue) and progress',
        params: IdParamsSchema,
        querystring: ReadinessVisitsQuerySchema,
        response: { 200: ReadinessVisitsListSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => readiness.listVisits(requireActor(request.actor), request.params.id, request.query),
  );

  app.post(
    '/api/v1/elections/:id/readiness/visits',
    {
      schema: {
        tags: ['operations'],
        summary: 'Plan a readiness visit: an observer at a station on a day of the monitoring period',
        params: IdParamsSchema,
        body: CreateReadinessVisitBodySchema,
        response: { 201: Type.Object({ visit: ReadinessVisitSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const visit = await readiness.createVisit(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send({ visit });
    },
  );

  app.delete(
    '/api/v1/readiness/visits/:id',
    { schema: { tags: ['operations'], params: IdParamsSchema, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await readiness.deleteVisit(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
