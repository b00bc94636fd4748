import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateImportQuerySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  ImportOptionsBodySchema,
  ImportPreviewSchema,
  ImportReportSchema,
} from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { ImportsService } from '../imports/imports.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

export const importsRoutes: FastifyPluginAsyncTypebox<{ imports: ImportsService }> = async (app, { imports }) => {
  // The upload is the raw file (any content type but JSON), streamed to disk: never held in memory.
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload a CSV or XLSX file (raw body, at most 200 MB); returns what was detected and a suggested mapping',
        querystring: CreateImportQuerySchema,
        response: { 201: ImportPreviewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const preview = await imports.upload(requireActor(request.actor), request.query, request.body as Readable);
      return reply.status(201).send(preview);
    },
  );

  app.post(
    '/api/v1/imports/:id/dry-run',
    {
      config: { readOnly: true },
      schema: {
        tags: ['imports'],
        summary: 'What the import would add, change and reject, with line numbers; writes nothing',
        params: IdParamsSchema,
        body: ImportOptionsBodySchema,
        response: { 200: ImportReportSchema, ...errors },
      },
    },
    async (request) => imports.dryRun(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/api/v1/imports/:id/apply',
    {
      schema: {
        tags: ['imports'],
        summary: 'Apply the import in one transaction; refused (nothing written) if any row is rejected',
        params: IdParamsSchema,
        body: ImportOptionsBodySchema,
        response: { 200: ImportReportSchema, ...errors },
      },
    },
    async (request) => imports.apply(requireActor(request.actor), request.params.id, request.body),
  );
};
