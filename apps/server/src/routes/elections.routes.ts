import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateElectionBodySchema,
  ElectionResponseSchema,
  ElectionsListSchema,
  ErrorResponseSchema,
  IdParamsSchema,
  UpdateElectionBodySchema,
} from '@pollwatch/core';
import type { ElectionsService } from '../elections/elections.service.ts';
import { requireActor } from '../http/request-context.ts';
import { toElectionDto } from '../territory/territory-dto.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema };

export const electionsRoutes: FastifyPluginAsyncTypebox<{ elections: ElectionsService }> = async (
  app,
  { elections },
) => {
  app.get(
    '/api/v1/elections',
    {
      schema: { tags: ['elections'], summary: 'List elections, newest first', response: { 200: ElectionsListSchema } },
    },
    async () => ({ items: (await elections.list()).map(toElectionDto) }),
  );

  app.post(
    '/api/v1/elections',
    {
      schema: {
        tags: ['elections'],
        summary: 'Create an election (defaults: 07:00–20:00, CEC checkpoints, monitoring from 10 days before)',
        body: CreateElectionBodySchema,
        response: { 201: ElectionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await elections.create(requireActor(request.actor), request.body);
      return reply.status(201).send({ election: toElectionDto(await elections.get(created.id)) });
    },
  );

  app.get(
    '/api/v1/elections/:id',
    { schema: { tags: ['elections'], params: IdParamsSchema, response: { 200: ElectionResponseSchema, ...errors } } },
    async (request) => ({ election: toElectionDto(await elections.get(request.params.id)) }),
  );

  app.patch(
    '/api/v1/elections/:id',
    {
      schema: {
        tags: ['elections'],
        params: IdParamsSchema,
        body: UpdateElectionBodySchema,
        response: { 200: ElectionResponseSchema, ...errors },
      },
    },
    async (request) => ({
      election: toElectionDto(await elections.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.post(
    '/api/v1/elections/:id/current',
    {
      schema: {
        tags: ['elections'],
        summary: 'Make this the election the console works in',
        params: IdParamsSchema,
        response: { 200: ElectionResponseSchema, ...errors },
      },
    },
    async (request) => {
      await elections.makeCurrent(requireActor(request.actor), request.params.id);
      return { election: toElectionDto(await elections.get(request.params.id)) };
    },
  );
};
