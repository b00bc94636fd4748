import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignmentSchema,
  AssignmentsListSchema,
  AssignmentsQuerySchema,
  CreateAssignmentBodySchema,
  ErrorResponseSchema,
  ExportQuerySchema,
  IdParamsSchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';
import type { AssignmentsService } from '../reports/assignments.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

const iso = <T extends { createdAt: Date }>(a: T): Omit<T, 'createdAt'> & { createdAt: string } => ({
  ...a,
  createdAt: a.createdAt.toISOString(),
});

/** Who watches which station in which shift; the file import itself goes through the import wizard. */
export const assignmentsRoutes: FastifyPluginAsyncTypebox<{ assignments: AssignmentsService }> = async (
  app,
  { assignments },
) => {
  app.get(
    '/api/v1/elections/:id/assignments',
    {
      schema: {
        tags: ['assignments'],
        params: IdParamsSchema,
        querystring: AssignmentsQuerySchema,
        response: { 200: AssignmentsListSchema },
      },
    },
    async (request) => ({
      items: (await assignments.list(requireActor(request.actor), request.params.id, request.query)).map(iso),
    }),
  );

  app.post(
    '/api/v1/elections/:id/assignments',
    {
      schema: {
        tags: ['assignments'],
        summary: 'Send an observer to a station for a shift',
        params: IdParamsSchema,
        body: CreateAssignmentBodySchema,
        response: { 201: Type.Object({ assignment: AssignmentSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const created = await assignments.create(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send({ assignment: iso(created as NonNullable<typeof created>) });
    },
  );

  app.delete(
    '/api/v1/assignments/:id',
    { schema: { tags: ['assignments'], params: IdParamsSchema, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await assignments.delete(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/elections/:id/assignments/export',
    {
      schema: {
        tags: ['assignments'],
        summary:
          'Assignments of your area as CSV or XLSX in the import columns (region, number, observer, name, shift); audited',
        params: IdParamsSchema,
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const stream = await assignments.export(requireActor(request.actor), request.params.id, format);
      return sendDownload(reply, { name: 'assignments', format }, stream);
    },
  );
};
